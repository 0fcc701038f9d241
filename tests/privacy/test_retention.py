"""Retention (#15 item 4): dietary, accessibility, ID and phone fields emptied N days after an
event's last day (per event, on the event's own calendar), mail bodies after M days; by a beat
task that is idempotent and logs no personal data; the organizers' preview; the dashboard's
figures unchanged."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event
from outbox.models import OutboundMail
from outbox.services import queue_mail
from privacy import retention
from privacy.models import EventPrivacy
from registrations.models import Registration, RegistrationChange, RegistrationNeeds
from reports.figures import event_figures
from tests.factories import EventFactory, VenueFactory
from tests.outbox.support import wait_until
from tests.privacy.support import queries_of
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
LAST_DAY = dt.date(2026, 3, 1)
NEEDS = {
    "dietary_details": "Halal, no nuts",
    "other_needs": "Wheelchair",
    "phone": "+64 21 555 0101",
}


def with_needs(**kwargs: Any) -> Registration:
    """A registration with NEEDS: the phone on it, the rest in its needs row (issue #18)."""
    registration: Registration = RegistrationFactory.create(phone=NEEDS["phone"], **kwargs)
    RegistrationNeeds.objects.create(
        registration=registration,
        dietary_details=NEEDS["dietary_details"],
        other_needs=NEEDS["other_needs"],
    )
    return registration


@pytest.fixture
def event(db: None) -> Event:
    """Its last day was 1 March 2026 in Auckland, 13 hours ahead of UTC."""
    venue = VenueFactory.create(time_zone="Pacific/Auckland")
    return EventFactory.create(
        venue=venue, start_date=LAST_DAY - dt.timedelta(days=1), end_date=LAST_DAY
    )


@pytest.fixture
def delegate_row(event: Event, delegate: User) -> Registration:
    registration = with_needs(event=event, user=delegate)
    RegistrationChange.objects.create(
        registration=registration,
        old_status="approved",
        new_status="approved",
        description="Details changed",
        fields={"phone": ["", NEEDS["phone"]], "organization": ["A", "B"]},
    )
    return registration


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AUCKLAND)


def values(registration: Registration) -> tuple[str, str, str]:
    registration.refresh_from_db()
    needs = RegistrationNeeds.objects.get(registration=registration)
    return needs.dietary_details, needs.other_needs, registration.phone


def test_the_fields_stay_until_the_ninetieth_day_and_go_on_it_on_the_events_own_calendar(
    delegate_row: Registration,
) -> None:
    purge_day = LAST_DAY + dt.timedelta(days=90)
    assert settings.RETENTION_DAYS == 90

    retention.purge_due(now=local(purge_day, 0) - dt.timedelta(minutes=1))
    assert values(delegate_row) == (
        NEEDS["dietary_details"],
        NEEDS["other_needs"],
        NEEDS["phone"],
    )

    # 00:00 in Auckland is still the day before in UTC: the event's calendar decides.
    at_midnight = local(purge_day, 0)
    assert at_midnight.astimezone(dt.UTC).date() == purge_day - dt.timedelta(days=1)
    counts = retention.purge_due(now=at_midnight)

    assert values(delegate_row) == ("", "", "")
    assert counts == {
        "dietary": 1,
        "accessibility": 1,
        "id_numbers": 0,
        "phone": 1,
        "mail": 0,
        "exports": 0,
    }
    line = RegistrationChange.objects.get(registration=delegate_row)
    assert line.fields == {"organization": ["A", "B"]}  # the phone's old values are gone too
    delegate_row.refresh_from_db()
    assert (delegate_row.status, delegate_row.badge_name) == ("approved", delegate_row.badge_name)


def test_an_events_own_number_of_days_moves_the_day(
    delegate_row: Registration, event: Event
) -> None:
    retention.set_retention_days(event=event, days=10)
    tenth = LAST_DAY + dt.timedelta(days=10)

    retention.purge_due(now=local(tenth - dt.timedelta(days=1), 23, 59))
    assert values(delegate_row)[0] == NEEDS["dietary_details"]
    retention.purge_due(now=local(tenth, 0, 1))
    assert values(delegate_row) == ("", "", "")


