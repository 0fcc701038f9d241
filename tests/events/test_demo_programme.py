from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from demo.delegates import DELEGATE_PASSWORD, LOGIN_EXAMPLE
from demo.load import load_demo
from events.models import City, Event
from outbox.models import OutboundMail
from registrations.models import Delegation, Registration, RegistrationChange, RegistrationPolicy
from sessions_app.models import (
    AgendaPublication,
    Session,
    SessionChange,
    SessionPerson,
    Signup,
    Theme,
)
from summit.cache import VersionBump

SUMMIT = "nsc-annual-summit-next"
EDITIONS = (
    ("nsc-annual-summit-2022", "nsc-annual-summit-next"),
    ("scn-dialogue-london-2022", "scn-dialogue-london-next"),
    ("scn-dialogue-helsinki-2022", "scn-dialogue-helsinki-next"),
)
Status = Registration.Status


def counts() -> dict[str, int]:
    return {
        "sessions": Session.objects.count(),
        "published sessions": Session.objects.filter(status=Session.Status.PUBLISHED).count(),
        "themes": Theme.objects.count(),
        "speakers and moderators": SessionPerson.objects.count(),
        "publications": AgendaPublication.objects.count(),
        "session changes": SessionChange.objects.count(),
        "users": User.objects.count(),
        "verified addresses": EmailAddress.objects.filter(verified=True).count(),
        "policies": RegistrationPolicy.objects.count(),
        "delegations": Delegation.objects.count(),
        "registrations": Registration.objects.count(),
        "registration changes": RegistrationChange.objects.count(),
        "signups": Signup.objects.count(),
        "outbox mails": OutboundMail.objects.count(),
    }


def run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def local_slots(slug: str) -> dict[str, tuple[int, dt.time, dt.time, str]]:
    """Each session of the event: (day of the event, local start, local end, room)."""
    event = Event.objects.get(slug=slug)
    slots = {}
    for s in Session.objects.filter(event=event).select_related("room__venue"):
        start, end = s.starts_at.astimezone(s.zone), s.ends_at.astimezone(s.zone)
        day = (start.date() - event.start_date).days
        slots[s.slug] = (day, start.time(), end.time(), s.room.name)
    return slots


def test_load_demo_creates_the_agendas_delegates_and_signups(db: None) -> None:
    run_load_demo()

    assert counts() == {
        "sessions": 58,
        "published sessions": 58,
        "themes": 5,
        "speakers and moderators": 104,
        "publications": 6,
        "session changes": 58,
        "users": 34,  # with the check-in staff member
        "verified addresses": 34,
        "policies": 3,
        "delegations": 35,
        "registrations": 50,
        "registration changes": 77,  # 36 registered, 27 decisions, 14 past
        "signups": 31,
        "outbox mails": 0,
    }
    per_event = dict(Session.objects.values_list("event__slug").annotate(n=Count("pk")).order_by())
    assert per_event == {
        "nsc-annual-summit-2022": 16,
        "nsc-annual-summit-next": 16,
        "scn-dialogue-london-2022": 7,
        "scn-dialogue-london-next": 7,
        "scn-dialogue-helsinki-2022": 6,
        "scn-dialogue-helsinki-next": 6,
    }


def test_load_demo_twice_adds_nothing(db: None) -> None:
    run_load_demo()
    before = counts()
    session_ids = set(Session.objects.values_list("pk", flat=True))

    output = run_load_demo()

    assert counts() == before
    assert set(Session.objects.values_list("pk", flat=True)) == session_ids
    assert "  0 new rows (a second run adds none)" in output.splitlines()


def test_summit_agenda_uses_both_venues_and_covers_every_theme(db: None) -> None:
    run_load_demo()

    summit = Session.objects.filter(event__slug="nsc-annual-summit-2022")
    assert sorted(set(summit.values_list("room__venue__name", flat=True))) == [
        "Copenhagen City Hall (Københavns Rådhus)",
        "Industriens Hus",
    ]
    assert Theme.objects.exclude(sessions__event__slug="nsc-annual-summit-2022").count() == 0
    titles = list(summit.values_list("title", flat=True))
    assert "InfoHouse: Copenhagen's multiagency approach" in titles
    assert "Site visit: on the streets with Copenhagen's street team" in titles
    assert summit.filter(format=Session.Format.NETWORKING).count() == 1


def test_every_next_edition_session_keeps_its_2022_local_wall_clock_time(db: None) -> None:
    run_load_demo()

    for past, upcoming in EDITIONS:
        assert local_slots(upcoming) == local_slots(past)
    london = Session.objects.select_related("room__venue").get(
        event__slug="scn-dialogue-london-2022", slug="opening-dialogue"
    )
    # 13:00 in London on 27 September 2022 (BST, UTC+1).
    assert london.starts_at == dt.datetime(2022, 9, 27, 12, 0, tzinfo=dt.UTC)
    assert london.time_zone == "Europe/London"
    helsinki = Session.objects.get(
        event__slug="scn-dialogue-helsinki-2022", slug="closing-dialogue"
    )
    # 11:15 in Helsinki on 2 December 2022 (EET, UTC+2).
    assert helsinki.starts_at == dt.datetime(2022, 12, 2, 9, 15, tzinfo=dt.UTC)


