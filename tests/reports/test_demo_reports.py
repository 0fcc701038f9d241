"""The demo (manage.py load_demo): every event's dashboard, every network-and-year dashboard,
a coordinator's figures and the funder report work on its data, and the dashboard's status
counts match the registration list and its CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from demo.load import load_demo
from events.models import Event
from registrations.models import Delegation, Registration
from reports.funder import build_funder_report, request_funder_report

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def demo() -> list[Event]:
    load_demo(today=TODAY)
    return list(Event.objects.select_related("network").order_by("start_date", "slug"))


def test_every_demo_dashboard_opens_and_its_status_counts_match_the_csv(
    client: Client, organizer: User, demo: list[Event]
) -> None:
    client.force_login(organizer)
    for event in demo:
        response = client.get(reverse("reports:dashboard", kwargs={"slug": event.slug}))
        assert response.status_code == 200, event.slug
        [status] = [c for c in response.context["charts"] if c["figure"].key == "status"]
        shown = {row.query["status"]: row.value for row, _l in status["rows"]}
        export = client.get(
            reverse("registrations:export_registrations", kwargs={"slug": event.slug})
        )
        lines = b"".join(export.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        in_csv = Counter(row["status"] for row in csv.DictReader(io.StringIO(lines)))
        assert {k: v for k, v in shown.items() if v} == dict(in_csv), event.slug
    years = {(e.network.slug, e.start_date.year) for e in demo}
    for slug, year in years:
        url = reverse("reports:network_dashboard", kwargs={"slug": slug, "year": year})
        assert client.get(url).status_code == 200, url


def test_the_demo_summits_funder_report_and_a_coordinators_figures(
    client: Client, organizer: User, demo: list[Event]
) -> None:
    busiest = max(demo, key=lambda e: Registration.objects.filter(event=e).count())
    report = request_funder_report(event=busiest, by=organizer)
    build_funder_report(report.pk)
    report.refresh_from_db()
    book = load_workbook(io.BytesIO(bytes(report.content or b"")), read_only=True)
    sheet = next(s for s in book.worksheets if s.title == "Summary")
    summary: dict[Any, Any] = {
        row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert summary["Registrations"] == Registration.objects.filter(event=busiest).count()

    delegation = Delegation.objects.filter(coordinator__isnull=False).first()
    assert delegation is not None
    assert delegation.coordinator is not None
    client.force_login(delegation.coordinator)
    url = reverse("reports:delegation_dashboard", kwargs={"pk": delegation.pk})
    assert client.get(url).status_code == 200
