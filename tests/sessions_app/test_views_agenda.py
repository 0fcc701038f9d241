"""The public agenda: days, filters, time zones, drafts and cancellations, hostile input. The
session page is in test_views_session.py, the query budget in test_agenda_query_budget.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from events.models import Event, Room, Venue
from sessions_app.models import Session
from tests.factories import CityFactory, EventFactory, RoomFactory, VenueFactory
from tests.sessions_app.conftest import FIRST_DAY, agenda_url
from tests.sessions_app.factories import (
    SessionFactory,
    ThemeFactory,
    local,
)

UTC = dt.UTC


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


def test_the_times_and_seats_kept_per_process_follow_the_language(
    event: Event, session: Session
) -> None:
    # The time and seats cells are kept per process (agenda_views._when, _seats_left): a page
    # in one language must not hand its words to the next in another.
    url = agenda_url(event, "tz=America/New_York")

    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content.decode()
    danish = Client(HTTP_ACCEPT_LANGUAGE="da").get(url).content.decode()

    assert "20 April 2049, 04:00–05:30 EDT in America/New_York" in english
    assert " left</td>" in english
    assert "20. april 2049, 04:00–05:30 EDT i America/New_York" in danish
    assert " ledige</td>" in danish
    assert " left</td>" not in danish


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
