"""bench.queries: a page's queries uncached and cached, counted on a small bench summit."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.management import call_command

from bench import phases, queries
from bench.run import Options


@pytest.fixture
def pages(db: None) -> dict[str, phases.Page]:
    call_command("bench_data", "--scale=0.01")
    return {page.name: page for page in phases.subjects(Options(clients=2)).pages}


def test_a_page_costs_its_queries_once_and_none_when_cached(pages: dict[str, phases.Page]) -> None:
    agenda = queries.measure(pages["Public agenda"], timed=2)
    signed_in = queries.measure(pages["Organizers' registrations"])

    assert agenda.uncached_queries > 0
    assert agenda.cached_queries == 0  # an anonymous cached page needs no database
    assert agenda.uncached_ms > 0
    assert agenda.cached_ms > 0
    # The organizer's page is signed in (the session, the user, the role) even when cached.
    assert signed_in.cached_queries > 0
    assert signed_in.uncached_queries > signed_in.cached_queries
    assert (signed_in.uncached_ms, signed_in.cached_ms) == (0, 0)  # not timed


def test_a_page_that_is_not_what_it_should_be_stops_the_measurement(
    pages: dict[str, phases.Page],
) -> None:
    wrong = dataclasses.replace(pages["Public agenda"], expect=b"not on the page")

    with pytest.raises(RuntimeError, match="not the page to measure"):
        queries.measure(wrong)
