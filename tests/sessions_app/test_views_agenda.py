"""The public agenda and the session page: days, filters, time zones, drafts, hostile input, and
flat query counts (the agenda and "my agenda" at 10 and at 500 sessions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import Event, Room, Venue
from sessions_app.models import Session, SessionPerson, SessionPolicy, Signup
from tests.factories import CityFactory, EventFactory, RoomFactory, VenueFactory
from tests.sessions_app.conftest import FIRST_DAY, MakeDelegate, seats_cells
from tests.sessions_app.factories import (
    SessionFactory,
    SessionPersonFactory,
    SignupFactory,
    ThemeFactory,
    local,
)

UTC = dt.UTC


def agenda_url(event: Event, query: str = "") -> str:
    url = reverse("sessions_app:agenda", kwargs={"slug": event.slug})
    return f"{url}?{query}" if query else url


def titles_by_day(response: Any) -> list[tuple[dt.date, list[str]]]:
    return [(day, [row.session.title for row in rows]) for day, rows in response.context["days"]]


@pytest.fixture
def other_venue(event: Event) -> Venue:
    venue = VenueFactory.create(
        name="Industriens Hus", address="H. C. Andersens Boulevard 18\n1553 København V"
    )
    event.other_venues.add(venue)
    return venue


@pytest.fixture
def three_sessions(
    event: Event, workshop_room: Room, festsal: Room, other_venue: Venue
) -> list[Session]:
    """A Danish plenary, an English workshop, and a bilingual panel at the other venue."""
    extremism = ThemeFactory.create(name="Extremism and hate")
    conspiracy = ThemeFactory.create(name="Conspiracy")
    plenary = SessionFactory.create(
        event=event,
        title="Opening plenary",
        format=Session.Format.PLENARY,
        room=festsal,
        starts_at=local(FIRST_DAY, 9),
        ends_at=local(FIRST_DAY, 10),
        languages=["da"],
    )
    workshop = SessionFactory.create(
        event=event,
        title="InfoHouse workshop",
        format=Session.Format.WORKSHOP,
        room=workshop_room,
        starts_at=local(FIRST_DAY, 11),
        ends_at=local(FIRST_DAY, 12),
        languages=["en"],
    )
    panel = SessionFactory.create(
        event=event,
        title="Panel on conspiracies",
        format=Session.Format.PANEL,
        room=RoomFactory.create(venue=other_venue, name="Auditorium"),
        starts_at=local(FIRST_DAY + dt.timedelta(days=1), 9),
        ends_at=local(FIRST_DAY + dt.timedelta(days=1), 10),
        languages=["da", "en"],
    )
    plenary.themes.set([extremism])
    workshop.themes.set([extremism, conspiracy])
    panel.themes.set([conspiracy])
    return [plenary, workshop, panel]


# --- days and filters ---------------------------------------------------------------------------
def test_the_agenda_groups_sessions_by_the_local_day_of_their_venue(
    event: Event, workshop_room: Room
) -> None:
    # 00:30 on the second day in Copenhagen is 22:30 UTC on the first: it belongs to the second.
    SessionFactory.create(
        event=event,
        title="Late networking",
        room=workshop_room,
        starts_at=dt.datetime(2049, 4, 20, 22, 30, tzinfo=UTC),
        ends_at=dt.datetime(2049, 4, 20, 23, 30, tzinfo=UTC),
    )
    SessionFactory.create(event=event, title="Morning workshop", room=workshop_room)

    response = Client().get(agenda_url(event))

    assert response.status_code == 200
    assert titles_by_day(response) == [
        (dt.date(2049, 4, 20), ["Morning workshop"]),
        (dt.date(2049, 4, 21), ["Late networking"]),
    ]
    page = response.content.decode()
    assert '<a href="#day-2049-04-21">Wednesday 21 April</a>' in page
    assert "00:30–01:30 CEST" in page


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Opening plenary", "InfoHouse workshop", "Panel on conspiracies"]),
        ("theme=conspiracy", ["InfoHouse workshop", "Panel on conspiracies"]),
        ("format=plenary", ["Opening plenary"]),
        ("language=en", ["InfoHouse workshop", "Panel on conspiracies"]),
        ("language=da&theme=extremism-and-hate", ["Opening plenary"]),
        ("place=venue-{venue}", ["Panel on conspiracies"]),
        ("place=room-{room}", ["InfoHouse workshop"]),
        ("format=site_visit", []),
    ],
)
def test_the_agenda_filters_by_theme_format_place_and_language(
    event: Event,
    three_sessions: list[Session],
    other_venue: Venue,
    workshop_room: Room,
    query: str,
    titles: list[str],
) -> None:
    query = query.format(venue=other_venue.pk, room=workshop_room.pk)

    response = Client().get(agenda_url(event, query))

    assert response.status_code == 200
    assert [title for _day, day_titles in titles_by_day(response) for title in day_titles] == titles


def test_a_filtered_agenda_says_how_many_sessions_it_shows(
    event: Event, three_sessions: list[Session]
) -> None:
    page = Client().get(agenda_url(event, "theme=conspiracy")).content.decode()

    assert "Showing 2 of 3 sessions." in page


def test_the_filters_offer_what_the_agenda_uses(
    event: Event, three_sessions: list[Session], other_venue: Venue
) -> None:
    form = Client().get(agenda_url(event)).context["form"]

    assert [label for _value, label in form.fields["theme"].choices] == [
        "All themes",
        "Conspiracy",
        "Extremism and hate",
    ]
    assert [label for _value, label in form.fields["language"].choices] == [
        "Any language",
        "Danish",
        "English",
    ]
    venues = [group for group, _options in form.fields["place"].choices[1:]]
    assert venues == ["Copenhagen City Hall", "Industriens Hus"]


def test_nonsense_filters_are_ignored_and_shown_escaped(
    event: Event, three_sessions: list[Session]
) -> None:
    query = "theme=<script>x</script>&place=room-abc&language=zz&format=1&tz=Mars/Olympus"

    response = Client().get(agenda_url(event, query))

    assert response.status_code == 200
    assert len([title for _day, titles in titles_by_day(response) for title in titles]) == 3
    page = response.content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt; is not one of the available choices" in page


def test_the_event_page_links_to_its_agenda(event: Event) -> None:
    page = Client().get(event.get_absolute_url()).content.decode()

    assert f'<a class="button" href="{agenda_url(event)}">Agenda</a>' in page


# --- drafts and cancellations -------------------------------------------------------------------
def test_drafts_are_invisible_to_the_public_and_marked_for_organizers(
    event: Event, session: Session, workshop_room: Room, organizer: User, approved_delegate: User
) -> None:
    SessionFactory.create(
        event=event, title="Secret draft", room=workshop_room, status=Session.Status.DRAFT
    )
    as_organizer = Client()
    as_organizer.force_login(organizer)
    as_delegate = Client()
    as_delegate.force_login(approved_delegate)

    for client in (Client(), as_delegate):
        page = client.get(agenda_url(event)).content.decode()
        assert "Secret draft" not in page
        assert "Countering disinformation locally" in page
    page = as_organizer.get(agenda_url(event)).content.decode()
    assert "Secret draft" in page
    assert page.count("Draft: only organizers see it") == 1


def test_a_cancelled_session_stays_on_the_agenda_marked_cancelled(
    event: Event, session: Session
) -> None:
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)

    page = Client().get(agenda_url(event)).content.decode()

    assert "Countering disinformation locally" in page
    assert '<span class="badge status-cancelled">Cancelled</span>' in page


# --- time zones ---------------------------------------------------------------------------------
def test_times_are_local_with_the_zone_and_also_in_the_viewers_zone(
    event: Event, session: Session
) -> None:
    client = Client()

    plain = client.get(agenda_url(event)).content.decode()
    chosen = client.get(agenda_url(event, "tz=America/New_York")).content.decode()

    assert "10:00–11:30 CEST" in plain
    assert "in America/New_York" not in plain
    assert "10:00–11:30 CEST" in chosen
    assert "20 April 2049, 04:00–05:30 EDT in America/New_York" in chosen


def test_the_chosen_zone_is_remembered_until_cleared(event: Event, session: Session) -> None:
    client = Client()
    client.get(agenda_url(event, "tz=Asia/Tokyo"))

    remembered = client.get(session.get_absolute_url()).content.decode()
    client.get(agenda_url(event, "tz="))
    forgotten = client.get(session.get_absolute_url()).content.decode()

    assert "20 April 2049, 17:00–18:30 JST in Asia/Tokyo" in remembered
    assert '<option value="Asia/Tokyo" selected>' in remembered
    assert "in Asia/Tokyo" not in forgotten


def test_a_session_on_the_night_clocks_go_back_shows_the_right_local_time(db: None) -> None:
    """30 October 2022: Copenhagen's clocks go from 03:00 CEST back to 02:00 CET."""
    copenhagen = CityFactory.create(name="Copenhagen", country="DK")
    venue = VenueFactory.create(city=copenhagen, time_zone="Europe/Copenhagen")
    event = EventFactory.create(
        venue=venue, start_date=dt.date(2022, 10, 29), end_date=dt.date(2022, 10, 30)
    )
    room = RoomFactory.create(venue=venue)
    across = SessionFactory.create(  # 02:30 CEST to 02:30 CET: one hour, same wall clock
        event=event,
        title="Across the change",
        room=room,
        starts_at=dt.datetime(2022, 10, 30, 0, 30, tzinfo=UTC),
        ends_at=dt.datetime(2022, 10, 30, 1, 30, tzinfo=UTC),
    )
    SessionFactory.create(
        event=event,
        title="After the change",
        room=room,
        starts_at=dt.datetime(2022, 10, 30, 9, 0, tzinfo=UTC),
        ends_at=dt.datetime(2022, 10, 30, 10, 0, tzinfo=UTC),
    )

    response = Client().get(agenda_url(event))
    detail = Client().get(across.get_absolute_url()).content.decode()

    assert [(row.session.title, row.clock) for row in response.context["days"][0][1]] == [
        ("Across the change", "02:30 CEST – 02:30 CET"),
        ("After the change", "10:00–11:00 CET"),
    ]
    assert "30 October 2022, 02:30 CEST – 02:30 CET" in detail


