"""Who may open and post to each delegation page: the access matrix of issue #3, continued for
the invitation, delegation and delegate list views (test_access.py has the others)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations import invitations
from registrations.models import DelegationInvitation, Registration
from tests.factories import UserFactory
from tests.registrations import test_access
from tests.registrations.conftest import Register

Status = Registration.Status
PERSONAS = test_access.PERSONAS
LOGIN = "login"  # 302 to the login page, coming back here
DELEGATION = "delegation"  # 302 to the Copenhagen delegation page


def row(view: str, method: str, *outcomes: int | str) -> list[tuple[str, str, str, int | str]]:
    return [
        (view, persona, method, outcome)
        for persona, outcome in zip(PERSONAS, outcomes, strict=True)
    ]


MATRIX = [
    # view, method: anonymous, delegate (Copenhagen's coordinator), another delegate (Copenhagen,
    # not coordinator), another city's coordinator (Malmö), organizer
    # The invitation is addressed to a fifth person: everyone else is refused, clearly.
    *row("accept_invitation", "get", LOGIN, 403, 403, 403, 403),
    *row("accept_invitation", "post", 405, 405, 405, 405, 405),
    *row("delegation_detail", "get", LOGIN, 200, 404, 404, 200),
    *row("delegation_detail", "post", 405, 405, 405, 405, 405),
    *row("invite_delegate", "get", 405, 405, 405, 405, 405),
    *row("invite_delegate", "post", LOGIN, DELEGATION, 404, 404, DELEGATION),
    *row("revoke_invitation", "get", 405, 405, 405, 405, 405),
    *row("revoke_invitation", "post", LOGIN, DELEGATION, 404, 404, DELEGATION),
    *row("substitute_member", "get", LOGIN, 200, 404, 404, 200),
    *row("substitute_member", "post", LOGIN, DELEGATION, 404, 404, DELEGATION),
    # All three delegates are approved delegates of the event (the policy needs no approval).
    *row("delegate_list", "get", LOGIN, 200, 200, 200, 200),
    *row("delegate_list", "post", 405, 405, 405, 405, 405),
]

# What a successful POST changes: (active invitations, Otto's status, registrations).
UNCHANGED = (1, Status.APPROVED, 3)
CHANGED = {
    ("invite_delegate", "delegate"): (2, Status.APPROVED, 3),
    ("invite_delegate", "organizer"): (2, Status.APPROVED, 3),
    ("revoke_invitation", "delegate"): (0, Status.APPROVED, 3),
    ("revoke_invitation", "organizer"): (0, Status.APPROVED, 3),
    ("substitute_member", "delegate"): (1, Status.CANCELLED, 4),
    ("substitute_member", "organizer"): (1, Status.CANCELLED, 4),
}


@pytest.fixture
def world(
    register: Register, delegate: User, outsider: User, copenhagen: City, malmo: City
) -> dict[str, Any]:
    """Dan coordinates Copenhagen, Otto is its other member, Mia coordinates Malmö; Dan has
    invited Ivy; Sam has an account and can substitute Otto."""
    coordinator = User.objects.create_user("mia.malmo@example.org")
    own = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    member = register(copenhagen, user=outsider, badge_name="Otto Outsider")
    register(malmo, user=coordinator, badge_name="Mia Malmö")
    invitation = invitations.invite_delegate(
        delegation=own.delegation, email="ivy.invitee@example.org", by=delegate
    )
    UserFactory.create(email="sam.substitute@example.org")
    return {
        "delegation": own.delegation,
        "member": member,
        "invitation": invitation,
        "other_delegate": outsider,
        "other_coordinator": coordinator,
    }


def url_of(view: str, world: dict[str, Any], event: Event) -> str:
    delegation = world["delegation"]
    if view == "accept_invitation":
        # The token only travels in the mail; the test knows a hash, so it mints a known one.
        return reverse("registrations:accept_invitation", args=["known-token"])
    if view == "delegate_list":
        return reverse("registrations:delegate_list", kwargs={"slug": event.slug})
    if view == "revoke_invitation":
        return reverse(f"registrations:{view}", args=[delegation.pk, world["invitation"].pk])
    if view == "substitute_member":
        return reverse(f"registrations:{view}", args=[delegation.pk, world["member"].pk])
    return reverse(f"registrations:{view}", args=[delegation.pk])


def payload(view: str) -> dict[str, str]:
    if view == "invite_delegate":
        return {"email": "new.colleague@example.org"}
    if view == "substitute_member":
        return {
            "email": "sam.substitute@example.org",
            "badge_name": "Sam Substitute",
            "office": "councillor",
            "organization": "Copenhagen City Council",
        }
    return {}


def state(world: dict[str, Any]) -> tuple[int, str, int]:
    member: Registration = world["member"]
    member.refresh_from_db()
    active = DelegationInvitation.objects.filter(accepted_at=None, revoked_at=None).count()
    return (active, member.status, Registration.objects.count())


@pytest.mark.parametrize(("view", "persona", "method", "expected"), MATRIX)
def test_each_delegation_view_answers_each_persona_and_method_exactly(
    client: Client,
    request: pytest.FixtureRequest,
    world: dict[str, Any],
    event: Event,
    view: str,
    persona: str,
    method: str,
    expected: int | str,
) -> None:
    DelegationInvitation.objects.filter(pk=world["invitation"].pk).update(
        token_hash=invitations.hash_token("known-token")
    )
    if persona in ("delegate", "organizer"):
        client.force_login(request.getfixturevalue(persona))
    elif persona != "anonymous":
        client.force_login(world[persona])
    url = url_of(view, world, event)

    response = client.post(url, payload(view)) if method == "post" else client.get(url)

    locations = {
        LOGIN: f"{reverse('account_login')}?next={quote(url)}",
        DELEGATION: reverse("registrations:delegation_detail", args=[world["delegation"].pk]),
    }
    if isinstance(expected, str):
        assert (response.status_code, response["Location"]) == (302, locations[expected])
    else:
        assert response.status_code == expected
    changed = CHANGED.get((view, persona), UNCHANGED) if method == "post" else UNCHANGED
    assert state(world) == changed


def test_the_two_matrices_together_cover_every_view_of_the_app() -> None:
    from registrations.urls import urlpatterns
    from tests.registrations.test_access_organizer_extra import MATRIX as EXTRA_MATRIX

    views = {pattern.name for pattern in urlpatterns}
    mine = views - {v for v, _p, _m, _o in test_access.MATRIX + EXTRA_MATRIX}

    assert {(v, p, m) for v, p, m, _ in MATRIX} == {
        (v, p, m) for v in mine for p in PERSONAS for m in ("get", "post")
    }