def test_a_second_run_finds_nothing_and_the_log_names_no_one(
    delegate_row: Registration, event: Event, caplog: pytest.LogCaptureFixture
) -> None:
    later = local(LAST_DAY + dt.timedelta(days=200), 12)
    with caplog.at_level(logging.INFO, logger="privacy.retention"):
        first = retention.purge_due(now=later)
        second = retention.purge_due(now=later)

    assert sum(first.values()) >= 3
    assert not any(second.values())
    log = caplog.text
    assert f"event {event.pk}" in log
    for value in (*NEEDS.values(), delegate_row.badge_name, delegate_row.user.email):
        assert value not in log
    assert EventPrivacy.objects.get(event=event).fields_purged_at == later


def test_events_not_yet_due_and_other_events_keep_their_fields(
    delegate_row: Registration, outsider: User
) -> None:
    upcoming = with_needs(user=outsider)  # an event in 60 days
    retention.purge_due(now=local(LAST_DAY + dt.timedelta(days=91), 12))
    assert values(delegate_row) == ("", "", "")
    assert values(upcoming) == (
        NEEDS["dietary_details"],
        NEEDS["other_needs"],
        NEEDS["phone"],
    )


def mail(key: str, status: str = OutboundMail.Status.SENT) -> OutboundMail:
    queued = queue_mail(
        key=key, to="sophie@example.org", subject="About you", text="Halal", html="<p>Halal</p>"
    )
    OutboundMail.objects.filter(pk=queued.pk).update(status=status)
    return OutboundMail.objects.get(pk=queued.pk)


def test_the_bodies_of_the_events_sent_mails_go_after_m_days(
    delegate_row: Registration, event: Event
) -> None:
    session = SessionFactory.create(event=event)
    signup = SignupFactory.create(session=session, user=delegate_row.user)
    ours = [
        mail(f"registration:{delegate_row.pk}:approved:1"),
        mail(f"signup:{signup.pk}:seated"),
        mail(f"session:{session.pk}:rev:2:user:{delegate_row.user_id}:moved"),
        mail(f"reminder:session:{session.pk}:user:{delegate_row.user_id}"),
        mail(f"registration:{delegate_row.pk}:declined:2", status=OutboundMail.Status.FAILED),
    ]
    waiting = mail(f"registration:{delegate_row.pk}:approved:3", status=OutboundMail.Status.QUEUED)
    other = RegistrationFactory.create()
    theirs = mail(f"registration:{other.pk}:approved:1")
    near = mail(f"registration:{delegate_row.pk}1:approved:1")  # another id that starts alike
    day = LAST_DAY + dt.timedelta(days=settings.MAIL_BODY_RETENTION_DAYS)

    retention.purge_due(now=local(day, 0) - dt.timedelta(seconds=1))
    assert all(OutboundMail.objects.get(pk=m.pk).body_text == "Halal" for m in ours)
    counts = retention.purge_due(now=local(day, 0))

    assert counts["mail"] == len(ours)
    for kept in ours:
        kept.refresh_from_db()
        assert (kept.body_text, kept.body_html, kept.subject) == ("", "", "About you")
    for untouched in (waiting, theirs, near):
        untouched.refresh_from_db()
        assert untouched.body_text == "Halal"


def test_the_dashboard_figures_are_the_same_after_a_purge(
    delegate_row: Registration, event: Event, outsider: User
) -> None:
    with_needs(event=event, user=outsider, status="waitlisted")
    before = event_figures(event)
    retention.purge_due(now=local(LAST_DAY + dt.timedelta(days=365), 12))
    assert (
        RegistrationNeeds.objects.filter(registration__event=event)
        .exclude(dietary_details="")
        .count()
        == 0
    )
    assert event_figures(event) == before


