"""The badge sheet of a whole event, built by a Celery task: asked twice while building, built
once; progress on the page and in its JSON; the download once ready; out of date after a
change; deleted when it expires; who may see it; and once through a real worker on Redis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from checkin import services, sheets
from checkin.models import BadgeSheet
from events.models import City, Event
from registrations.models import Registration
from tests.checkin.conftest import decode_qr_codes, payload_of
from tests.outbox.support import wait_until
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]
Status = BadgeSheet.Status


def approved(event: Event, city: City, n: int) -> list[Registration]:
    return [RegistrationFactory.create(event=event, city=city) for _ in range(n)]


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(event: Event, name: str = "badge_sheet") -> str:
    return reverse(f"checkin:{name}", kwargs={"slug": event.slug})


def test_asking_twice_while_it_is_being_built_builds_one_sheet(
    event: Event, organizer: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = sheets.request_sheet(event=event, by=organizer)
        second = sheets.request_sheet(event=event, by=organizer)
        logged_in(organizer).post(page_url(event))

    assert first.pk == second.pk
    assert BadgeSheet.objects.count() == 1
    assert len(callbacks) == 1  # one task queued


def test_the_built_sheet_holds_every_approved_badge_and_its_qr_codes_scan(
    event: Event, reykjavik: City, organizer: User, tmp_path: Path
) -> None:
    people = approved(event, reykjavik, 7)
    RegistrationFactory.create(event=event, city=reykjavik, status=Registration.Status.WAITLISTED)
    sheet = sheets.request_sheet(event=event, by=organizer)

    assert sheets.build(sheet.pk) is True

    sheet.refresh_from_db()
    assert (sheet.status, sheet.total, sheet.done, sheet.percent) == (Status.READY, 7, 7, 100)
    assert sheet.expires_at is not None
    assert sheet.ready_at is not None
    assert sheet.expires_at - sheet.ready_at == dt.timedelta(hours=12)
    pages = decode_qr_codes(bytes(sheet.content or b""), tmp_path)
    assert sorted(p for page in pages for p in page) == sorted(payload_of(r) for r in people)
    assert sheets.build(sheet.pk) is False  # built: a redelivered task does nothing


def test_the_task_writes_its_progress_page_by_page(
    event: Event, reykjavik: City, organizer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    approved(event, reykjavik, 14)  # three pages of six
    monkeypatch.setattr(sheets, "PROGRESS_EVERY", 0)
    sheet = sheets.request_sheet(event=event, by=organizer)

    with CaptureQueriesContext(connection) as captured:
        sheets.build(sheet.pk)

    progress = [
        q["sql"] for q in captured if q["sql"].startswith('UPDATE "checkin_badgesheet" SET "done"')
    ]
    assert [sql.split('"done" = ')[1].split(" ")[0].strip(",") for sql in progress] == [
        "6",
        "12",
        "14",
    ]


def test_the_page_shows_progress_and_reloads_itself_without_javascript(
    event: Event, reykjavik: City, organizer: User
) -> None:
    approved(event, reykjavik, 3)
    sheet = sheets.request_sheet(event=event, by=organizer)
    BadgeSheet.objects.filter(pk=sheet.pk).update(total=40, done=10)
    client = logged_in(organizer)

    html = client.get(page_url(event)).content.decode()
    data = client.get(page_url(event, "badge_sheet_json")).json()

    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert 'value="25"' in html
    assert "Being built: 10 of 40 badges drawn." in html
    assert data == {
        "sheet": {
            "id": sheet.pk,
            "status": "building",
            "done": 10,
            "total": 40,
            "percent": 25,
            "label": "Being built: 10 of 40 badges drawn.",
            "url": None,
        }
    }


def test_a_ready_sheet_downloads_and_goes_out_of_date_after_a_reissue(
    event: Event, reykjavik: City, organizer: User
) -> None:
    [first, _second] = approved(event, reykjavik, 2)
    sheet = sheets.request_sheet(event=event, by=organizer)
    sheets.build(sheet.pk)
    client = logged_in(organizer)
    pdf_url = reverse("checkin:badge_sheet_pdf", kwargs={"slug": event.slug, "pk": sheet.pk})

    page = client.get(page_url(event)).content.decode()
    download = client.get(pdf_url)
    assert f'href="{pdf_url}"' in page
    assert "refresh" not in page
    assert "Badges changed since" not in page
    assert download.content.startswith(b"%PDF")
    assert (
        download["Content-Disposition"] == f'attachment; filename="badges-nsc-2049-{sheet.pk}.pdf"'
    )
    assert client.get(page_url(event, "badge_sheet_json")).json()["sheet"]["url"] == pdf_url

    services.reissue_badge(registration=first, by=organizer)
    assert (
        "Badges changed since this sheet was built" in client.get(page_url(event)).content.decode()
    )


def test_an_expired_sheet_is_gone_from_the_page_and_the_sweep_deletes_it(
    event: Event, reykjavik: City, organizer: User
) -> None:
    approved(event, reykjavik, 1)
    sheet = sheets.request_sheet(event=event, by=organizer)
    sheets.build(sheet.pk)
    BadgeSheet.objects.filter(pk=sheet.pk).update(expires_at=timezone.now())
    client = logged_in(organizer)
    pdf_url = reverse("checkin:badge_sheet_pdf", kwargs={"slug": event.slug, "pk": sheet.pk})

    assert client.get(pdf_url).status_code == 404
    assert "the last one has expired" in client.get(page_url(event)).content.decode()
    assert sheets.sweep() == 1
    assert not BadgeSheet.objects.exists()


def test_a_sheet_whose_worker_was_lost_is_marked_failed_and_can_be_asked_again(
    event: Event, organizer: User
) -> None:
    sheet = sheets.request_sheet(event=event, by=organizer)
    later = timezone.now() + dt.timedelta(hours=2)

    assert sheets.sweep(now=later) == 1
    assert BadgeSheet.objects.get(pk=sheet.pk).status == Status.FAILED
    assert sheets.request_sheet(event=event, by=organizer).pk != sheet.pk


def test_the_page_costs_the_same_queries_for_more_delegates(
    event: Event, reykjavik: City, organizer: User
) -> None:
    client = logged_in(organizer)

    def queries(people: int) -> int:
        approved(event, reykjavik, people)
        BadgeSheet.objects.all().delete()
        sheets.build(sheets.request_sheet(event=event, by=organizer).pk)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(event)).status_code == 200
        return len(captured)

    queries(1)  # the person's role is cached from the first page on (accounts.roles)
    assert queries(2) == queries(12)


PERSONAS = ["anonymous", "delegate", "staff", "organizer"]


@pytest.mark.parametrize(
    ("name", "method", "expect"),
    [
        ("badge_sheet", "get", (302, 403, 403, 200)),
        ("badge_sheet", "post", (302, 403, 403, 302)),
        ("badge_sheet", "put", (405, 405, 405, 405)),
        ("badge_sheet_json", "get", (302, 403, 403, 200)),
        ("badge_sheet_json", "post", (405, 405, 405, 405)),
        ("badge_sheet_pdf", "get", (302, 403, 403, 200)),
    ],
)
def test_only_organizers_see_or_ask_for_the_sheet(
    name: str,
    method: str,
    expect: tuple[int, ...],
    event: Event,
    reykjavik: City,
    delegate: User,
    staff: User,
    organizer: User,
) -> None:
    approved(event, reykjavik, 1)
    sheet = sheets.request_sheet(event=event, by=organizer)
    sheets.build(sheet.pk)
    kwargs: dict[str, Any] = {"slug": event.slug}
    if name == "badge_sheet_pdf":
        kwargs["pk"] = sheet.pk
    url = reverse(f"checkin:{name}", kwargs=kwargs)
    users = {"anonymous": None, "delegate": delegate, "staff": staff, "organizer": organizer}
    for persona, expected in zip(PERSONAS, expect, strict=True):
        client = Client()
        user = users[persona]
        if user is not None:
            client.force_login(user)
        assert getattr(client, method)(url).status_code == expected, persona


def test_another_events_sheet_is_not_found(
    event: Event, other_event: Event, reykjavik: City, organizer: User
) -> None:
    approved(event, reykjavik, 1)
    sheet = sheets.request_sheet(event=event, by=organizer)
    sheets.build(sheet.pk)
    url = reverse("checkin:badge_sheet_pdf", kwargs={"slug": other_event.slug, "pk": sheet.pk})

    assert logged_in(organizer).get(url).status_code == 404


def test_the_sheet_is_built_by_a_real_worker(
    celery_worker: Any, event: Event, reykjavik: City, organizer: User
) -> None:
    approved(event, reykjavik, 13)
    client = logged_in(organizer)

    assert client.post(page_url(event)).status_code == 302
    json_url = page_url(event, "badge_sheet_json")
    wait_until(
        lambda: client.get(json_url).json()["sheet"]["status"] == "ready",
        what="the worker's sheet",
    )
    state = client.get(json_url).json()["sheet"]
    assert (state["done"], state["total"], state["percent"]) == (13, 13, 100)
    assert client.get(state["url"]).content.startswith(b"%PDF")
    assert BadgeSheet.objects.count() == 1


def test_a_failed_sheet_says_so_and_offers_to_build_again(event: Event, organizer: User) -> None:
    later = timezone.now() + dt.timedelta(hours=1)
    BadgeSheet.objects.create(event=event, status=Status.FAILED, expires_at=later)

    html = logged_in(organizer).get(page_url(event)).content.decode()

    assert "Building the sheet failed. Ask for it again." in html
    assert (
        '<form method="post" action="/organizers/events/nsc-2049/badges/sheet/" id="sheet-form">'
        in html
    )
    assert "refresh" not in html


def test_a_sheet_still_being_built_cannot_be_downloaded(event: Event, organizer: User) -> None:
    sheet = sheets.request_sheet(event=event, by=organizer)
    url = reverse("checkin:badge_sheet_pdf", kwargs={"slug": event.slug, "pk": sheet.pk})

    assert logged_in(organizer).get(url).status_code == 404
    assert logged_in(organizer).get(url.replace(str(sheet.pk), "99999999999")).status_code == 404


def test_the_json_costs_the_same_queries_for_more_delegates(
    event: Event, reykjavik: City, organizer: User
) -> None:
    client = logged_in(organizer)

    def queries(people: int) -> int:
        approved(event, reykjavik, people)
        BadgeSheet.objects.all().delete()
        sheets.build(sheets.request_sheet(event=event, by=organizer).pk)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(event, "badge_sheet_json")).json()["sheet"]["url"]
        return len(captured)

    queries(1)  # the person's role is cached from the first page on (accounts.roles)
    assert queries(2) == queries(12)