# --- the session page ---------------------------------------------------------------------------
def test_the_session_page_shows_people_place_and_seats(
    session: Session, make_delegate: MakeDelegate
) -> None:
    SessionPersonFactory.create(
        session=session, name="Mette Moderator", role=SessionPerson.Role.MODERATOR
    )
    SessionPersonFactory.create(session=session, name="Sami Speaker", office="mayor")
    SignupFactory.create(session=session, user=make_delegate())

    response = Client().get(session.get_absolute_url())

    page = response.content.decode()
    assert [p.name for p in response.context["speakers"]] == ["Sami Speaker"]
    assert [p.name for p in response.context["moderators"]] == ["Mette Moderator"]
    assert "Workshop room 1, Copenhagen City Hall" in page
    assert "Rådhuspladsen 1, 1550 København V<br>Copenhagen, Denmark" in page
    assert "29 of 30 left" in page
    assert "20 April 2049, 10:00–11:30 CEST" in page


def test_a_script_in_a_title_is_shown_escaped(event: Event, session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(title='<script>alert("t")</script>')

    for url in (agenda_url(event), session.get_absolute_url()):
        page = Client().get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page


def test_the_description_is_markdown_rendered_and_sanitised(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(
        description=(
            "How **Copenhagen** works [together](https://example.org/a).\n\n"
            "<script>alert('s')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n'
            '[click](javascript:alert(2)) <a href="#" onclick="alert(3)">here</a>\n\n'
            "- one\n- two\n"
        )
    )

    response = Client().get(session.get_absolute_url())

    html = str(response.context["description"])
    assert "<strong>Copenhagen</strong>" in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow">together</a>' in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    for hostile in ("<script", "alert('s')", "<img", "onerror", "javascript:", "onclick"):
        assert hostile not in html
    assert "alert('s')" not in response.content.decode()


# --- closed and past sessions -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("closes_before", "now_before_start", "seats"),
    [
        (None, dt.timedelta(hours=2), "29 left"),  # no policy: it closes an hour before
        (None, dt.timedelta(minutes=30), "Sign-up closed"),
        (dt.timedelta(hours=3), dt.timedelta(hours=4), "29 left"),
        (dt.timedelta(hours=3), dt.timedelta(hours=2), "Sign-up closed"),
    ],
)
def test_the_agenda_says_sign_up_closed_once_the_events_deadline_has_passed(
    session: Session,
    make_delegate: MakeDelegate,
    monkeypatch: pytest.MonkeyPatch,
    closes_before: dt.timedelta | None,
    now_before_start: dt.timedelta,
    seats: str,
) -> None:
    if closes_before is not None:
        SessionPolicy.objects.create(event=session.event, signup_closes_before=closes_before)
    SignupFactory.create(session=session, user=make_delegate())
    now = session.starts_at - now_before_start
    monkeypatch.setattr("sessions_app.agenda_views.timezone.now", lambda: now)

    response = Client().get(agenda_url(session.event))

    assert seats_cells(response) == [seats]
    cell = f'<td class="seats"><span class="label">Seats: </span>{seats}</td>'
    assert cell in response.content.decode()


def test_a_past_events_agenda_and_session_page_show_no_seats_left(
    event: Event, session: Session, make_delegate: MakeDelegate, monkeypatch: pytest.MonkeyPatch
) -> None:
    attendee = make_delegate()
    SignupFactory.create(session=session, user=attendee)
    after = local(event.end_date + dt.timedelta(days=1), 9)
    monkeypatch.setattr("sessions_app.views.timezone.now", lambda: after)
    signed_in = Client()
    signed_in.force_login(attendee)

    agenda = Client().get(agenda_url(event))
    detail = Client().get(session.get_absolute_url()).content.decode()
    attendees_view = signed_in.get(session.get_absolute_url()).content.decode()

    assert seats_cells(agenda) == ["–"]
    assert "left" not in agenda.content.decode()
    for gone in ("left", "<dt>Seats</dt>", "Sign-up closed", "Sign-up closes", "Add to your"):
        assert gone not in detail, gone
    assert "This session has ended." in detail
    # Nothing to leave once it is over, for those who were signed up either.
    assert "This session has ended." in attendees_view
    assert "Withdraw" not in attendees_view
    assert "20 April 2049, 10:00–11:30 CEST" in detail
    assert "Workshop room 1, Copenhagen City Hall" in detail


# --- query budget -------------------------------------------------------------------------------
def build_sessions(event: Event, room: Room, count: int, attendee: User, first: int = 0) -> None:
    """`count` published sessions with a theme, two people and the attendee signed up: with
    bulk_create, so 500 take a moment."""
    theme = ThemeFactory.create(name="Extremism and hate")
    now = timezone.now()
    sessions = Session.objects.bulk_create(
        Session(
            event=event,
            title=f"Session {n}",
            slug=f"session-{n}",
            room=room,
            starts_at=local(FIRST_DAY + dt.timedelta(days=n % 2), 9) + dt.timedelta(minutes=n),
            ends_at=local(FIRST_DAY + dt.timedelta(days=n % 2), 10) + dt.timedelta(minutes=n),
            status=Session.Status.PUBLISHED,
            published_at=now,
            languages=["en", "da"],
        )
        for n in range(first, first + count)
    )
    Session.themes.through.objects.bulk_create(
        Session.themes.through(session_id=s.pk, theme_id=theme.pk) for s in sessions
    )
    SessionPerson.objects.bulk_create(
        SessionPerson(session=s, name=name, role=role)
        for s in sessions
        for name, role in (("Speaker", "speaker"), ("Moderator", "moderator"))
    )
    Signup.objects.bulk_create(
        Signup(session=s, user=attendee, status=Signup.Status.SIGNED_UP) for s in sessions
    )


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["agenda", "agenda_as_delegate", "my_agenda"])
def test_the_pages_issue_as_many_queries_at_500_sessions_as_at_10(
    event: Event,
    workshop_room: Room,
    approved_delegate: User,
    django_assert_num_queries: Any,
    page: str,
    settings: Any,
) -> None:
    # The queries of a render: the cache, which would answer without any, is off.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = Client()
    if page != "agenda":
        client.force_login(approved_delegate)
    url = reverse("sessions_app:my_agenda") if page == "my_agenda" else agenda_url(event)
    build_sessions(event, workshop_room, 10, approved_delegate)
    client.get(url)  # warm caches that fill once per process (content types)
    at_10 = count_queries(client, url)

    build_sessions(event, workshop_room, 490, approved_delegate, first=10)

    with django_assert_num_queries(at_10):
        response = client.get(url)
    groups = response.context["events" if page == "my_agenda" else "days"]
    assert sum(len(rows) for _key, rows in groups) == 500
