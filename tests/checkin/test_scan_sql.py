"""The scan's PostgreSQL hot path (checkin/scan_sql.py) answers and records exactly what the ORM
path (services.check_in, the reference) does, for every outcome: each scan here runs through
both, from the same state, and the answers and the records are compared."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from checkin import scan_sql, services, tokens
from checkin.models import Checkin, CheckinList, CheckinStaff
from events.models import City, Event
from registrations.models import Registration
from sessions_app.models import Signup
from tests.checkin.conftest import payload_of, scan
from tests.factories import UserFactory
from tests.registrations.factories import RegistrationFactory
from tests.services import need_postgres
from tests.sessions_app.factories import SessionFactory, SessionPersonFactory, SignupFactory

pytestmark = pytest.mark.django_db
Result = Checkin.Result
Status = Registration.Status
# What a record holds, but its id and when it was made (each path makes its own).
RECORD = [
    field.attname
    for field in Checkin._meta.concrete_fields
    if field.attname not in ("id", "created_at")
]


@pytest.fixture(autouse=True)
def _postgres(db: None) -> None:
    need_postgres()


def both_paths(user: User, checkin_list: CheckinList, **data: Any) -> list[Any]:
    """The status, answer, records and hot-path calls of one POST through the ORM path, then
    through the PostgreSQL one, each from the same state (a savepoint rolled back after it)."""
    client = Client()
    client.force_login(user)
    url = reverse("checkin:scan", kwargs={"slug": checkin_list.event.slug, "pk": checkin_list.pk})
    data.setdefault("nonce", "nonce-compare-1")
    outcomes = []
    for hot in (False, True):
        with (
            transaction.atomic(),
            mock.patch.object(scan_sql, "available", return_value=hot),
            mock.patch.object(scan_sql, "scan_badge", wraps=scan_sql.scan_badge) as spy,
        ):
            response = client.post(url, data)
            json = response["Content-Type"] == "application/json"
            answer = response.json() if json else {}
            recorded_at = answer.pop("recorded_at", None)
            records = list(Checkin.objects.order_by("pk").values(*RECORD))
            if recorded_at is not None:  # the answer's time is the record's
                record = Checkin.objects.get(checkin_list=checkin_list, nonce=data["nonce"])
                assert recorded_at == record.created_at.isoformat()
            transaction.set_rollback(True)
        outcomes.append((response.status_code, answer, records, spy.call_count))
    return outcomes


def assert_same(user: User, checkin_list: CheckinList, result: str, **data: Any) -> dict:
    reference, hot = both_paths(user, checkin_list, **data)

    assert hot[:3] == reference[:3]
    assert (reference[3], hot[3]) == (0, 1)
    assert reference[0] == 200
    assert reference[1]["result"] == result
    return hot[1]


def test_a_valid_scan_is_the_same_on_both_paths(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    answer = assert_same(staff, entrance, Result.VALID, payload=payload_of(registration))

    assert answer["person"]["delegation"] == "Reykjavík"
    assert answer["list"] == "Entrance: Nordic Safe Cities Summit 2049"


def test_an_organizer_scan_is_the_same_on_both_paths(
    registration: Registration, entrance: CheckinList, organizer: User
) -> None:
    assert_same(organizer, entrance, Result.VALID, payload=payload_of(registration))


def test_already_checked_in_names_the_same_check_in_on_both_paths(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    first = scan(entrance, staff, payload_of(registration))

    answer = assert_same(staff, entrance, Result.ALREADY_IN, payload=payload_of(registration))

    assert answer["previous"]["at"] == first.created_at.isoformat()
    assert answer["previous"]["by"] == "Stina Person"


@pytest.mark.parametrize(
    ("before", "direction", "result"),
    [
        (["entry"], "exit", Result.VALID),
        ([], "exit", Result.NOT_IN),
        (["entry", "exit"], "entry", Result.VALID),
        (["entry", "exit"], "exit", Result.NOT_IN),
    ],
)
def test_entries_and_exits_are_the_same_on_both_paths(
    registration: Registration,
    entrance: CheckinList,
    staff: User,
    before: list[str],
    direction: str,
    result: str,
) -> None:
    payload = payload_of(registration)
    for earlier in before:
        scan(entrance, staff, payload, direction=earlier)

    assert_same(staff, entrance, result, payload=payload, direction=direction)


@pytest.mark.parametrize(
    ("status", "result"),
    [
        (Status.WAITLISTED, Result.WAITLISTED),
        (Status.CANCELLED, Result.CANCELLED),
        (Status.DECLINED, Result.CANCELLED),
        (Status.PENDING_APPROVAL, Result.NOT_APPROVED),
    ],
)
def test_a_registration_not_approved_is_refused_alike_on_both_paths(
    registration: Registration, entrance: CheckinList, staff: User, status: str, result: str
) -> None:
    payload = payload_of(registration)
    waitlisted_at = timezone.now() if status == Status.WAITLISTED else None
    Registration.objects.filter(pk=registration.pk).update(
        status=status, waitlisted_at=waitlisted_at
    )

    answer = assert_same(staff, entrance, result, payload=payload)

    assert answer["person"]["name"] == registration.badge_name


def test_a_revoked_badge_is_refused_alike_on_both_paths(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    old = payload_of(registration)
    services.reissue_badge(registration=registration, by=staff)

    assert_same(staff, entrance, Result.REVOKED, payload=old)


def test_a_badge_of_another_event_is_refused_alike_on_both_paths(
    other_event: Event, reykjavik: City, entrance: CheckinList, staff: User
) -> None:
    elsewhere = RegistrationFactory.create(event=other_event, city=reykjavik)

    answer = assert_same(staff, entrance, Result.OTHER_EVENT, payload=payload_of(elsewhere))

    assert answer["person"] is None


@pytest.mark.parametrize(
    "payload",
    ["garbage", "x" * 5000, tokens.new_code(), "signed-of-no-badge"],
    ids=["garbage", "huge", "unsigned", "no-badge"],
)
def test_an_unknown_payload_is_the_same_on_both_paths(
    entrance: CheckinList, staff: User, payload: str
) -> None:
    if payload == "signed-of-no-badge":
        payload = tokens.payload_for(tokens.new_code())

    assert_same(staff, entrance, Result.UNKNOWN, payload=payload)


@pytest.mark.parametrize(
    ("signup", "speaker", "result"),
    [
        (None, False, Result.NOT_ON_LIST),
        (Signup.Status.WAITLISTED, False, Result.WAITLISTED),
        (Signup.Status.WITHDRAWN, False, Result.NOT_ON_LIST),
        (Signup.Status.SIGNED_UP, False, Result.VALID),
        (None, True, Result.VALID),
    ],
)
def test_a_session_list_decides_alike_on_both_paths(
    event: Event,
    registration: Registration,
    staff: User,
    signup: str | None,
    speaker: bool,
    result: str,
) -> None:
    session = SessionFactory.create(event=event, title="Safer streets")
    if signup is not None:
        SignupFactory.create(session=session, user=registration.user, status=signup)
    if speaker:
        SessionPersonFactory.create(session=session, user=registration.user)
    checkin_list = CheckinList.objects.get(pk=services.checkin_lists_for(event=event)[1].pk)

    answer = assert_same(staff, checkin_list, result, payload=payload_of(registration))

    assert answer["list"] == "Safer streets"


@pytest.mark.parametrize(
    ("danish", "shown"), [("Tryggere gader", "Tryggere gader"), ("", "Safer streets")]
)
def test_a_session_title_is_the_active_language_on_both_paths(
    event: Event, registration: Registration, staff: User, danish: str, shown: str
) -> None:
    session = SessionFactory.create(event=event, title="Safer streets")
    session.title_da = danish
    session.save()
    SignupFactory.create(session=session, user=registration.user)
    User.objects.filter(pk=staff.pk).update(language="da")
    checkin_list = services.checkin_lists_for(event=event)[1]

    answer = assert_same(staff, checkin_list, Result.VALID, payload=payload_of(registration))

    assert answer["list"] == shown
    assert answer["reason"] == f"Tjekket ind: {shown}."


@pytest.mark.parametrize(
    ("language", "label", "office"), [("da", "Gyldig", "Borgmester"), ("en", "Valid", "Mayor")]
)
def test_the_result_and_the_office_are_in_the_staffs_language_on_both_paths(
    registration: Registration,
    entrance: CheckinList,
    staff: User,
    language: str,
    label: str,
    office: str,
) -> None:
    Registration.objects.filter(pk=registration.pk).update(office=Registration.Office.MAYOR)
    User.objects.filter(pk=staff.pk).update(language=language)

    answer = assert_same(staff, entrance, Result.VALID, payload=payload_of(registration))

    assert (answer["label"], answer["person"]["office"]) == (label, office)


def test_a_repeated_nonce_gives_the_first_answer_on_both_paths(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    payload = payload_of(registration)
    scan(entrance, staff, payload)
    repeated = scan(entrance, staff, payload, nonce="nonce-compare-1")

    answer = assert_same(staff, entrance, Result.ALREADY_IN, payload=payload)

    assert answer["previous"]["by"] == "Stina Person"
    assert Checkin.objects.filter(nonce="nonce-compare-1").get() == repeated


def test_a_nonce_repeated_with_another_badge_gives_the_first_answer_on_both_paths(
    event: Event, registration: Registration, entrance: CheckinList, staff: User
) -> None:
    other = RegistrationFactory.create(event=event, city=registration.city)
    scan(entrance, staff, payload_of(other), nonce="nonce-compare-1")

    answer = assert_same(staff, entrance, Result.VALID, payload=payload_of(registration))

    assert answer["person"]["name"] == other.badge_name


def test_a_repeated_nonce_of_an_unknown_payload_is_the_same_on_both_paths(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    scan(entrance, staff, "garbage", nonce="nonce-compare-1")

    assert_same(staff, entrance, Result.UNKNOWN, payload="garbage")
    assert_same(staff, entrance, Result.UNKNOWN, payload=payload_of(registration))


@pytest.mark.parametrize(
    "data", [{"nonce": "short"}, {"payload": ""}], ids=["bad-nonce", "nothing-scanned"]
)
def test_bad_input_is_the_same_400_on_both_paths(
    registration: Registration, entrance: CheckinList, staff: User, data: dict[str, str]
) -> None:
    data.setdefault("payload", payload_of(registration))

    reference, hot = both_paths(staff, entrance, **data)

    assert hot == reference
    assert reference[0] == 400
    assert reference[2] == []


def test_someone_who_may_not_check_in_here_gets_403_on_both_paths_and_locks_nothing(
    registration: Registration, entrance: CheckinList, other_event: Event
) -> None:
    elsewhere = UserFactory.create()
    CheckinStaff.objects.create(event=other_event, user=elsewhere)

    reference, hot = both_paths(elsewhere, entrance, payload=payload_of(registration))

    assert reference[0] == hot[0] == 403
    assert reference[2] == hot[2] == []
    assert hot[3] == 1  # asked, and answered None: the ORM's access check answered


def test_a_list_of_another_event_is_404_on_both_paths(
    registration: Registration, entrance: CheckinList, other_event: Event, organizer: User
) -> None:
    payload = payload_of(registration)
    entrance.event = other_event  # the URL names another event's slug with this list
    reference, hot = both_paths(organizer, entrance, payload=payload)

    assert reference[0] == hot[0] == 404
    assert reference[2] == hot[2] == []


@pytest.mark.parametrize("kind", ["superuser", "permission", "superuser-and-staff"])
def test_who_may_check_in_is_decided_alike_on_both_paths(
    event: Event, registration: Registration, entrance: CheckinList, kind: str
) -> None:
    """services.may_check_in's rules, which the lock statement repeats in SQL: an active
    superuser, the permission to change events (given to the person), or the event's staff."""
    user = UserFactory.create()
    if kind == "superuser":
        User.objects.filter(pk=user.pk).update(is_superuser=True)
    elif kind == "permission":
        user.user_permissions.add(Permission.objects.get(codename="change_event"))
    else:
        CheckinStaff.objects.create(event=event, user=user)
        User.objects.filter(pk=user.pk).update(is_superuser=True)
    user.refresh_from_db()

    assert_same(user, entrance, Result.VALID, payload=payload_of(registration))


def test_another_permission_is_not_enough_on_both_paths(
    registration: Registration, entrance: CheckinList
) -> None:
    user = UserFactory.create()
    user.user_permissions.add(Permission.objects.get(codename="view_event"))

    reference, hot = both_paths(user, entrance, payload=payload_of(registration))

    assert reference[0] == hot[0] == 403
    assert reference[2] == hot[2] == []
