"""The check-in service: every outcome, recorded; nonces; entry and exit; session lists."""

from __future__ import annotations

import uuid

import pytest
from django.core import signing

from accounts.models import User
from checkin import services, tokens
from checkin.models import Checkin, CheckinList
from events.models import City, Event
from registrations.models import Registration
from sessions_app.models import Session, SessionPerson, Signup
from tests.checkin.conftest import payload_of, scan
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db
Result = Checkin.Result
Status = Registration.Status


@pytest.mark.parametrize(
    "payload",
    [
        "garbage",
        "x" * 5000,
        "",
        "   ",
        tokens.new_code(),  # a code without its signature
        f"{tokens.new_code()}:forged-signature",
        signing.Signer(salt="another.salt").sign(tokens.new_code()),
        "\x00\ufffd💥",
    ],
    # Fixed ids: the random codes would name the tests differently in each xdist process.
    ids=["garbage", "huge", "empty", "blank", "unsigned", "forged", "other-salt", "binary"],
)
def test_a_bad_payload_is_an_unknown_result_and_recorded(
    entrance: CheckinList, staff: User, payload: str
) -> None:
    record = scan(entrance, staff, payload)

    assert record.result == Result.UNKNOWN
    assert record.registration is None
    assert Checkin.objects.filter(pk=record.pk).exists()


def test_a_signed_code_of_no_badge_is_unknown(entrance: CheckinList, staff: User) -> None:
    record = scan(entrance, staff, tokens.payload_for(tokens.new_code()))

    assert record.result == Result.UNKNOWN


def test_a_badge_of_another_event_says_so(
    other_event: Event, reykjavik: City, entrance: CheckinList, staff: User
) -> None:
    elsewhere = RegistrationFactory.create(event=other_event, city=reykjavik)

    record = scan(entrance, staff, payload_of(elsewhere))

    assert record.result == Result.OTHER_EVENT


@pytest.mark.parametrize(
    ("status", "result"),
    [
        (Status.CANCELLED, Result.CANCELLED),
        (Status.DECLINED, Result.CANCELLED),
        (Status.WAITLISTED, Result.WAITLISTED),
        (Status.PENDING_APPROVAL, Result.NOT_APPROVED),
        (Status.SUBMITTED, Result.NOT_APPROVED),
    ],
)
def test_a_registration_that_is_not_approved_is_refused_with_its_reason(
    registration: Registration, entrance: CheckinList, staff: User, status: str, result: str
) -> None:
    payload = payload_of(registration)  # printed while approved
    Registration.objects.filter(pk=registration.pk).update(
        status=status, waitlisted_at=registration.created_at
    )

    assert scan(entrance, staff, payload).result == result


def test_the_same_nonce_twice_makes_one_record(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    payload = payload_of(registration)

    first = scan(entrance, staff, payload, nonce="nonce-0001")
    again = scan(entrance, staff, payload, nonce="nonce-0001")

    assert again.pk == first.pk
    assert first.result == Result.VALID
    assert Checkin.objects.count() == 1


def test_the_same_nonce_on_another_list_is_another_scan(
    registration: Registration, event: Event, entrance: CheckinList, staff: User
) -> None:
    session = SessionFactory.create(event=event)
    SignupFactory.create(session=session, user=registration.user, status="signed_up")
    workshop = CheckinList.objects.create(event=event, session=session)

    scan(entrance, staff, payload_of(registration), nonce="nonce-0001")
    other = scan(workshop, staff, payload_of(registration), nonce="nonce-0001")

    assert other.result == Result.VALID
    assert Checkin.objects.count() == 2


def test_exit_then_entry_again(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    payload = payload_of(registration)

    results = [
        scan(entrance, staff, payload, direction=direction).result
        for direction in ("exit", "entry", "exit", "exit", "entry", "entry")
    ]

    assert results == [
        Result.NOT_IN,
        Result.VALID,
        Result.VALID,
        Result.NOT_IN,
        Result.VALID,
        Result.ALREADY_IN,
    ]


def test_check_in_by_hand_follows_the_same_rules(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    def by_hand() -> Checkin:
        return services.check_in(
            checkin_list=entrance, staff=staff, nonce=uuid.uuid4().hex, registration=registration
        )

    first, second = by_hand(), by_hand()

    assert (first.result, second.result) == (Result.VALID, Result.ALREADY_IN)
    assert first.method == Checkin.Method.MANUAL
    assert first.badge is None


def test_a_session_list_takes_its_sign_ups_and_its_people(
    event: Event, reykjavik: City, entrance: CheckinList, staff: User
) -> None:
    session = SessionFactory.create(event=event)
    seated, waiting, withdrawn, stranger, speaker = (
        RegistrationFactory.create(event=event, city=reykjavik) for _ in range(5)
    )
    SignupFactory.create(session=session, user=seated.user, status=Signup.Status.SIGNED_UP)
    SignupFactory.create(session=session, user=waiting.user, status=Signup.Status.WAITLISTED)
    SignupFactory.create(session=session, user=withdrawn.user, status=Signup.Status.WITHDRAWN)
    SessionPerson.objects.create(session=session, user=speaker.user, name="Speaker")
    workshop = next(x for x in services.checkin_lists_for(event=event) if x.session == session)

    results = [
        scan(workshop, staff, payload_of(r)).result
        for r in (seated, waiting, withdrawn, stranger, speaker)
    ]

    assert results == [
        Result.VALID,
        Result.WAITLISTED,
        Result.NOT_ON_LIST,
        Result.NOT_ON_LIST,
        Result.VALID,
    ]
    assert scan(entrance, staff, payload_of(stranger)).result == Result.VALID


def test_lists_are_made_once_for_the_entrance_and_each_public_session(event: Event) -> None:
    published = SessionFactory.create(event=event)
    SessionFactory.create(event=event, status=Session.Status.DRAFT)
    SessionFactory.create(event=event, status=Session.Status.CANCELLED)

    first = services.checkin_lists_for(event=event)
    again = services.checkin_lists_for(event=event)

    assert [x.session for x in first] == [None, published]
    assert [x.pk for x in again] == [x.pk for x in first]
    assert CheckinList.objects.count() == 2


def test_staff_role_is_per_event(event: Event, other_event: Event, staff: User) -> None:
    assert services.can_check_in(staff, event)
    assert not services.can_check_in(staff, other_event)

    services.revoke_checkin_staff(event=event, user=staff)

    assert not services.can_check_in(staff, event)
