"""The benchmark's "Registrations API" scenario (issue #16, item 5), set up on a tiny bench data
set: bench.phases.subjects makes a read token through api's command, and the page it measures
answers 200 with a full page of registrations, as bench/phases._check_page requires before wrk
runs. `make bench` itself is not run by the tests."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from api.authentication import find_live_token
from api.throttling import TokenThrottle
from bench import data, phases, queries
from bench.run import Options, bench_environment
from registrations.models import Registration
from tests.bench.test_bench_data import generate


def test_the_registrations_api_page_is_set_up_and_answers(db: None) -> None:
    generate()
    pages = {page.name: page for page in phases.subjects(Options()).pages}

    page = pages["Registrations API"]

    assert page.target == 0.10
    assert page.path == f"/api/v1/registrations/?event={data.SUMMIT_SLUG}"
    token = find_live_token(page.authorization.removeprefix("Bearer "))
    assert token is not None
    assert token.event is not None
    assert (token.scope, token.event.slug, token.created_by.email) == (
        "read",
        data.SUMMIT_SLUG,
        data.ORGANIZER_EMAIL,
    )
    response = Client().get(page.path, headers={"Authorization": page.authorization})
    assert response.status_code == 200
    registrations = Registration.objects.filter(event__slug=data.SUMMIT_SLUG).count()
    assert page.expect_count == min(registrations, 50) == 50
    assert response.content.count(page.expect) == page.expect_count
    cost = queries.measure(page)  # what make bench and make bench-scale count for it
    # uncached: token (1), its maker's permissions (2), count, rows; cached: the token only
    # (the maker's role and the page come from the cache)
    assert (cost.uncached_queries, cost.cached_queries) == (5, 1)


def test_the_bench_lifts_the_token_rate_limit_per_second(monkeypatch: Any) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://bench")
    monkeypatch.setenv("REDIS_URL", "redis://bench")
    rate = bench_environment(Options())["API_TOKEN_RATE"]

    assert TokenThrottle().parse_rate(rate) == (100_000, 1)


def test_the_token_command_makes_a_token_for_organizers_only(
    db: None, delegate: Any, organizer: Any
) -> None:
    raw = call_command("create_api_token", by=organizer.email, scope="write", stdout=StringIO())

    token = find_live_token(raw)
    assert token is not None
    assert (token.scope, token.event, token.created_by) == ("write", None, organizer)
    with pytest.raises(CommandError, match="not an organizer"):
        call_command("create_api_token", by=delegate.email)
    with pytest.raises(CommandError, match="no event"):
        call_command("create_api_token", by=organizer.email, event="no-such-event")
