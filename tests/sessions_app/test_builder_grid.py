"""The builder's grid: an event with venues in London and Helsinki gets one hour column per time
zone on a single time axis (a row is one moment everywhere), a session crossing local midnight
is on both days, and cancelled sessions are listed under the grid instead of on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event, Room, Venue
from sessions_app.builder_grid import Block, Grid
from sessions_app.models import Session
from sessions_app.services import cancel_session
from tests.factories import CityFactory, EventFactory, RoomFactory, VenueFactory
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionFactory, local

DIALOGUE_DAY = dt.date(2049, 5, 10)  # BST (UTC+1) in London, EEST (UTC+3) in Helsinki


@pytest.fixture
def client_(organizer: User) -> Client:
    client = Client()
    client.force_login(organizer)
    return client


@pytest.fixture
def dialogue(db: None) -> Event:
    london = VenueFactory.create(
        name="Guildhall",
        city=CityFactory.create(name="London", country="GB"),
        time_zone="Europe/London",
    )
    helsinki = VenueFactory.create(
        name="Helsinki City Hall",
        city=CityFactory.create(name="Helsinki", country="FI"),
        time_zone="Europe/Helsinki",
    )
    event = EventFactory.create(venue=london, start_date=DIALOGUE_DAY, end_date=DIALOGUE_DAY)
    event.other_venues.add(helsinki)
    RoomFactory.create(venue=london, name="Committee room")
    RoomFactory.create(venue=helsinki, name="Banquet hall")
    return event


def room(event: Event, name: str) -> Room:
    return Room.objects.get(name=name, venue__in=[event.venue, *event.other_venues.all()])


def grid_of(client: Client, event: Event, day: dt.date) -> tuple[Grid, str]:
    url = reverse("sessions_app:builder", args=[event.slug]) + f"?day={day.isoformat()}"
    response = client.get(url)
    assert response.status_code == 200
    return response.context["grid"], response.content.decode()


def block_of(grid: Grid, title: str) -> Block:
    [block] = [b for b in grid.blocks if b.session.title == title]
    return block


def test_two_time_zones_get_their_own_hours_on_one_time_axis(
    client_: Client, dialogue: Event
) -> None:
    # The same moment, 09:00 UTC: 10:00 in London, 12:00 in Helsinki.
    SessionFactory.create(
        event=dialogue,
        title="London opening",
        room=room(dialogue, "Committee room"),
        starts_at=local(DIALOGUE_DAY, 10, zone="Europe/London"),
        ends_at=local(DIALOGUE_DAY, 11, zone="Europe/London"),
    )
    SessionFactory.create(
        event=dialogue,
        title="Helsinki opening",
        room=room(dialogue, "Banquet hall"),
        starts_at=local(DIALOGUE_DAY, 12, zone="Europe/Helsinki"),
        ends_at=local(DIALOGUE_DAY, 13, zone="Europe/Helsinki"),
    )

    grid, body = grid_of(client_, dialogue, DIALOGUE_DAY)

    groups = [
        (g.time_zone, g.abbreviation, g.hour_column, [(c, r.name) for c, r in g.rooms])
        for g in grid.groups
    ]
    assert groups == [
        ("Europe/London", "BST", 1, [(2, "Committee room")]),
        ("Europe/Helsinki", "EEST", 3, [(4, "Banquet hall")]),
    ]
    london, helsinki = block_of(grid, "London opening"), block_of(grid, "Helsinki opening")
    assert (london.rows, london.column, helsinki.rows, helsinki.column) == (
        "18 / 22",
        2,
        "18 / 22",
        4,
    )
    hours = grid.hours
    # From 08:00 in Helsinki (06:00 in London), the earlier of the two 08:00s, on one line.
    assert [h for h in hours if h[1] in (2, 18)] == [
        (1, 2, "06:00"),
        (1, 18, "10:00"),
        (3, 2, "08:00"),
        (3, 18, "12:00"),
    ]
    cells = {(column, row): time for column, row, _room, time in grid.cells}
    assert (cells[2, 18], cells[4, 18]) == ("10:00", "12:00")
    per_zone = "4rem repeat(1, minmax(10rem, 1fr))"
    assert f"grid-template-columns: {per_zone} {per_zone}" in body
    assert "10:00–11:00 BST" in body
    assert "12:00–13:00 EEST" in body
    assert "sessions on the same line take place at the same moment" in body


def test_a_zone_whose_day_ends_first_is_shaded_after_its_midnight(
    client_: Client, dialogue: Event
) -> None:
    # 22:00-23:00 in London is 00:00-01:00 the next day in Helsinki.
    SessionFactory.create(
        event=dialogue,
        title="Late in London",
        room=room(dialogue, "Committee room"),
        starts_at=local(DIALOGUE_DAY, 22, zone="Europe/London"),
        ends_at=local(DIALOGUE_DAY, 23, zone="Europe/London"),
    )

    grid, body = grid_of(client_, dialogue, DIALOGUE_DAY)

    late = block_of(grid, "Late in London")
    last_line = grid.row_count + 2
    assert late.rows == f"{last_line - 4} / {last_line}"
    helsinki_midnight = last_line - 4
    assert grid.shaded == [("3 / 5", f"{helsinki_midnight} / {last_line}", "Next day")]
    helsinki_cells = [t for c, _r, _room, t in grid.cells if c == 4]
    london_cells = [t for c, _r, _room, t in grid.cells if c == 2]
    assert (helsinki_cells[0], helsinki_cells[-1]) == ("08:00", "23:45")
    assert (london_cells[0], london_cells[-1]) == ("06:00", "22:45")
    assert "Next day" in body


def test_a_session_crossing_midnight_is_on_both_days(
    client_: Client, event: Event, workshop_room: Room
) -> None:
    SessionFactory.create(
        event=event,
        title="Night walk",
        room=workshop_room,
        starts_at=local(FIRST_DAY, 22, 30),
        ends_at=local(FIRST_DAY + dt.timedelta(days=1), 1, 30),
    )
    second_day = FIRST_DAY + dt.timedelta(days=1)

    first, first_body = grid_of(client_, event, FIRST_DAY)
    second, second_body = grid_of(client_, event, second_day)

    evening, night = block_of(first, "Night walk"), block_of(second, "Night walk")
    # Day 1 from 08:00: 22:30 is row 2 + 58; cut at midnight, the grid's last line.
    assert (evening.rows, evening.continues_before, evening.continues_after) == (
        "60 / 66",
        False,
        True,
    )
    assert first.row_count == 64
    # Day 2 from 00:00 (widened to fit it): from the first row to 01:30.
    assert (night.rows, night.continues_before, night.continues_after) == ("2 / 8", True, False)
    assert second.hours[0] == (1, 2, "00:00")
    for block in (evening, night):
        assert (block.local_start, block.local_end, block.start_day) == (
            "22:30",
            "01:30",
            FIRST_DAY,
        )
    assert "20 April 2049, 22:30 CEST – 21 April 2049, 01:30 CEST" in first_body
    assert "Continues on the next day" in first_body
    assert "Continued from the previous day" in second_body


def test_a_session_past_midnight_of_the_last_day_adds_that_day(
    client_: Client, event: Event, workshop_room: Room
) -> None:
    last = event.end_date
    SessionFactory.create(
        event=event,
        title="Closing party",
        room=workshop_room,
        starts_at=local(last, 23),
        ends_at=local(last + dt.timedelta(days=1), 1),
    )

    url = reverse("sessions_app:builder", args=[event.slug])
    response = client_.get(url)

    assert response.context["days"] == [FIRST_DAY, last, last + dt.timedelta(days=1)]


def test_cancelled_sessions_are_listed_under_the_grid_not_on_it(
    client_: Client, event: Event, session: Session, organizer: User
) -> None:
    cancel_session(session=session, by=organizer)

    grid, body = grid_of(client_, event, FIRST_DAY)

    assert grid.blocks == []
    link = reverse("sessions_app:builder_session", kwargs={"slug": event.slug, "pk": session.pk})
    assert f'<a href="{link}">Countering disinformation locally</a>' in body
    assert (
        "20 April 2049, 10:00–11:30 CEST, Workshop room 1 · was public: its attendees were told"
        in body
    )


def test_no_cancelled_session_says_so(client_: Client, event: Event, session: Session) -> None:
    _grid, body = grid_of(client_, event, FIRST_DAY)

    assert "No session is cancelled." in body


def test_the_night_clocks_go_back_has_two_rows_of_two_oclock(
    client_: Client, city_hall: Venue
) -> None:
    autumn = dt.date(2049, 10, 31)  # 03:00 CEST becomes 02:00 CET
    event = EventFactory.create(venue=city_hall, start_date=autumn, end_date=autumn)
    hall = RoomFactory.create(venue=city_hall, name="Hall")
    start = dt.datetime(2049, 10, 30, 23, 30, tzinfo=dt.UTC)  # 01:30 CEST
    SessionFactory.create(
        event=event,
        title="Night shift",
        room=hall,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )

    grid, body = grid_of(client_, event, autumn)

    labels = [label for _column, _row, label in grid.hours]
    assert labels[:5] == ["01:00", "02:00", "02:00", "03:00", "04:00"]
    # Three real hours are twelve rows, although the clocks show 01:30 to 03:30.
    assert block_of(grid, "Night shift").rows == "4 / 16"
    assert "01:30 CEST – 03:30 CET" in body
