"""Calendar downloads (sessions_app.calendar_views): one session, an event's agenda with its
filters, and "my agenda"; each file parsed by icalendar and by vobject."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import vobject
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import Event, Room
from sessions_app import ical
from sessions_app.models import Session
from sessions_app.services import cancel_session
from sessions_app.signups import withdraw
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionFactory, SignupFactory, ThemeFactory, local
from tests.sessions_app.feeds import uids


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://summit.example"


def many_sessions(event: Event, room: Room, n: int) -> list[Session]:
    start = local(FIRST_DAY, 8)
    return Session.objects.bulk_create(
        Session(
            event=event,
            room=room,
            title=f"Session {i}",
            slug=f"session-{i}",
            starts_at=start + dt.timedelta(minutes=i),
            ends_at=start + dt.timedelta(minutes=i + 45),
            status=Session.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for i in range(n)
    )


def agenda_url(event: Event, query: str = "") -> str:
    url = reverse("sessions_app:download_agenda", kwargs={"slug": event.slug})
    return f"{url}?{query}" if query else url


# --- one session ---------------------------------------------------------------------------------
def test_a_session_downloads_as_a_file_with_its_one_event(client: Client, session: Session) -> None:
    url = reverse("sessions_app:download_session", kwargs={"pk": session.pk})

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{session.event.slug}-countering-disinformation.ics"'
    )
    assert uids(response) == [session.uid]
    event = vobject.readOne(response.content.decode()).vevent
    assert event.summary.value == "Countering disinformation locally"
    assert event.dtstart.value == dt.datetime(2049, 4, 20, 8, 0, tzinfo=dt.UTC)
    assert event.url.value == f"https://summit.example/sessions/{session.pk}/"
    assert event.status.value == "CONFIRMED"


def test_a_cancelled_public_session_still_downloads_marked_cancelled(
    client: Client, session: Session
) -> None:
    cancel_session(session=session, by=None)

    response = client.get(reverse("sessions_app:download_session", kwargs={"pk": session.pk}))

    assert uids(response) == [session.uid]
    event = icalendar.Calendar.from_ical(response.content).events[0]
    assert (str(event["STATUS"]), event["SEQUENCE"]) == ("CANCELLED", 1)


@pytest.mark.parametrize("persona", [None, "delegate", "organizer"])
def test_a_draft_session_is_not_found_for_anyone(
    client: Client, session: Session, persona: str | None, request: pytest.FixtureRequest
) -> None:
    draft = SessionFactory.create(event=session.event, room=session.room, status="draft")
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("sessions_app:download_session", kwargs={"pk": draft.pk}))

    assert response.status_code == 404


def test_an_unpublished_events_calendars_are_for_organizers_only(
    client: Client, session: Session, delegate: User, organizer: User
) -> None:
    Event.objects.filter(pk=session.event_id).update(is_published=False)
    urls = [
        reverse("sessions_app:download_session", kwargs={"pk": session.pk}),
        agenda_url(session.event),
    ]

    anonymous = [client.get(url).status_code for url in urls]
    client.force_login(delegate)
    as_delegate = [client.get(url).status_code for url in urls]
    client.force_login(organizer)
    as_organizer = [client.get(url).status_code for url in urls]

    assert (anonymous, as_delegate, as_organizer) == ([404, 404], [404, 404], [200, 200])


# --- the agenda ----------------------------------------------------------------------------------
def test_the_agenda_holds_the_published_sessions_of_the_event_only(
    client: Client, session: Session
) -> None:
    later = SessionFactory.create(
        event=session.event, room=session.room, starts_at=local(FIRST_DAY, 14)
    )
    SessionFactory.create(event=session.event, room=session.room, status="draft")
    cancelled = SessionFactory.create(event=session.event, room=session.room)
    cancel_session(session=cancelled, by=None)
    SessionFactory.create()  # another event's

    response = client.get(agenda_url(session.event))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{session.event.slug}-agenda.ics"'
    )
    assert uids(response) == [session.uid, later.uid]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Nordic Safe Cities Summit 2049"


def test_the_agenda_filters_by_the_day_on_the_venues_clock(
    client: Client, session: Session
) -> None:
    # 00:30 on the second day in Copenhagen is 22:30 UTC on the first.
    after_midnight = SessionFactory.create(
        event=session.event,
        room=session.room,
        starts_at=local(FIRST_DAY + dt.timedelta(days=1), 0, 30),
    )

    first = client.get(agenda_url(session.event, "day=2049-04-20"))
    second = client.get(agenda_url(session.event, "day=2049-04-21"))
    none = client.get(agenda_url(session.event, "day=2049-05-01"))

    assert (uids(first), uids(second), uids(none)) == ([session.uid], [after_midnight.uid], [])
    assert second["Content-Disposition"] == (
        f'attachment; filename="{session.event.slug}-agenda-2049-04-21.ics"'
    )


def test_the_agenda_filters_by_theme_and_by_day_and_theme(client: Client, session: Session) -> None:
    hate = ThemeFactory.create(name="Extremism and hate")
    conspiracy = ThemeFactory.create(name="Conspiracy")
    session.themes.add(hate, conspiracy)
    second_day = SessionFactory.create(
        event=session.event, room=session.room, starts_at=local(FIRST_DAY.replace(day=21), 10)
    )
    second_day.themes.add(hate)
    SessionFactory.create(event=session.event, room=session.room)  # no theme

    by_theme = client.get(agenda_url(session.event, "theme=extremism-and-hate"))
    by_both = client.get(agenda_url(session.event, "theme=extremism-and-hate&day=2049-04-21"))
    by_other = client.get(agenda_url(session.event, "theme=conspiracy"))

    assert uids(by_theme) == [session.uid, second_day.uid]
    assert uids(by_both) == [second_day.uid]
    assert uids(by_other) == [session.uid]
    assert by_both["Content-Disposition"] == (
        f'attachment; filename="{session.event.slug}-agenda-2049-04-21-extremism-and-hate.ics"'
    )


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("day=21-04-2049", "day: Enter a valid date."),
        ("day=2049-02-30", "day: Enter a valid date."),
        (
            "theme=no-such-theme",
            "theme: Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_a_bad_filter_gets_a_plain_400_naming_it(
    client: Client, session: Session, query: str, error: str
) -> None:
    response = client.get(agenda_url(session.event, query))

    assert (response.status_code, response["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert response.content.decode() == error


def test_an_unknown_event_is_not_found(client: Client, db: None) -> None:
    response = client.get(reverse("sessions_app:download_agenda", kwargs={"slug": "nope"}))

    assert response.status_code == 404


@pytest.mark.parametrize("size", [10, 500])
def test_the_agenda_costs_the_same_queries_at_any_size(
    client: Client, event: Event, workshop_room: Room, size: int, django_assert_num_queries: Any
) -> None:
    many_sessions(event, workshop_room, size)

    # The event, then its sessions with event, room and venue joined in.
    with django_assert_num_queries(2):
        response = client.get(agenda_url(event))

    assert len(uids(response)) == size


@pytest.mark.parametrize("size", [10, 500])
def test_the_filtered_agenda_costs_the_same_queries_at_any_size(
    client: Client, event: Event, workshop_room: Room, size: int, django_assert_num_queries: Any
) -> None:
    theme = ThemeFactory.create()
    for session in many_sessions(event, workshop_room, size):
        session.themes.add(theme)

    # The event, the theme, the sessions.
    with django_assert_num_queries(3):
        response = client.get(agenda_url(event, f"theme={theme.slug}&day=2049-04-20"))

    assert len(uids(response)) == size


# --- my agenda -----------------------------------------------------------------------------------
def test_my_agenda_holds_my_seats_only(
    client: Client, session: Session, delegate: User, outsider: User
) -> None:
    room, event = session.room, session.event
    SignupFactory.create(session=session, user=delegate)
    withdrawn = SignupFactory.create(session=SessionFactory.create(event=event, room=room))
    withdrawn.user = delegate
    withdrawn.save()
    withdraw(signup=withdrawn)
    SignupFactory.create(
        session=SessionFactory.create(event=event, room=room), user=delegate, status="waitlisted"
    )
    called_off = SessionFactory.create(event=event, room=room)
    SignupFactory.create(session=called_off, user=delegate)
    cancel_session(session=called_off, by=None)
    SignupFactory.create(session=SessionFactory.create(event=event, room=room), user=outsider)
    client.force_login(delegate)

    response = client.get(reverse("sessions_app:download_my_agenda"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-agenda.ics"'
    assert uids(response) == [session.uid]


def test_my_agenda_of_someone_with_no_seats_is_an_empty_calendar(
    client: Client, session: Session, outsider: User
) -> None:
    SignupFactory.create(session=session)
    client.force_login(outsider)

    response = client.get(reverse("sessions_app:download_my_agenda"))

    assert uids(response) == []


# --- who may do what -----------------------------------------------------------------------------
LOGIN = "/accounts/login/?next="


@pytest.mark.parametrize(
    ("persona", "method", "view", "outcome"),
    [
        (None, "get", "session", 200),
        (None, "get", "agenda", 200),
        (None, "get", "mine", 302),
        (None, "post", "session", 405),
        (None, "post", "agenda", 405),
        (None, "post", "mine", 405),
        ("delegate", "get", "session", 200),
        ("delegate", "get", "agenda", 200),
        ("delegate", "get", "mine", 200),
        ("delegate", "post", "mine", 405),
        ("outsider", "get", "session", 200),
        ("outsider", "get", "mine", 200),
        ("outsider", "post", "agenda", 405),
        ("organizer", "get", "session", 200),
        ("organizer", "get", "agenda", 200),
        ("organizer", "get", "mine", 200),
        ("organizer", "post", "session", 405),
        ("organizer", "head", "agenda", 200),
    ],
)
def test_who_may_download_what(
    client: Client,
    session: Session,
    request: pytest.FixtureRequest,
    persona: str | None,
    method: str,
    view: str,
    outcome: int,
) -> None:
    SignupFactory.create(session=session, user=request.getfixturevalue("delegate"))
    urls = {
        "session": reverse("sessions_app:download_session", kwargs={"pk": session.pk}),
        "agenda": agenda_url(session.event),
        "mine": reverse("sessions_app:download_my_agenda"),
    }
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(urls[view])

    assert response.status_code == outcome
    if outcome == 302:
        assert response["Location"] == LOGIN + urls[view]
    if outcome == 200 and method == "get":
        mine = view == "mine" and persona != "delegate"
        assert uids(response) == ([] if mine else [session.uid])


# --- add-to-calendar links (ical.py, for the session page) ---------------------------------------
def link_params(link: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(link)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query)


def test_the_google_link_carries_utc_times_and_the_place(session: Session) -> None:
    session = Session.objects.select_related("event", "room__venue").get(pk=session.pk)

    link = ical.google_calendar_link(session, url="https://summit.example/sessions/1/")

    assert link_params(link) == (
        "https://calendar.google.com/calendar/render",
        {
            "action": ["TEMPLATE"],
            "text": ["Countering disinformation locally"],
            "dates": ["20490420T080000Z/20490420T093000Z"],
            "details": [
                "20 April 2049, 10:00–11:30 CEST (Europe/Copenhagen)\n\n"
                "Nordic Safe Cities Summit 2049\n\nhttps://summit.example/sessions/1/"
            ],
            "location": [
                "Workshop room 1, Copenhagen City Hall, Rådhuspladsen 1, 1550 København V"
            ],
        },
    )
    assert "+" not in link  # spaces as %20: some clients show a + literally


@pytest.mark.parametrize(
    ("host", "page"),
    [
        ("https://outlook.live.com", "https://outlook.live.com/calendar/0/deeplink/compose"),
        ("https://outlook.office.com", "https://outlook.office.com/calendar/0/deeplink/compose"),
    ],
)
def test_the_outlook_links_carry_utc_times_and_the_place(
    session: Session, host: str, page: str
) -> None:
    session.title = "Malmö, Reykjavík; Tórshavn & more"

    link = ical.outlook_link(session, host=host)

    base, params = link_params(link)
    assert base == page
    assert {name: values for name, values in params.items() if name != "body"} == {
        "path": ["/calendar/action/compose"],
        "rru": ["addevent"],
        "subject": ["Malmö, Reykjavík; Tórshavn & more"],
        "startdt": ["2049-04-20T08:00:00Z"],
        "enddt": ["2049-04-20T09:30:00Z"],
        "location": ["Workshop room 1, Copenhagen City Hall, Rådhuspladsen 1, 1550 København V"],
    }
    assert params["body"][0].startswith("20 April 2049, 10:00–11:30 CEST")
