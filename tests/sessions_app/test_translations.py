"""Content in every language (issue #18): session titles and descriptions, theme names and event
texts in the viewer's language with a fallback to the original, in pages, mails, calendars and
the schedule exports; organizers write them in the builder; the queries stay as they were."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from events.models import Event, Room
from outbox.models import OutboundMail
from sessions_app import ical
from sessions_app.models import Session
from sessions_app.services import SessionError, update_session
from sessions_app.signups import sign_up
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate, agenda_url
from tests.sessions_app.factories import ThemeFactory
from tests.sessions_app.test_agenda_query_budget import build_sessions, count_queries

DANISH = "Lokal modstand mod desinformation"
FINNISH = "Disinformaation torjunta paikallisesti"
ORIGINAL = "Countering disinformation locally"


@pytest.fixture
def translated(session: Session) -> Session:
    session.title_da, session.title_fi = DANISH, FINNISH
    session.description_en = "How cities answer rumours."
    session.description_da = "Hvordan byer svarer på rygter."
    session.save()
    session.event.is_published = True
    session.event.save()
    return session


def in_language(code: str) -> Client:
    client = Client()
    client.cookies["django_language"] = code
    return client


def test_the_session_page_in_danish_shows_the_danish_title_and_description(
    translated: Session,
) -> None:
    page = in_language("da").get(translated.get_absolute_url()).content.decode()

    assert DANISH in page
    assert "Hvordan byer svarer på rygter." in page
    assert ORIGINAL not in page


def test_a_language_without_a_translation_falls_back_to_the_original(translated: Session) -> None:
    page = in_language("sv").get(translated.get_absolute_url()).content.decode()

    assert ORIGINAL in page
    assert "How cities answer rumours." in page
    assert DANISH not in page


def test_the_agenda_in_danish_shows_danish_titles_and_theme_names(translated: Session) -> None:
    theme = ThemeFactory.create(name="Disinformation", name_da="Desinformation i byen")
    translated.themes.add(theme)

    danish = in_language("da").get(agenda_url(translated.event)).content.decode()
    english = in_language("en").get(agenda_url(translated.event)).content.decode()

    assert DANISH in danish
    assert "Desinformation i byen" in danish
    assert ORIGINAL in english
    assert DANISH not in english
    assert "Desinformation i byen" not in english


def test_the_event_page_in_finnish_shows_its_finnish_description(event: Event) -> None:
    event.is_published = True
    event.description = "Three days on safe cities."
    event.description_fi = "Kolme päivää turvallisista kaupungeista."
    event.save()

    finnish = in_language("fi").get(event.get_absolute_url()).content.decode()
    icelandic = in_language("is").get(event.get_absolute_url()).content.decode()

    assert "Kolme päivää turvallisista kaupungeista." in finnish
    assert "Three days on safe cities." in icelandic


def test_an_invite_to_a_finnish_speaking_attendee_carries_the_finnish_title(
    translated: Session, make_delegate: MakeDelegate
) -> None:
    attendee = make_delegate()
    attendee.language = "fi"
    attendee.save()

    with translation.override("da"):  # whoever caused it, the mail speaks the attendee's language
        sign_up(session=translated, user=attendee)

    mail = OutboundMail.objects.get(to=attendee.email, idempotency_key__endswith=":signed_up")
    [event] = icalendar.Calendar.from_ical(mail.alternatives[0]["content"]).events
    assert str(event["SUMMARY"]) == FINNISH
    assert FINNISH in mail.subject or FINNISH in mail.body_text
    assert DANISH not in mail.body_text


def test_the_calendar_code_takes_the_language_as_an_argument(translated: Session) -> None:
    with translation.override("en"):
        danish = ical.session_event(translated, language="da")
        icelandic = ical.session_event(translated, language="is")

    assert str(danish["SUMMARY"]) == DANISH
    assert "Hvordan byer svarer på rygter." in str(danish["DESCRIPTION"])
    assert str(icelandic["SUMMARY"]) == ORIGINAL


def test_the_downloaded_calendar_is_in_the_viewers_language(translated: Session) -> None:
    url = reverse("sessions_app:download_agenda", kwargs={"slug": translated.event.slug})

    danish = icalendar.Calendar.from_ical(in_language("da").get(url).content)
    english = icalendar.Calendar.from_ical(in_language("en").get(url).content)

    assert [str(e["SUMMARY"]) for e in danish.events] == [DANISH]
    assert [str(e["SUMMARY"]) for e in english.events] == [ORIGINAL]


def test_the_schedule_export_is_in_the_askers_language(translated: Session) -> None:
    url = reverse("schedules:schedule_json", kwargs={"slug": translated.event.slug})

    danish = in_language("da").get(url).json()
    english = in_language("en").get(url).json()

    def titles(schedule: dict) -> list[str]:
        days = schedule["schedule"]["conference"]["days"]
        return [talk["title"] for day in days for talks in day["rooms"].values() for talk in talks]

    assert titles(danish) == [DANISH]
    assert titles(english) == [ORIGINAL]


def test_the_api_lists_sessions_in_the_askers_language(translated: Session) -> None:
    url = f"/api/v1/events/{translated.event.slug}/sessions/"
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE="da")

    assert [row["title"] for row in response.json()["results"]] == [DANISH]


# --- organizers write them ----------------------------------------------------------------------
def builder_post(client: Client, session: Session, **fields: str) -> int:
    url = reverse(
        "sessions_app:builder_edit", kwargs={"slug": session.event.slug, "pk": session.pk}
    )
    data = {
        "title": ORIGINAL,
        "format": "workshop",
        "audience": "all",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
        **fields,
    }
    return client.post(url, data).status_code


def test_an_organizer_in_danish_enters_a_translation_and_keeps_the_original(
    session: Session, organizer: User
) -> None:
    organizer.language = "da"
    organizer.save()
    client = Client()
    client.force_login(organizer)
    url = reverse("sessions_app:builder_session", kwargs={"slug": session.event.slug, "pk": 1})
    url = url.replace("/1/", f"/{session.pk}/")
    form = client.get(url).context["edit_form"]
    assert form["title"].value() == ORIGINAL  # the original, not the Danish text

    assert builder_post(client, session, title_da=DANISH, description_fi="Kuvaus") == 302

    session.refresh_from_db()
    assert (session.title_en, session.title_da, session.description_fi) == (
        ORIGINAL,
        DANISH,
        "Kuvaus",
    )
    assert session.changes.get().after == {"title_da": DANISH, "description_fi": "Kuvaus"}


def test_a_translation_longer_than_a_title_is_refused_with_a_message(
    session: Session, organizer: User
) -> None:
    client = Client()
    client.force_login(organizer)

    status = builder_post(client, session, title_da="x" * 201)

    assert status == 400 or status == 200
    session.refresh_from_db()
    assert not session.title_da


def test_the_service_refuses_a_column_that_is_no_translation(session: Session) -> None:
    with pytest.raises(SessionError):
        update_session(session=session, by=None, translations={"slug_da": "x"})


def test_a_new_draft_from_the_builder_carries_its_translations(
    event: Event, workshop_room: object, organizer: User
) -> None:
    client = Client()
    client.force_login(organizer)
    url = reverse("sessions_app:builder_create", kwargs={"slug": event.slug})
    data = {
        "title": "Opening",
        "title_da": "Åbning",
        "format": "plenary",
        "audience": "all",
        "room": workshop_room.pk,  # type: ignore[attr-defined]
        "day": FIRST_DAY.isoformat(),
        "start": "09:00",
        "end": "10:00",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
    }

    assert client.post(url, data).status_code == 302

    created = Session.objects.get(slug="opening")
    assert (created.title_en, created.title_da, created.title_fi) == ("Opening", "Åbning", "")
    with translation.override("fi"):
        assert created.title == "Opening"


# --- the queries stay as they were --------------------------------------------------------------
def test_the_agenda_in_danish_issues_as_many_queries_as_in_english_at_10_and_110_sessions(
    event: Event, workshop_room: Room, approved_delegate: User, settings: Any
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    build_sessions(event, workshop_room, 10, approved_delegate)
    Session.objects.update(title_da="Dansk titel")
    danish, english = in_language("da"), in_language("en")
    danish.get(agenda_url(event))  # warm caches that fill once per process
    at_10 = {
        code: count_queries(c, agenda_url(event)) for code, c in [("da", danish), ("en", english)]
    }

    build_sessions(event, workshop_room, 100, approved_delegate, first=10)

    at_110 = {
        code: count_queries(c, agenda_url(event)) for code, c in [("da", danish), ("en", english)]
    }
    assert at_10["da"] == at_10["en"] == at_110["da"] == at_110["en"]
    page = danish.get(agenda_url(event)).content.decode()
    assert page.count("Dansk titel") == 10
    assert "Session 50" in page


def test_the_admin_in_danish_edits_the_original_title(translated: Session, organizer: User) -> None:
    organizer.language = "da"
    organizer.save()
    client = Client()
    client.force_login(organizer)

    url = reverse("admin:sessions_app_session_change", args=[translated.pk])
    form = client.get(url).context["adminform"].form

    assert form["title"].value() == ORIGINAL
