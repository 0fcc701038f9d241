"""Erasing a person, and the test of truth: afterwards no text or JSON column of any table
holds their name, address or phone, while the counts the reports show stay as they were."""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session as WebSession
from django.core.cache import cache
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from accounts.models import User
from outbox.models import MailPart, OutboundMail
from outbox.services import deliver_mail
from privacy.erasure import erase, request_erasure
from privacy.models import Erasure
from registrations.models import Delegation, Registration, RegistrationNeeds
from reports.figures import event_figures
from sessions_app.models import CalendarFeedToken, Signup
from tests.privacy.conftest import EMAIL, NAME, PHONE, Traces
from tests.services import need_postgres
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def mentions(needle: str) -> list[str]:
    """Every table.column whose text (JSON as text) holds `needle`, in either JSON spelling."""
    spellings = {needle, json.dumps(needle)[1:-1]}
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            text = model._base_manager.annotate(t=Cast(field.name, models.TextField()))
            query = models.Q()
            for spelling in spellings:
                query |= models.Q(t__icontains=spelling)
            if text.filter(query).exists():
                found.append(f"{model._meta.db_table}.{field.column}")
    return found


def figures(traces: Traces) -> dict[str, Any]:
    return {f.key: [(r.label, r.value) for r in f.rows] for f in event_figures(traces.past)}


def test_the_test_sees_the_traces_before_erasure(traces: Traces) -> None:
    need_postgres()
    assert "accounts_user.email" in mentions(EMAIL)
    assert "outbox_outboundmail.to" in mentions(EMAIL)
    assert "registrations_registration.badge_name" in mentions(NAME)
    assert "webhooks_delivery.payload" in mentions(NAME)
    assert "django_admin_log.object_repr" in mentions(NAME)
    assert "registrations_registration.phone" in mentions(PHONE)


def test_after_erasure_no_column_of_any_table_names_the_person(traces: Traces) -> None:
    need_postgres()
    before = figures(traces)
    kept = ("status", "country", "city_id", "office", "event_id")
    rows_before = list(Registration.objects.order_by("pk").values_list(*kept))

    request_erasure(user=traces.person, by=traces.person)
    assert erase(traces.person.pk) is True

    for needle in (EMAIL, NAME, PHONE, "Hæstorp"):
        assert mentions(needle) == [], needle
    assert figures(traces) == before  # the reports add up as before
    rows_after = list(Registration.objects.order_by("pk").values_list(*kept))
    changed = [(b, a) for b, a in zip(rows_before, rows_after, strict=True) if b != a]
    # Only the upcoming registration moved: cancelled, its seat given back.
    assert [(b[0], a[0], a[-1]) for b, a in changed] == [
        ("approved", "cancelled", traces.upcoming.pk)
    ]
    past = Registration.objects.get(event=traces.past, user=traces.person)
    assert past.phone == ""
    assert not RegistrationNeeds.objects.filter(registration__user=traces.person).exists()


def test_erasure_cancels_upcoming_places_and_the_delegation_survives_its_coordinator(
    traces: Traces,
) -> None:
    delegation = Delegation.objects.get(event=traces.upcoming, city=traces.city)
    assert delegation.coordinator == traces.person

    request_erasure(user=traces.person, by=traces.person)
    erase(traces.person.pk)

    mine = Registration.objects.get(event=traces.upcoming, user=traces.person)
    assert mine.status == Registration.Status.CANCELLED
    delegation.refresh_from_db()
    assert delegation.coordinator == traces.colleague
    assert not Signup.objects.active().filter(user=traces.person).exists()
    assert not CalendarFeedToken.objects.filter(user=traces.person).exists()
    assert not OutboundMail.objects.filter(to__iexact=EMAIL).exists()


def test_the_account_is_switched_off_at_once_and_cannot_sign_in(traces: Traces) -> None:
    request_erasure(user=traces.person, by=traces.person)
    traces.person.refresh_from_db()
    assert not traces.person.is_active  # before the task has run

    erase(traces.person.pk)
    person = User.objects.get(pk=traces.person.pk)
    assert (person.email, person.first_name, person.last_name) == (
        f"erased-{person.pk}@erased.invalid",
        "",
        "",
    )
    assert not person.has_usable_password()
    for session in WebSession.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(person.pk)


