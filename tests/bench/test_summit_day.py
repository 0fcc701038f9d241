"""The summit day's bench scenarios (bench/summit_day.py, issue #13 item 7), each run once on
a tiny bench data set without the full benchmark: check-in POSTs from several clients against
a live server, the offline list as a phone downloads it, and the badge sheet through a real
Celery worker. The figures themselves come from `make bench` on a quiet machine."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User
from bench import data, summit_day
from bench.phases import signed_in
from checkin.models import BadgeSheet, Checkin
from events.models import Event
from registrations.models import Registration
from tests.bench.test_bench_data import SMALL
from tests.outbox.support import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def subjects(transactional_db: None) -> summit_day.Subjects:
    call_command("bench_data", "--seed=7", *(f"--{k}={v}" for k, v in SMALL.items()))
    organizer = User.objects.get(email=data.ORGANIZER_EMAIL)
    [cookie] = signed_in([organizer])
    return summit_day.prepare(cookie, sheet_badges=25)


def port_of(live_server: Any, settings: Any) -> int:
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    return int(urlsplit(live_server.url).port or 0)


def test_the_setup_badges_every_approved_delegate_and_copies_the_sheet_event(
    subjects: summit_day.Subjects,
) -> None:
    summit = Event.objects.get(slug=data.SUMMIT_SLUG)
    approved = Registration.objects.filter(event=summit, status=Registration.Status.APPROVED)

    assert len(subjects.payloads) == approved.count() > 25
    sheet_event = Event.objects.get(pk=subjects.sheet_event_id)
    copied = Registration.objects.filter(event=sheet_event, status=Registration.Status.APPROVED)
    assert copied.count() == 25
    assert all(r.delegation.city_id == r.city_id for r in copied.select_related("delegation"))


def test_check_in_posts_from_several_clients_are_all_valid(
    subjects: summit_day.Subjects, live_server: Any, settings: Any
) -> None:
    port = port_of(live_server, settings)

    result = summit_day.check_in_all(port, subjects, clients=4)

    assert (result.attempted, result.valid, result.failed) == (
        len(subjects.payloads),
        len(subjects.payloads),
        [],
    )
    assert result.per_second > 0
    assert Checkin.objects.filter(result=Checkin.Result.VALID).count() == len(subjects.payloads)


def test_the_offline_list_comes_gzipped_with_every_badge(
    subjects: summit_day.Subjects, live_server: Any, settings: Any
) -> None:
    port = port_of(live_server, settings)

    download = summit_day.fetch_offline_list(port, subjects)

    assert download.status == 200
    assert download.entries == len(subjects.payloads)
    assert download.transferred < download.raw  # compressed on the wire


def test_the_badge_sheet_is_timed_through_a_real_worker(
    subjects: summit_day.Subjects, celery_worker: Any
) -> None:
    organizer = User.objects.get(email=data.ORGANIZER_EMAIL)

    build = summit_day.time_sheet(subjects.sheet_event_id, by=organizer, timeout=60)

    assert (build.status, build.badges) == ("ready", 25)
    assert build.size > 0
    assert build.seconds < 60
    wait_until(lambda: BadgeSheet.objects.filter(status="ready").count() == 1, what="one sheet")
