"""A coordinator's figures for their own delegation: computed again here from that
delegation's rows only; nothing of another delegation; a flat query count; the access matrix."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from checkin.services import check_in, checkin_lists_for
from events.models import Event
from registrations.models import Delegation, Registration, RegistrationPolicy
from tests.factories import CityFactory, UserFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status
ACTIVE = {"submitted", "pending_approval", "approved", "waitlisted"}


def delegation_of(event: Event, name: str, count: int, seed: int) -> Delegation:
    """A city's delegation with `count` registrations of random status and office, and a
    coordinator of its own."""
    city = CityFactory.create(name=name)
    rng = random.Random(seed)
    offices = [value for value, _label in Registration.Office.choices]
    for _ in range(count):
        RegistrationFactory.create(
            event=event, city=city, status=rng.choice(Status.values), office=rng.choice(offices)
        )
    delegation = Delegation.objects.get(event=event, city=city)
    delegation.coordinator = UserFactory.create(email=f"coordinator@{name.lower()}.example")
    delegation.save()
    return delegation


def coordinator_of(delegation: Delegation) -> User:
    assert delegation.coordinator is not None
    return delegation.coordinator


def url(delegation: Delegation) -> str:
    return reverse("reports:delegation_dashboard", kwargs={"pk": delegation.pk})


def figures(client: Client, delegation: Delegation) -> dict[str, Any]:
    response = client.get(url(delegation))
    assert response.status_code == 200
    return {c["figure"].key: c for c in response.context["charts"]}


def test_the_figures_count_the_delegations_own_registrations_only(
    client: Client, event: Event, organizer: User
) -> None:
    RegistrationPolicy.objects.create(event=event, city_quota=6)
    aarhus = delegation_of(event, "Aarhus", 30, seed=1)
    delegation_of(event, "Malmö", 40, seed=2)  # must not show
    rows = list(Registration.objects.filter(delegation=aarhus).values("status", "office", "user"))
    active = [r for r in rows if r["status"] in ACTIVE]
    approved = [r for r in rows if r["status"] == "approved"]
    session = SessionFactory.create(event=event, title="Street teams", capacity=20)
    for r in active[:4]:
        SignupFactory.create(session=session, user_id=r["user"])
    SignupFactory.create(session=session)  # someone of no delegation here
    entrance = next(x for x in checkin_lists_for(event=event) if x.is_entrance)
    came = Registration.objects.filter(delegation=aarhus, status="approved").first()
    assert came is not None
    check_in(checkin_list=entrance, staff=organizer, nonce="n-1", registration=came)
    client.force_login(coordinator_of(aarhus))

    shown = figures(client, aarhus)

    status = {row.label: row.value for row, _l in shown["status"]["rows"]}
    assert status == {
        str(label): sum(r["status"] == v for r in rows) for v, label in Status.choices
    }
    offices = dict(Registration.Office.choices)
    assert {row.label: row.value for row, _l in shown["office"]["rows"]} == dict(
        Counter(str(offices[r["office"]]) for r in active)
    )
    assert sum(row.value for row, _l in shown["weeks"]["rows"]) == len(rows)
    assert [(r.value, r.total) for r, _l in shown["delegations"]["rows"]] == [(len(approved), 6)]
    assert [(r.label, r.value) for r, _l in shown["sessions"]["rows"]] == [("Street teams", 4)]
    assert [(r.value, r.total) for r, _l in shown["attendance"]["rows"]] == [(1, len(approved))]
    # No row leads to the organizers' list.
    page = client.get(url(aarhus)).content.decode()
    assert "/organizers/" not in page.split("<main", 1)[1]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("organizer", 200),
        ("other coordinator", 404),
        ("member", 404),
        ("delegate", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_coordinator_and_organizers_see_a_delegations_figures(
    client: Client, event: Event, organizer: User, delegate: User, who: str, status: int
) -> None:
    aarhus = delegation_of(event, "Aarhus", 3, seed=1)
    malmo = delegation_of(event, "Malmö", 3, seed=2)
    member = Registration.objects.filter(delegation=aarhus).first()
    assert member is not None
    user = {
        "coordinator": aarhus.coordinator,
        "organizer": organizer,
        "other coordinator": malmo.coordinator,
        "member": member.user,
        "delegate": delegate,
        "anonymous": None,
    }[who]
    if user is not None:
        client.force_login(user)

    assert client.get(url(aarhus)).status_code == status


def test_an_unknown_delegation_is_404(client: Client, organizer: User) -> None:
    client.force_login(organizer)
    assert client.get("/delegations/999999/dashboard/").status_code == 404
    assert client.get("/delegations/99999999999999999999/dashboard/").status_code == 404


def test_the_delegation_page_links_to_its_figures(client: Client, event: Event) -> None:
    aarhus = delegation_of(event, "Aarhus", 2, seed=1)
    client.force_login(coordinator_of(aarhus))

    page = client.get(reverse("registrations:delegation_detail", kwargs={"pk": aarhus.pk}))

    assert url(aarhus) in page.content.decode()


@pytest.mark.parametrize("size", [5, 120])
def test_the_figures_cost_the_same_queries_at_any_size(
    client: Client, event: Event, size: int, django_assert_num_queries: Any
) -> None:
    aarhus = delegation_of(event, "Aarhus", size, seed=3)
    users = Registration.objects.filter(delegation=aarhus).values_list("user", flat=True)
    for n, user in enumerate(list(users)[: size // 5]):
        SignupFactory.create(
            session=SessionFactory.create(event=event, slug=f"s-{n}"), user_id=user
        )
    client.force_login(coordinator_of(aarhus))
    client.get(url(aarhus))

    # The user (the session and the role are cached by the request before), the delegation, and the
    # figures' reads (the statuses are the weeks' counts summed).
    with django_assert_num_queries(9):
        assert client.get(url(aarhus)).status_code == 200
