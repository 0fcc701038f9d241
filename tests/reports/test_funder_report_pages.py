"""The funder report's pages: progress and download on the page, the POST that asks, expiry
and the sweep, a failed build, bad ids, access; and one build through a real worker. (The
workbook's cells are checked in test_funder_report.py.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import Event
from registrations.models import Registration
from reports.funder import build_funder_report, request_funder_report, sweep_funder_reports
from reports.models import FunderReport
from tests.factories import EventFactory
from tests.outbox.support import wait_until
from tests.registrations.factories import RegistrationFactory
from tests.reports.test_funder_report import SHEETS, built, populate, sheets_of

Status = Registration.Status


@pytest.fixture
def event(db: None) -> Event:
    return EventFactory.create(name="Nordic Safe Cities Summit 2049")


def page_url(event: Event, name: str = "funder_report", **kwargs: Any) -> str:
    return reverse(f"reports:{name}", kwargs={"slug": event.slug, **kwargs})


@pytest.mark.django_db
def test_the_page_asks_shows_progress_and_then_the_download(
    organizer_client: Client, event: Event, organizer: User
) -> None:
    assert "No report has been built yet." in organizer_client.get(page_url(event)).content.decode()
    report = request_funder_report(event=event, by=organizer)
    FunderReport.objects.filter(pk=report.pk).update(progress=40, step="By city")

    page = organizer_client.get(page_url(event)).content.decode()
    assert 'value="40"' in page
    assert "Being built: 40% done." in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "js/report-progress.js" in page
    status = organizer_client.get(page_url(event, "funder_report_status")).json()
    assert status == {"status": "building", "progress": 40, "step": "By city", "download": ""}

    build_funder_report(report.pk)

    download = page_url(event, "download_funder_report", pk=report.pk)
    assert organizer_client.get(page_url(event, "funder_report_status")).json() == {
        "status": "ready",
        "progress": 100,
        "step": "",
        "download": download,
    }
    page = organizer_client.get(page_url(event)).content.decode()
    assert download in page
    assert "refresh" not in page
    response = organizer_client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert list(sheets_of(response.content)) == SHEETS


@pytest.mark.django_db
def test_posting_builds_it_and_comes_back_to_the_page(
    organizer_client: Client, event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # Celery runs eagerly in tests
        response = organizer_client.post(page_url(event))

    assert response.status_code == 302
    assert response["Location"] == page_url(event)
    report = FunderReport.objects.get()
    assert report.status == FunderReport.Status.READY
    assert report.expires_at is not None
    assert report.expires_at - report.ready_at == dt.timedelta(hours=24)  # type: ignore[operator]


@pytest.mark.django_db
def test_an_expired_report_is_no_longer_offered_and_the_sweep_deletes_it(
    organizer_client: Client, event: Event, organizer: User
) -> None:
    report = built(event, organizer)
    FunderReport.objects.filter(pk=report.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )

    assert (
        organizer_client.get(page_url(event, "download_funder_report", pk=report.pk)).status_code
        == 404
    )
    assert "No report has been built yet." in organizer_client.get(page_url(event)).content.decode()
    fresh = built(event, organizer)
    assert sweep_funder_reports() == 1
    assert list(FunderReport.objects.values_list("pk", flat=True)) == [fresh.pk]


@pytest.mark.django_db
def test_a_failed_build_says_so_and_offers_another(
    organizer_client: Client, event: Event, organizer: User
) -> None:
    from reports.funder import fail_funder_report

    report = request_funder_report(event=event, by=organizer)
    fail_funder_report(report.pk)

    page = organizer_client.get(page_url(event)).content.decode()
    assert "The last build failed." in page
    assert "Build it again" in page
    assert request_funder_report(event=event, by=organizer).pk != report.pk


@pytest.mark.django_db
def test_another_events_report_and_unknown_ids_are_404(
    organizer_client: Client, event: Event, organizer: User
) -> None:
    other = EventFactory.create()
    theirs = built(other, organizer)

    assert (
        organizer_client.get(page_url(event, "download_funder_report", pk=theirs.pk)).status_code
        == 404
    )
    assert (
        organizer_client.get(page_url(event, "download_funder_report", pk=999999)).status_code
        == 404
    )
    assert (
        organizer_client.get(f"{page_url(event)}99999999999999999999/download/").status_code == 404
    )
    assert organizer_client.get(page_url(event, "funder_report_status")).json() == {
        "status": "none"
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "delegate", "coordinator"])
def test_only_organizers_ask_see_or_download(
    client: Client, event: Event, organizer: User, delegate: User, who: str
) -> None:
    report = built(event, organizer)
    if who == "delegate":
        client.force_login(delegate)
    elif who == "coordinator":
        registration = RegistrationFactory.create(event=event, status=Status.APPROVED)
        from registrations.models import Delegation

        Delegation.objects.filter(pk=registration.delegation_id).update(
            coordinator=registration.user
        )
        client.force_login(registration.user)
    refused = 302 if who == "anonymous" else 403
    for url in (
        page_url(event),
        page_url(event, "funder_report_status"),
        page_url(event, "download_funder_report", pk=report.pk),
    ):
        assert client.get(url).status_code == refused, url
    assert client.post(page_url(event)).status_code == refused
    assert FunderReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_report_is_built_by_a_real_worker(celery_worker: Any) -> None:
    from tests.factories import UserFactory

    organizer = UserFactory.create(email="lead@summit.example")
    event = EventFactory.create(name="Worker summit")
    populate(event, organizer, count=20)

    report = request_funder_report(event=event, by=organizer)

    wait_until(
        lambda: FunderReport.objects.get(pk=report.pk).status == FunderReport.Status.READY,
        what="the worker's funder report",
    )
    report.refresh_from_db()
    sheets = sheets_of(bytes(report.content or b""))
    summary = dict(sheets["Summary"][1:])
    assert summary["Registrations"] == Registration.objects.filter(event=event).count()
    assert report.progress == 100