def test_asking_twice_erases_once(traces: Traces, organizer: User) -> None:
    first = request_erasure(user=traces.person, by=traces.person)
    second = request_erasure(user=traces.person, by=organizer)

    assert first.pk == second.pk
    assert Erasure.objects.count() == 1
    assert erase(traces.person.pk) is True
    assert erase(traces.person.pk) is False
    line = Erasure.objects.get()
    assert (line.user_id, line.by_the_person, line.status) == (traces.person.pk, True, "done")


def test_a_webhook_payload_that_named_the_person_is_scrubbed(traces: Traces) -> None:
    assert Delivery.objects.filter(event_type="registration.created").exists()
    request_erasure(user=traces.person, by=traces.person)
    erase(traces.person.pk)

    for delivery in Delivery.objects.all():
        text = json.dumps(delivery.payload, ensure_ascii=False)
        assert EMAIL not in text
        assert NAME not in text


def test_nothing_to_do_for_an_account_never_asked_for(traces: Traces) -> None:
    assert erase(traces.person.pk) is False
    traces.person.refresh_from_db()
    assert traces.person.email == EMAIL


def test_erasure_removes_the_binary_parts_of_the_persons_mails_and_keeps_others(
    traces: Traces,
) -> None:
    for mail in OutboundMail.objects.all():
        deliver_mail(mail.pk)  # written now: the approval mails carry the badge's QR code
    theirs = MailPart.objects.filter(mail__to__iexact=EMAIL)
    assert list(theirs.values_list("filename", flat=True)) == ["badge-qr.png"]
    mine = list(theirs.values_list("pk", flat=True))
    [colleagues] = MailPart.objects.filter(mail__to=traces.colleague.email)
    kept = bytes(colleagues.content)

    request_erasure(user=traces.person, by=traces.person)
    erase(traces.person.pk)

    assert not MailPart.objects.filter(pk__in=mine).exists()
    assert bytes(MailPart.objects.get(pk=colleagues.pk).content) == kept  # not swept as text


def signed_in(user: User) -> tuple[Client, str]:
    """A device signed in as `user`, its session loaded once (so the cache holds it)."""
    client = Client()
    client.force_login(user)
    key = client.session.session_key
    assert key is not None
    assert client.get(reverse("privacy:my_data")).status_code == 200
    assert cache.get(session_store(key).cache_key) is not None  # read from the cache now
    return client, key


def session_store(key: str | None) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def test_asking_for_erasure_drops_the_persons_sessions_and_their_cached_copies(
    traces: Traces, organizer: User, django_capture_on_commit_callbacks: Any
) -> None:
    """Sessions are kept in the cache too (cached_db): deleting the rows alone would leave
    the copy to be served. A colleague's session stays."""
    device, key = signed_in(traces.person)
    other_device, other_key = signed_in(traces.person)
    colleague, colleague_key = signed_in(traces.colleague)

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        request_erasure(user=traces.person, by=organizer)

    for gone in (key, other_key):
        assert cache.get(session_store(gone).cache_key) is None
        assert not WebSession.objects.filter(session_key=gone).exists()
    # A request that read the row before the commit puts the copy back; the commit drops it.
    cache.set(session_store(key).cache_key, {"_auth_user_id": str(traces.person.pk)})
    for callback in after_commit:
        callback()
    assert cache.get(session_store(key).cache_key) is None
    assert device.get(reverse("privacy:my_data")).status_code == 302  # to sign in
    assert cache.get(session_store(colleague_key).cache_key) is not None
    assert colleague.get(reverse("privacy:my_data")).status_code == 200


def test_erasure_drops_a_session_made_after_the_request(traces: Traces, organizer: User) -> None:
    request_erasure(user=traces.person, by=organizer)
    _, colleague_key = signed_in(traces.colleague)
    late = session_store(None)
    late["_auth_user_id"] = str(traces.person.pk)
    late.create()  # as a sign-in racing the request would leave it: in the cache too
    assert late.session_key is not None
    assert cache.get(late.cache_key) is not None

    erase(traces.person.pk)

    assert cache.get(session_store(late.session_key).cache_key) is None
    assert not WebSession.objects.filter(session_key=late.session_key).exists()
    assert cache.get(session_store(colleague_key).cache_key) is not None  # the colleague's stays
