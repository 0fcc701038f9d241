"""Who may open and post to each registration page: the access matrix of issue #3."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration
from tests.registrations.conftest import Register

Status = Registration.Status
LOGIN = "login"  # 302 to the login page, coming back here
MINE = "mine"  # 302 to "my registrations"
DETAIL = "detail"  # 302 to the organizers' detail page of the delegate's registration
LIST = "list"  # 302 to the organizers' registrations page
NEEDS = "needs"  # 302 back to the registration's needs page (issue #18)
PERSONAS = ["anonymous", "delegate", "other_delegate", "other_coordinator", "organizer"]


def row(view: str, method: str, *outcomes: int | str) -> list[tuple[str, str, str, int | str]]:
    return [
        (view, persona, method, outcome)
        for persona, outcome in zip(PERSONAS, outcomes, strict=True)
    ]


MATRIX = [
    # view, method: anonymous, delegate, another delegate, another city's coordinator, organizer
    *row("register", "get", LOGIN, 200, 200, 200, 200),
    # The three delegates are registered already: the page shows that refusal; the organizer is not.
    *row("register", "post", LOGIN, 200, 200, 200, MINE),
    *row("my_registrations", "get", LOGIN, 200, 200, 200, 200),
    *row("my_registrations", "post", 405, 405, 405, 405, 405),
    *row("edit_registration", "get", LOGIN, 200, 404, 404, 200),
    *row("edit_registration", "post", LOGIN, MINE, 404, 404, DETAIL),
    # Access and language needs: special-category data, the delegate's and the organizers' only.
    *row("edit_needs", "get", LOGIN, 200, 404, 404, 200),
    *row("edit_needs", "post", LOGIN, NEEDS, 404, 404, NEEDS),
    *row("cancel_registration", "get", LOGIN, 200, 404, 404, 200),
    *row("cancel_registration", "post", LOGIN, MINE, 404, 404, DETAIL),
    *row("event_registrations", "get", LOGIN, 403, 403, 403, 200),
    *row("event_registrations", "post", 405, 405, 405, 405, 405),
    *row("registration_detail", "get", LOGIN, 403, 403, 403, 200),
    *row("registration_detail", "post", 405, 405, 405, 405, 405),
    *row("export_registrations", "get", LOGIN, 403, 403, 403, 200),
    *row("export_registrations", "post", 405, 405, 405, 405, 405),
    *row("export_registrations_xlsx", "get", LOGIN, 403, 403, 403, 200),
    *row("export_registrations_xlsx", "post", 405, 405, 405, 405, 405),
    *row("export_delegations_xlsx", "get", LOGIN, 403, 403, 403, 200),
    *row("export_delegations_xlsx", "post", 405, 405, 405, 405, 405),
    *row("decide_registrations", "get", 405, 405, 405, 405, 405),
    *row("decide_registrations", "post", LOGIN, 403, 403, 403, LIST),
]

# What each successful POST (and nothing else) changes: (status, badge name) of the registration.
CHANGED = {
    ("edit_registration", "delegate"): (Status.PENDING_APPROVAL, "Dan D. Delegate"),
    ("edit_registration", "organizer"): (Status.PENDING_APPROVAL, "Dan D. Delegate"),
    ("cancel_registration", "delegate"): (Status.CANCELLED, "Dan Delegate"),
    ("cancel_registration", "organizer"): (Status.CANCELLED, "Dan Delegate"),
    ("decide_registrations", "organizer"): (Status.APPROVED, "Dan Delegate"),
}


@pytest.fixture
def world(
    register: Register,
    policy: Any,
    delegate: User,
    outsider: User,
    copenhagen: City,
    aarhus: City,
    malmo: City,
) -> dict[str, Any]:
    """The delegate and another delegate of Copenhagen, and Malmö's coordinator."""
    policy.requires_approval = True
    policy.save()
    coordinator = User.objects.create_user("mia.malmo@example.org")
    own = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    register(copenhagen, user=outsider, badge_name="Otto Outsider")
    register(malmo, user=coordinator, badge_name="Mia Malmö")
    return {
        "registration": own,
        "other_delegate": outsider,
        "other_coordinator": coordinator,
        "city": aarhus,
    }


def url_of(view: str, event: Event, registration: Registration) -> str:
    if view == "my_registrations":
        return reverse("registrations:my_registrations")
    if view in ("edit_registration", "cancel_registration", "edit_needs"):
        return reverse(f"registrations:{view}", kwargs={"pk": registration.pk})
    if view == "registration_detail":
        return reverse(f"registrations:{view}", kwargs={"slug": event.slug, "pk": registration.pk})
    return reverse(f"registrations:{view}", kwargs={"slug": event.slug})


def payload(view: str, world: dict[str, Any], registration: Registration) -> dict[str, Any]:
    details = {
        "badge_name": "Dan D. Delegate",
        "office": "councillor",
        "organization": "Copenhagen City Council",
        "visibility": "organizers",
    }
    if view == "register":
        city = world["city"]
        return {**details, "country": "DK", "city": city.pk, "privacy_accepted": "on"}
    if view == "decide_registrations":
        return {"action": "approve", "registrations": [registration.pk]}
    return details if view == "edit_registration" else {}


@pytest.mark.parametrize(("view", "persona", "method", "expected"), MATRIX)
def test_each_registration_view_answers_each_persona_and_method_exactly(
    client: Client,
    request: pytest.FixtureRequest,
    world: dict[str, Any],
    event: Event,
    view: str,
    persona: str,
    method: str,
    expected: int | str,
) -> None:
    registration: Registration = world["registration"]
    if persona in ("delegate", "organizer"):
        client.force_login(request.getfixturevalue(persona))
    elif persona != "anonymous":
        client.force_login(world[persona])
    url = url_of(view, event, registration)
    data = payload(view, world, registration) if method == "post" else None

    response = client.post(url, data) if method == "post" else client.get(url)

    locations = {
        LOGIN: f"{reverse('account_login')}?next={quote(url)}",
        MINE: reverse("registrations:my_registrations"),
        DETAIL: url_of("registration_detail", event, registration),
        LIST: url_of("event_registrations", event, registration),
        NEEDS: url_of("edit_needs", event, registration),
    }
    if isinstance(expected, str):
        assert (response.status_code, response["Location"]) == (302, locations[expected])
    else:
        assert response.status_code == expected
    registration.refresh_from_db()
    unchanged = (Status.PENDING_APPROVAL, "Dan Delegate")
    changed = CHANGED.get((view, persona), unchanged) if method == "post" else unchanged
    assert (registration.status, registration.badge_name) == changed
    organizer_registered = (view, persona, method) == ("register", "organizer", "post")
    assert Registration.objects.count() == (4 if organizer_registered else 3)


def test_the_matrix_covers_every_view_of_the_app_for_every_persona_and_method() -> None:
    from registrations.urls import urlpatterns
    from tests.registrations.test_access_delegations import MATRIX as DELEGATION_MATRIX
    from tests.registrations.test_access_organizer_extra import MATRIX as EXTRA_MATRIX

    views = {pattern.name for pattern in urlpatterns}

    assert {(v, p, m) for v, p, m, _ in MATRIX + DELEGATION_MATRIX + EXTRA_MATRIX} == {
        (v, p, m) for v in views for p in PERSONAS for m in ("get", "post")
    }