def test_load_on_a_later_day_moves_next_edition_sessions_with_their_event(db: None) -> None:
    today = timezone.localdate()
    load_demo(today=today)
    before = counts()
    slots = {upcoming: local_slots(upcoming) for _past, upcoming in EDITIONS}
    first_start = Session.objects.get(event__slug=SUMMIT, slug="opening-plenary").starts_at

    load_demo(today=today + dt.timedelta(weeks=4))

    assert counts() == before
    assert {upcoming: local_slots(upcoming) for _past, upcoming in EDITIONS} == slots
    opening = Session.objects.get(event__slug=SUMMIT, slug="opening-plenary")
    assert opening.starts_at.date() - first_start.date() == dt.timedelta(weeks=4)
    assert (opening.revision, opening.notified_revision) == (1, 1)
    assert Session.objects.filter(event__slug="nsc-annual-summit-2022", revision=0).count() == 16


def test_copenhagen_fills_its_city_quota_and_two_wait(db: None) -> None:
    run_load_demo()

    delegation = Delegation.objects.get(event__slug=SUMMIT, city__name="Copenhagen")
    policy = RegistrationPolicy.objects.get(event__slug=SUMMIT)
    assert (policy.requires_approval, delegation.quota(policy)) == (True, 3)
    assert delegation.registrations.holding_seats().count() == 3
    waitlist = Registration.objects.filter(event__slug=SUMMIT).waitlist()
    assert [r.user.email for r in waitlist] == [
        "jonas.berg@copenhagen.example",
        "ida.krogh@copenhagen.example",
    ]
    assert delegation.coordinator is not None
    assert delegation.coordinator.email == "astrid.holm@copenhagen.example"
    full = [
        d.city.name
        for d in Delegation.objects.filter(event__slug=SUMMIT)
        if d.registrations.holding_seats().count() >= 3
    ]
    assert full == ["Copenhagen"]


def test_next_summit_has_every_registration_status(db: None) -> None:
    run_load_demo()

    statuses = Registration.objects.filter(event__slug=SUMMIT).values_list("status", flat=True)
    assert sorted(set(statuses)) == sorted(Status.values)
    submitted = Registration.objects.get(event__slug=SUMMIT, status=Status.SUBMITTED)
    assert (submitted.city.name, submitted.country.code, submitted.city.is_confirmed) == (
        "Bristol",
        "GB",
        False,
    )
    assert City.objects.filter(is_confirmed=False).count() == 1


def test_past_summit_has_only_approved_delegates(db: None) -> None:
    run_load_demo()

    past = Registration.objects.filter(event__slug="nsc-annual-summit-2022")
    assert set(past.values_list("status", flat=True)) == {Status.APPROVED}
    assert past.count() == 14
    assert Delegation.objects.filter(event__slug="nsc-annual-summit-2022").count() == 10
    assert not Delegation.objects.filter(
        event__slug="nsc-annual-summit-2022", coordinator=None
    ).exists()


def test_site_visit_is_the_one_full_session_with_a_waiting_list(db: None) -> None:
    run_load_demo()

    visit = Session.objects.get(event__slug=SUMMIT, slug="site-visit-street-team")
    assert (visit.effective_capacity, visit.signups.seated().count()) == (5, 5)
    assert [s.user.email for s in visit.signups.waitlist()] == [
        "aino.virtanen@helsinki.example",
        "juha.heikkinen@tampere.example",
    ]
    full = [
        s.slug
        for s in Session.objects.filter(event__slug=SUMMIT).select_related("room")
        if s.signups.seated().count() >= s.effective_capacity
    ]
    assert full == ["site-visit-street-team"]
    signed_up = Signup.objects.filter(session__event__slug=SUMMIT).values_list("user", flat=True)
    approved = Registration.objects.filter(event__slug=SUMMIT, status=Status.APPROVED)
    assert set(signed_up) <= set(approved.values_list("user", flat=True))


def test_load_demo_leaves_no_mail_queued(
    db: None, django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]]
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        load_demo()

    assert OutboundMail.objects.count() == 0
    # Only the cached pages' version bumps wait for the commit (summit/cache.py), no delivery.
    assert [c for c in callbacks if not isinstance(c, VersionBump)] == []


def test_demo_delegate_logs_in_with_the_printed_password(client: Client, db: None) -> None:
    output = run_load_demo()

    response = client.post(
        reverse("account_login"), {"login": LOGIN_EXAMPLE, "password": DELEGATE_PASSWORD}
    )

    assert f"Delegate login (every demo delegate): {LOGIN_EXAMPLE} / delegate-demo" in output
    assert response.status_code == 302
    assert response["Location"] == reverse("events:home")
