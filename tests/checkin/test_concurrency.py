"""Several devices scan the same badge at the same instant, each through its own database
connection (PostgreSQL: SQLite ignores row locks). One check-in; the rest "already"."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from accounts.models import User
from checkin import scan_sql, services
from checkin.models import Checkin, CheckinList, CheckinStaff
from tests.checkin.conftest import payload_of
from tests.factories import CityFactory, EventFactory, UserFactory
from tests.registrations.factories import RegistrationFactory
from tests.services import need_postgres

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
DEVICES = 8
Result = Checkin.Result


def at_once(jobs: list[Callable[[], Any]]) -> tuple[list[Any], list[Exception]]:
    barrier = threading.Barrier(len(jobs))
    records: list[Any] = []
    errors: list[Exception] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            records.append(job())
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return records, errors


def arrange() -> tuple[CheckinList, str, User]:
    event = EventFactory.create()
    registration = RegistrationFactory.create(event=event, city=CityFactory.create())
    staff = UserFactory.create()
    CheckinStaff.objects.create(event=event, user=staff)
    return services.checkin_lists_for(event=event)[0], payload_of(registration), staff


def test_devices_scanning_one_badge_at_once_make_one_check_in() -> None:
    need_postgres()
    entrance, payload, staff = arrange()

    def device(n: int) -> Callable[[], Checkin]:
        return lambda: services.check_in(
            checkin_list=entrance,
            staff=staff,
            payload=payload,
            nonce=uuid.uuid4().hex,
            device=f"phone-{n}",
        )

    records, errors = at_once([device(n) for n in range(DEVICES)])

    assert errors == []
    assert sorted(r.result for r in records) == [Result.ALREADY_IN] * (DEVICES - 1) + [Result.VALID]
    assert Checkin.objects.filter(result=Result.VALID).count() == 1
    assert Checkin.objects.count() == DEVICES


def test_devices_scanning_one_badge_at_once_on_the_hot_path_make_one_check_in() -> None:
    need_postgres()
    entrance, payload, staff = arrange()

    def device(n: int) -> Callable[[], dict[str, Any] | None]:
        return lambda: scan_sql.scan_badge(
            slug=entrance.event.slug,
            pk=entrance.pk,
            staff=staff,
            payload=payload,
            nonce=uuid.uuid4().hex,
            device=f"phone-{n}",
        )

    answers, errors = at_once([device(n) for n in range(DEVICES)])

    assert errors == []
    results = sorted(answer["result"] for answer in answers)
    assert results == [Result.ALREADY_IN] * (DEVICES - 1) + [Result.VALID]
    assert Checkin.objects.filter(result=Result.VALID).count() == 1
    assert Checkin.objects.filter(result=Result.ALREADY_IN).count() == DEVICES - 1


def test_one_scan_sent_twice_at_once_on_the_hot_path_is_one_record() -> None:
    need_postgres()
    entrance, payload, staff = arrange()

    def send() -> dict[str, Any] | None:
        return scan_sql.scan_badge(
            slug=entrance.event.slug, pk=entrance.pk, staff=staff, payload=payload, nonce="n-0001"
        )

    answers, errors = at_once([send, send, send])

    assert errors == []
    record = Checkin.objects.get()
    assert [a["recorded_at"] for a in answers] == [record.created_at.isoformat()] * 3


def test_one_bad_scan_sent_twice_at_once_on_the_hot_path_is_one_record() -> None:
    need_postgres()
    entrance, _payload, staff = arrange()

    def send() -> dict[str, Any] | None:
        return scan_sql.scan_badge(
            slug=entrance.event.slug, pk=entrance.pk, staff=staff, payload="junk", nonce="n-0002"
        )

    answers, errors = at_once([send, send, send])

    assert errors == []
    assert [a["result"] for a in answers] == [Result.UNKNOWN] * 3
    assert Checkin.objects.get().result == Result.UNKNOWN


def test_one_scan_sent_twice_at_once_is_one_record() -> None:
    need_postgres()
    entrance, payload, staff = arrange()

    def send() -> Checkin:
        return services.check_in(
            checkin_list=entrance, staff=staff, payload=payload, nonce="one-scan-0001"
        )

    records, errors = at_once([send, send])

    assert errors == []
    assert {r.pk for r in records} == {Checkin.objects.get().pk}


def test_one_bad_scan_sent_twice_at_once_is_one_record() -> None:
    need_postgres()
    entrance, _payload, staff = arrange()

    def send() -> Checkin:
        return services.check_in(
            checkin_list=entrance, staff=staff, payload="garbage", nonce="bad-scan-0001"
        )

    records, errors = at_once([send, send, send])

    assert errors == []
    assert len({r.pk for r in records}) == 1
    assert Checkin.objects.get().result == Result.UNKNOWN
