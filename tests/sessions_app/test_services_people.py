"""A session's people, themes, languages, audience and join link through the services: an edit
records one changelog line and bumps no revision (no mail); people keep their billing order."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from accounts.models import User
from events.models import City, Event, Room
from outbox.models import OutboundMail
from registrations.models import Registration
from sessions_app.models import Session, SessionChange
from sessions_app.services import Billing, SessionError, create_session, update_session
from sessions_app.signups import sign_up
from tests.factories import NetworkFactory
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionPersonFactory, ThemeFactory, local

CaptureOnCommit = Callable[..., AbstractContextManager[Any]]


def billed(session: Session) -> list[tuple[str, str, str, str | None]]:
    return [
        (p.role, p.name, p.office, p.city.name if p.city else None)
        for p in session.people.select_related("city").order_by("position")
    ]


def test_create_session_bills_people_in_order_with_a_delegates_registration_details(
    event: Event, workshop_room: Room, approved_delegate: User, copenhagen: City
) -> None:
    registration = Registration.objects.get(user=approved_delegate)

    session = create_session(
        event=event,
        title="Prebunking",
        room=workshop_room,
        starts_at=local(FIRST_DAY, 14),
        ends_at=local(FIRST_DAY, 15),
        by=None,
        people=[
            Billing(role="moderator", name="  Jane   Doe ", office="ngo"),
            Billing(user=approved_delegate),
        ],
    )

    assert billed(session) == [
        ("moderator", "Jane Doe", "ngo", None),
        ("speaker", registration.badge_name, "city_official", copenhagen.name),
    ]
    assert session.people.get(user=approved_delegate).identity == f"user:{approved_delegate.pk}"


def test_an_edit_of_people_themes_and_audience_bumps_no_revision_and_mails_nobody(
    session: Session,
    organizer: User,
    approved_delegate: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    SessionPersonFactory.create(session=session, name="Old speaker", position=0)
    sign_up(session=session, user=approved_delegate)
    mails = OutboundMail.objects.count()
    theme = ThemeFactory.create(name="Conspiracy")
    network = NetworkFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        update_session(
            session=session,
            by=organizer,
            people=[Billing(name="New speaker"), Billing(role="moderator", name="Chair")],
            themes=[theme],
            languages=["en", "fi"],
            join_url="https://meet.example.org/abc",
            audience=Session.Audience.NETWORK_MEMBERS,
            audience_network=network,
        )

    session.refresh_from_db()
    assert (session.revision, session.languages, session.audience_network) == (
        0,
        ["en", "fi"],
        network,
    )
    assert billed(session) == [
        ("speaker", "New speaker", "", None),
        ("moderator", "Chair", "", None),
    ]
    change = SessionChange.objects.get(session=session)
    assert (change.kind, change.revision, change.is_public) == ("edited", 0, True)
    assert change.before["people"] == [{"name": "Old speaker", "role": "speaker"}]
    assert change.after["people"] == [
        {"name": "Chair", "role": "moderator"},
        {"name": "New speaker", "role": "speaker"},
    ]
    assert change.after["themes"] == ["conspiracy"]
    assert OutboundMail.objects.count() == mails


def test_the_same_people_in_the_same_order_record_nothing(
    session: Session, organizer: User
) -> None:
    people = [Billing(name="A"), Billing(name="B")]
    update_session(session=session, by=organizer, people=people)

    update_session(session=session, by=organizer, people=people)
    update_session(session=session, by=organizer, people=people[::-1])

    assert list(session.changes.values_list("kind", flat=True)) == ["edited", "edited"]
    assert [name for _r, name, _o, _c in billed(session)] == ["B", "A"]


@pytest.mark.parametrize(
    ("people", "code"),
    [
        ([Billing(name="   ")], "person_unnamed"),
        (["delegate", "delegate"], "person_twice"),
    ],
)
def test_refused_people_change_nothing(
    session: Session, organizer: User, approved_delegate: User, people: list[Any], code: str
) -> None:
    SessionPersonFactory.create(session=session, name="Kept", position=0)
    people = [Billing(user=approved_delegate) if p == "delegate" else p for p in people]

    with pytest.raises(SessionError) as refusal:
        update_session(session=session, by=organizer, people=people, title="Renamed")

    assert refusal.value.code == code
    session.refresh_from_db()
    assert (session.title, [p[1] for p in billed(session)]) == (
        "Countering disinformation locally",
        ["Kept"],
    )
    assert not session.changes.exists()
