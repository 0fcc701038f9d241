""" "Download my data": the ZIP holds everything about the person (and nobody else's), as JSON
and a readable page; asked twice, built once; only its owner downloads it, until it expires;
the mail that says it is ready; the task through a real worker."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from outbox.models import OutboundMail
from privacy.data_export import build, personal_data, request_export
from privacy.erasure import erase, request_erasure
from privacy.models import DataExport
from tests.factories import UserFactory
from tests.outbox.support import wait_until
from tests.privacy.conftest import EMAIL, NAME, PHONE, Traces

pytestmark = pytest.mark.django_db


def unzip(content: bytes) -> tuple[dict[str, Any], str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["data.json", "index.html"]
        return json.loads(archive.read("data.json")), archive.read("index.html").decode()


def test_the_export_holds_everything_about_the_person_and_nothing_of_others(
    traces: Traces,
) -> None:
    data = personal_data(traces.person)

    assert data["account"]["email"] == EMAIL
    assert {r["event"] for r in data["registrations"]} == {
        traces.past.name,
        traces.upcoming.name,
    }
    upcoming = next(r for r in data["registrations"] if r["event"] == traces.upcoming.name)
    needs = upcoming["access_and_language_needs"]
    assert (upcoming["badge_name"], upcoming["phone"], needs["other_needs"]) == (
        NAME,
        PHONE,
        "No nuts",
    )
    assert [h["description"] for h in upcoming["history"]] == ["Registered"]
    assert {d["event__name"] for d in data["delegations_coordinated"]} == {
        traces.past.name,
        traces.upcoming.name,
    }
    assert [i["email"] for i in data["invitations_sent"]] == ["colleague@kk.example"]
    assert [s["session__title"] for s in data["session_sign_ups"]] == ["The InfoHouse"]
    assert [s["role"] for s in data["sessions_billed_on"]] == ["speaker"]
    assert len(data["calendar_feeds"]) == 1
    assert data["mails_to_you"]  # the registration mail
    assert all("Kim Colleague" not in json.dumps(v, default=str) for v in data.values())
    assert "colleague@kk.example" not in json.dumps(data["mails_to_you"], default=str)


def test_asking_twice_builds_one_zip_with_json_and_a_page_and_mails_its_link(
    traces: Traces, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = request_export(user=traces.person)
    second = request_export(user=traces.person)  # built already: a new one is asked

    first.refresh_from_db()
    assert first.status == DataExport.Status.READY
    assert first.expires_at
    assert first.expires_at > timezone.now() + dt.timedelta(days=6)
    data, page = unzip(bytes(first.content or b""))
    assert data["account"]["email"] == EMAIL
    assert "Hæstorp" in page
    assert "<script" not in page
    mail = OutboundMail.objects.get(idempotency_key=f"data-export:{first.pk}")
    assert mail.to == EMAIL
    assert "/account/data/" in mail.body_text
    assert second.pk != first.pk
    assert request_export(user=traces.person).pk == second.pk  # pending: the same one
    assert build(first.pk) is False  # ready already: built once


def test_only_the_owner_downloads_it_and_only_until_it_expires(
    client: Client, traces: Traces
) -> None:
    export = request_export(user=traces.person)
    build(export.pk)
    url = reverse("privacy:download_data", kwargs={"pk": export.pk})

    other = UserFactory.create()
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(traces.person)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    unzip(response.content)

    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_page_asks_and_lists(client: Client, traces: Traces) -> None:
    client.force_login(traces.person)
    page = client.post(reverse("privacy:my_data"), follow=True).content.decode()

    assert "Your data is being gathered." in page
    assert DataExport.objects.filter(user=traces.person).count() == 1
    assert client.get(reverse("privacy:my_data")).status_code == 200


def test_erasure_deletes_the_exports(traces: Traces) -> None:
    build(request_export(user=traces.person).pk)
    request_erasure(user=traces.person, by=traces.person)
    erase(traces.person.pk)
    assert not DataExport.objects.exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_export_is_built_by_a_real_worker(celery_worker: Any, organizer: User) -> None:
    person = UserFactory.create(email="mette@aarhus.example")

    export = request_export(user=person)

    wait_until(
        lambda: DataExport.objects.get(pk=export.pk).status == DataExport.Status.READY,
        what="the worker's export",
    )
    assert OutboundMail.objects.filter(idempotency_key=f"data-export:{export.pk}").exists()
