"""Signing up: who may, when, the waiting list, clashes, withdrawal and the calendar sequence."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import User
from events.models import City, CityMembership, Event, Room
from registrations.models import Registration
from sessions_app.models import Session, SessionPolicy, Signup
from sessions_app.services import SessionError, cancel_session, move_session, update_session
from sessions_app.signups import sign_up, withdraw
from tests.factories import CityFactory, NetworkFactory, UserFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

SIGNED_UP, WAITLISTED, WITHDRAWN = (
    Signup.Status.SIGNED_UP,
    Signup.Status.WAITLISTED,
    Signup.Status.WITHDRAWN,
)


def refusal_code(session: Session, user: User, **kwargs: object) -> str:
    before = Signup.objects.count()
    with pytest.raises(SessionError) as refusal:
        sign_up(session=session, user=user, **kwargs)  # type: ignore[arg-type]
    assert Signup.objects.count() == before
    return refusal.value.code


def full(session: Session, seats: int = 1) -> Session:
    Session.objects.filter(pk=session.pk).update(capacity=seats)
    session.refresh_from_db()
    return session


def test_an_approved_delegate_signs_up(session: Session, approved_delegate: User) -> None:
    signup = sign_up(session=session, user=approved_delegate)

    assert (signup.status, signup.personal_sequence, signup.calendar_sequence) == (SIGNED_UP, 0, 0)
    assert session.signups.seated().count() == 1


def test_a_full_session_puts_the_delegate_on_its_waiting_list(
    session: Session, make_delegate: MakeDelegate
) -> None:
    full(session, seats=1)
    first, second = make_delegate(), make_delegate()

    statuses = [sign_up(session=session, user=user).status for user in (first, second)]

    assert statuses == [SIGNED_UP, WAITLISTED]


@pytest.mark.parametrize(
    "status",
    [
        Registration.Status.PENDING_APPROVAL,
        Registration.Status.WAITLISTED,
        Registration.Status.CANCELLED,
    ],
)
def test_only_approved_delegates_may_sign_up(
    session: Session, make_delegate: MakeDelegate, status: str
) -> None:
    assert refusal_code(session, make_delegate(status=status)) == "not_approved"


def test_a_delegate_of_another_event_may_not_sign_up(session: Session) -> None:
    stranger = UserFactory.create()
    RegistrationFactory.create(user=stranger)  # approved, for some other event

    with pytest.raises(SessionError) as refusal:
        sign_up(session=session, user=stranger)

    assert refusal.value.code == "not_approved"
    assert (
        refusal.value.message
        == "Only approved delegates of Nordic Safe Cities Summit 2049 can sign up for its sessions."
    )


def test_drafts_and_cancelled_sessions_take_no_signups(
    event: Event, workshop_room: Room, approved_delegate: User
) -> None:
    draft = SessionFactory.create(event=event, room=workshop_room, status=Session.Status.DRAFT)
    cancelled = SessionFactory.create(
        event=event, room=workshop_room, status=Session.Status.CANCELLED
    )

    assert refusal_code(draft, approved_delegate) == "not_published"
    assert refusal_code(cancelled, approved_delegate) == "cancelled"


def test_signup_closes_the_events_configured_time_before_the_start(
    session: Session, approved_delegate: User
) -> None:
    SessionPolicy.objects.create(event=session.event, signup_closes_before=dt.timedelta(hours=2))
    just_before = session.starts_at - dt.timedelta(hours=2, seconds=1)

    with pytest.raises(SessionError) as refusal:
        sign_up(
            session=session, user=approved_delegate, now=session.starts_at - dt.timedelta(hours=2)
        )
    signup = sign_up(session=session, user=approved_delegate, now=just_before)

    assert refusal.value.code == "closed"
    assert refusal.value.message == (
        "Sign-up for this session closed on 20 April 2049, 08:00 CEST (Europe/Copenhagen)."
    )
    assert signup.status == SIGNED_UP


def test_an_office_audience_admits_only_those_offices(
    session: Session, make_delegate: MakeDelegate
) -> None:
    update_session(
        session=session,
        by=None,
        audience=Session.Audience.OFFICES,
        audience_offices=["mayor", "deputy_mayor"],
    )
    mayor = make_delegate(office=Registration.Office.MAYOR)
    official = make_delegate(office=Registration.Office.CITY_OFFICIAL)

    with pytest.raises(SessionError) as refusal:
        sign_up(session=session, user=official)

    assert sign_up(session=session, user=mayor).status == SIGNED_UP
    assert refusal.value.code == "audience_office"
    assert refusal.value.message == "This session is open only to: Mayor, Deputy mayor."


def test_a_network_audience_admits_only_its_member_cities(
    session: Session, make_delegate: MakeDelegate, copenhagen: City
) -> None:
    network = NetworkFactory.create(name="Strong Cities Network", slug="strong-cities")
    malmo = CityFactory.create(name="Malmö", country="SE")
    oslo = CityFactory.create(name="Oslo", country="NO")
    CityMembership.objects.create(city=copenhagen, network=network)
    CityMembership.objects.create(city=malmo, network=network, status=CityMembership.Status.PARTNER)
    update_session(
        session=session,
        by=None,
        audience=Session.Audience.NETWORK_MEMBERS,
        audience_network=network,
    )

    member = make_delegate(city=copenhagen)
    codes = [refusal_code(session, make_delegate(city=city)) for city in (malmo, oslo)]

    assert sign_up(session=session, user=member).status == SIGNED_UP
    assert codes == ["audience_network", "audience_network"]


def test_signing_up_twice_is_refused(session: Session, approved_delegate: User) -> None:
    sign_up(session=session, user=approved_delegate)

    assert refusal_code(session, approved_delegate) == "already_signed_up"


def test_a_clash_needs_confirming(session: Session, approved_delegate: User, festsal: Room) -> None:
    overlapping = SessionFactory.create(
        event=session.event,
        room=festsal,
        title="Plenary",
        starts_at=local(FIRST_DAY, 11),
        ends_at=local(FIRST_DAY, 12),
    )
    sign_up(session=session, user=approved_delegate)

    with pytest.raises(SessionError) as refusal:
        sign_up(session=overlapping, user=approved_delegate)
    confirmed = sign_up(session=overlapping, user=approved_delegate, confirm_clash=True)

    assert refusal.value.code == "clash"
    assert refusal.value.message == (
        "This overlaps “Countering disinformation locally” (20 April 2049, 10:00–11:30 CEST "
        "(Europe/Copenhagen)), which you have already chosen."
    )
    assert confirmed.status == SIGNED_UP


def test_back_to_back_withdrawn_and_cancelled_sessions_do_not_clash(
    session: Session, approved_delegate: User, festsal: Room
) -> None:
    def at(hour: int, minute: int = 0) -> Session:
        return SessionFactory.create(
            event=session.event, room=festsal, starts_at=local(FIRST_DAY, hour, minute)
        )

    sign_up(session=session, user=approved_delegate)  # 10:00-11:30
    cancelled, withdrawn, after = at(9), at(10, 30), at(11, 30)
    sign_up(session=cancelled, user=approved_delegate, confirm_clash=True)
    cancel_session(session=cancelled, by=None)
    withdraw(signup=sign_up(session=withdrawn, user=approved_delegate, confirm_clash=True))
    clash_free = SessionFactory.create(
        event=session.event,
        room=festsal,
        starts_at=local(FIRST_DAY, 8),
        ends_at=local(FIRST_DAY, 10),
    )

    assert sign_up(session=after, user=approved_delegate).status == SIGNED_UP
    assert sign_up(session=clash_free, user=approved_delegate).status == SIGNED_UP


# --- withdrawal and the waiting list -------------------------------------------------------------
def test_withdrawing_seats_the_first_on_the_waiting_list(
    session: Session, make_delegate: MakeDelegate
) -> None:
    full(session, seats=1)
    seated, first, second = (sign_up(session=session, user=make_delegate()) for _ in range(3))

    withdraw(signup=seated)

    statuses = {s.pk: s.status for s in Signup.objects.filter(session=session)}
    assert statuses == {seated.pk: WITHDRAWN, first.pk: SIGNED_UP, second.pk: WAITLISTED}


def test_leaving_the_waiting_list_promotes_nobody(
    session: Session, make_delegate: MakeDelegate
) -> None:
    full(session, seats=1)
    seated, waiting, behind = (sign_up(session=session, user=make_delegate()) for _ in range(3))

    withdraw(signup=waiting)

    assert list(Signup.objects.filter(session=session).values_list("pk", "status")) == [
        (seated.pk, SIGNED_UP),
        (waiting.pk, WITHDRAWN),
        (behind.pk, WAITLISTED),
    ]


def test_the_waiting_list_is_first_come_first_served(session: Session) -> None:
    full(session, seats=0)
    late, first, second, same_instant = SignupFactory.create_batch(
        4, session=session, status=WAITLISTED
    )
    start = late.created_at
    for signup, minutes in ((late, 3), (first, 0), (second, 1), (same_instant, 1)):
        Signup.objects.filter(pk=signup.pk).update(created_at=start + dt.timedelta(minutes=minutes))

    update_session(session=session, by=None, capacity=2)  # two seats free up at once

    statuses = dict(Signup.objects.filter(session=session).values_list("pk", "status"))
    # Earliest first; of two at the same instant, the lower id.
    assert statuses == {
        first.pk: SIGNED_UP,
        second.pk: SIGNED_UP,
        same_instant.pk: WAITLISTED,
        late.pk: WAITLISTED,
    }


def test_a_larger_room_promotes_as_many_as_fit(session: Session, festsal: Room) -> None:
    session = full(session, seats=0)
    Session.objects.filter(pk=session.pk).update(capacity=None)  # the room's 30
    SignupFactory.create_batch(30, session=session)
    waiting = SignupFactory.create_batch(3, session=session, status=WAITLISTED)

    move_session(session=session, starts_at=session.starts_at, room=festsal, by=None)

    assert Signup.objects.filter(pk__in=[s.pk for s in waiting], status=SIGNED_UP).count() == 3


def test_a_smaller_capacity_bumps_nobody(session: Session) -> None:
    SignupFactory.create_batch(5, session=session)

    update_session(session=session, by=None, capacity=2)

    assert session.signups.seated().count() == 5


def test_withdrawing_twice_is_refused(session: Session, approved_delegate: User) -> None:
    signup = sign_up(session=session, user=approved_delegate)
    withdraw(signup=signup)

    with pytest.raises(SessionError) as refusal:
        withdraw(signup=signup)

    assert refusal.value.code == "not_active"


def test_signing_up_again_after_withdrawing_outranks_the_cancel(
    session: Session, approved_delegate: User
) -> None:
    first = sign_up(session=session, user=approved_delegate)
    move_session(session=session, starts_at=local(FIRST_DAY, 9), room=session.room, by=None)
    withdrawn = withdraw(signup=first)
    again = sign_up(session=session, user=approved_delegate)

    sequences = [
        Signup.objects.select_related("session").get(pk=withdrawn.pk).calendar_sequence,
        Signup.objects.select_related("session").get(pk=again.pk).calendar_sequence,
    ]
    assert sequences == [2, 3]  # revision 1 (the move) + 1 (withdrawal), then + 2 (new sign-up)
    assert again.pk != first.pk


def test_nobody_is_promoted_into_a_session_that_has_started(
    session: Session, make_delegate: MakeDelegate
) -> None:
    full(session, seats=1)
    seated, waiting = (sign_up(session=session, user=make_delegate()) for _ in range(2))
    Session.objects.filter(pk=session.pk).update(
        starts_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
    )

    withdraw(signup=seated)

    assert Signup.objects.get(pk=waiting.pk).status == WAITLISTED