def test_an_expired_data_export_loses_its_zip_and_a_live_one_keeps_it(delegate: User) -> None:
    from django.utils import timezone

    from privacy.models import DataExport

    now = timezone.now()
    expired = DataExport.objects.create(
        user=delegate, status="ready", content=b"PK zip", size=6, expires_at=now
    )
    live = DataExport.objects.create(
        user=delegate, status="ready", content=b"PK zip", size=6, expires_at=now + dt.timedelta(1)
    )

    assert retention.purge_due(now=now)["exports"] == 1

    expired.refresh_from_db()
    live.refresh_from_db()
    assert (expired.content, expired.size) == (None, 0)
    assert bytes(live.content or b"") == b"PK zip"
    assert retention.purge_due(now=now)["exports"] == 0


def test_the_registry_names_real_fields_that_reach_an_event() -> None:
    for field_class in retention.FIELD_CLASSES.values():
        for path in field_class.fields:
            model, field = retention._field(path)
            assert retention._event_lookup(model)
            # Emptied to its default: "", None, [] or False for a yes/no need.
            assert field.blank or field.null or field.has_default()


# --- the organizers' page -----------------------------------------------------------------------
def test_the_preview_says_what_goes_when_and_the_organizer_changes_n(
    client: Client, organizer: User, delegate_row: Registration, event: Event
) -> None:
    mail(f"registration:{delegate_row.pk}:approved:1")
    client.force_login(organizer)
    url = reverse("privacy:retention", kwargs={"slug": event.slug})

    page = client.get(url)
    plan = page.context["plan"]
    assert plan["fields_on"] == dt.date(2026, 5, 30)
    assert [(c["key"], c["held"]) for c in plan["classes"]] == [
        ("dietary", 1),
        ("accessibility", 1),
        ("id_numbers", 0),
        ("phone", 1),
    ]
    assert plan["mails_held"] == 1
    assert "Dietary needs" in page.content.decode()

    saved = client.post(url, {"retention_days": "30"}, follow=True)
    assert saved.context["plan"]["fields_on"] == dt.date(2026, 3, 31)
    assert "The retention period is saved." in saved.content.decode()
    assert EventPrivacy.objects.get(event=event).retention_days == 30


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("3651", "Ensure this value is less than or equal to 3650."),
        ("ten", "Enter a whole number."),
        ("", "This field is required."),
        ("9" * 40, "Ensure this value is less than or equal to 3650."),
        ("1\x00", "Enter a whole number."),
    ],
)
def test_a_bad_number_of_days_is_refused_on_its_field(
    client: Client, organizer: User, event: Event, posted: str, message: str
) -> None:
    client.force_login(organizer)
    url = reverse("privacy:retention", kwargs={"slug": event.slug})
    response = client.post(url, {"retention_days": posted})
    assert response.status_code == 400
    assert message in response.context["form"].errors["retention_days"]
    assert not EventPrivacy.objects.exists()


def test_the_preview_costs_the_same_queries_for_two_and_for_forty_registrations(
    client: Client, organizer: User, event: Event
) -> None:
    client.force_login(organizer)
    url = reverse("privacy:retention", kwargs={"slug": event.slug})

    def count() -> int:
        return queries_of(client, url)

    for _n in range(2):
        with_needs(event=event)
    count()  # the person's role is cached from the first page on (accounts.roles)
    few = count()
    for _n in range(38):
        with_needs(event=event)
    assert count() == few


# --- the beat task ------------------------------------------------------------------------------
def test_the_purge_is_on_the_beat_schedule() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["purge-retention"]
    assert entry["task"] == "privacy.tasks.purge_retention"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_purge_runs_in_a_real_worker(celery_worker: Any, delegate: User) -> None:
    from privacy.tasks import purge_retention

    past = EventFactory.create(start_date=dt.date(2022, 10, 24), end_date=dt.date(2022, 10, 25))
    registration = with_needs(event=past, user=delegate)

    purge_retention.delay()

    wait_until(lambda: values(registration) == ("", "", ""), what="the worker's purge")
