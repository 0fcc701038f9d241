"""Who may open and post to the organizer pages for proposed cities and a delegation's quota
and coordinator: the access matrix of issue #3, continued (test_access.py has the others)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations.models import Delegation, Registration
from tests.factories import UserFactory
from tests.registrations import test_access
from tests.registrations.conftest import Register

Status = Registration.Status
PERSONAS = test_access.PERSONAS
LOGIN = "login"  # 302 to the login page, coming back here
CITIES = "cities"  # 302 to the event's proposed cities page
DELEGATION = "delegation"  # 302 to the Copenhagen delegation page


def row(view: str, method: str, *outcomes: int | str) -> list[tuple[str, str, str, int | str]]:
    return [
        (view, persona, method, outcome)
        for persona, outcome in zip(PERSONAS, outcomes, strict=True)
    ]


MATRIX = [
    # view, method: anonymous, delegate (Copenhagen's coordinator), another delegate (Copenhagen,
    # not coordinator), another city's coordinator (Malmö), organizer
    *row("proposed_cities", "get", LOGIN, 403, 403, 403, 200),
    *row("proposed_cities", "post", 405, 405, 405, 405, 405),
    *row("export_proposed_cities_xlsx", "get", LOGIN, 403, 403, 403, 200),
    *row("export_proposed_cities_xlsx", "post", 405, 405, 405, 405, 405),
    *row("confirm_city", "get", 405, 405, 405, 405, 405),
    *row("confirm_city", "post", LOGIN, 403, 403, 403, CITIES),
    # Even Copenhagen's own coordinator may not set its quota or hand over coordination.
    *row("set_delegation_quota", "get", 405, 405, 405, 405, 405),
    *row("set_delegation_quota", "post", LOGIN, 403, 403, 403, DELEGATION),
    *row("appoint_coordinator", "get", 405, 405, 405, 405, 405),
    *row("appoint_coordinator", "post", LOGIN, 403, 403, 403, DELEGATION),
]

# What a successful POST changes: (Odense confirmed, Pia's status, Copenhagen's quota override,
# Copenhagen's coordinator).
UNCHANGED = (False, Status.SUBMITTED, None, "dan.delegate@example.org")
CHANGED = {
    ("confirm_city", "organizer"): (True, Status.APPROVED, None, "dan.delegate@example.org"),
    ("set_delegation_quota", "organizer"): (False, Status.SUBMITTED, 2, "dan.delegate@example.org"),
    ("appoint_coordinator", "organizer"): (
        False,
        Status.SUBMITTED,
        None,
        "otto.outsider@example.org",
    ),
}


@pytest.fixture
def world(
    register: Register, delegate: User, outsider: User, copenhagen: City, malmo: City
) -> dict[str, Any]:
    """Dan coordinates Copenhagen, Otto is its other member, Mia coordinates Malmö; Pia has
    proposed Odense, which waits for confirmation."""
    coordinator = User.objects.create_user("mia.malmo@example.org")
    own = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    member = register(copenhagen, user=outsider, badge_name="Otto Outsider")
    register(malmo, user=coordinator, badge_name="Mia Malmö")
    pia = UserFactory.create(email="pia.proposer@example.org")
    proposal = register(None, user=pia, country="DK", proposed_city_name="Odense")
    return {
        "delegation": own.delegation,
        "member": member,
        "proposal": proposal,
        "other_delegate": outsider,
        "other_coordinator": coordinator,
    }


def url_of(view: str, world: dict[str, Any], event: Event) -> str:
    if view in ("proposed_cities", "export_proposed_cities_xlsx"):
        return reverse(f"registrations:{view}", kwargs={"slug": event.slug})
    if view == "confirm_city":
        city_pk = world["proposal"].city_id
        return reverse(f"registrations:{view}", kwargs={"slug": event.slug, "city_pk": city_pk})
    return reverse(f"registrations:{view}", args=[world["delegation"].pk])


def payload(view: str, world: dict[str, Any]) -> dict[str, Any]:
    if view == "set_delegation_quota":
        return {"quota": "2"}
    if view == "appoint_coordinator":
        return {"member": world["member"].pk}
    return {}


def state(world: dict[str, Any]) -> tuple[bool, str, int | None, str]:
    proposal = Registration.objects.select_related("city").get(pk=world["proposal"].pk)
    delegation = Delegation.objects.select_related("coordinator").get(pk=world["delegation"].pk)
    assert delegation.coordinator is not None
    return (
        proposal.city.is_confirmed,
        proposal.status,
        delegation.quota_override,
        delegation.coordinator.email,
    )


@pytest.mark.parametrize(("view", "persona", "method", "expected"), MATRIX)
def test_each_organizer_extra_view_answers_each_persona_and_method_exactly(
    client: Client,
    request: pytest.FixtureRequest,
    world: dict[str, Any],
    event: Event,
    view: str,
    persona: str,
    method: str,
    expected: int | str,
) -> None:
    if persona in ("delegate", "organizer"):
        client.force_login(request.getfixturevalue(persona))
    elif persona != "anonymous":
        client.force_login(world[persona])
    url = url_of(view, world, event)

    response = client.post(url, payload(view, world)) if method == "post" else client.get(url)

    locations = {
        LOGIN: f"{reverse('account_login')}?next={quote(url)}",
        CITIES: reverse("registrations:proposed_cities", kwargs={"slug": event.slug}),
        DELEGATION: reverse("registrations:delegation_detail", args=[world["delegation"].pk]),
    }
    if isinstance(expected, str):
        assert (response.status_code, response["Location"]) == (302, locations[expected])
    else:
        assert response.status_code == expected
    changed = CHANGED.get((view, persona), UNCHANGED) if method == "post" else UNCHANGED
    assert state(world) == changed
