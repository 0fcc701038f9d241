"""The agenda's rows as the database gives them (sessions_app/agenda_listed.py)."""

from __future__ import annotations

import datetime as dt

from sessions_app.agenda_listed import from_json, moment


def test_a_timestamp_with_an_offset_is_read_as_the_same_moment_in_utc() -> None:
    read = moment("2027-02-05T08:00:00.5+02:00")

    assert read == dt.datetime(2027, 2, 5, 6, 0, 0, 500_000, tzinfo=dt.UTC)
    assert read.isoformat() == "2027-02-05T06:00:00.500000+00:00"


def test_a_timestamp_without_an_offset_is_read_as_utc() -> None:
    # SQLite's JSON_OBJECT gives the stored UTC text as it is
    assert moment("2027-02-05 06:00:00") == dt.datetime(2027, 2, 5, 6, tzinfo=dt.UTC)


def test_a_row_falls_back_to_the_original_title_and_the_rooms_capacity() -> None:
    row = {
        **{"pk": 7, "title": None, "original": "Opening", "format": "talk", "status": "published"},
        **{"starts_at": "2027-02-05T06:00:00+00:00", "ends_at": "2027-02-05T07:00:00+00:00"},
        **{"signup_closes_at": "2027-02-05T05:00:00+00:00", "published_at": None},
        **{"capacity": None, "room_capacity": 30, "seated": 31, "languages": '["da", "en"]'},
        **{"room_id": 1, "room": "A", "venue_id": 2, "venue": "Hall", "time_zone": "UTC"},
    }

    listed = from_json(row)

    assert (listed.title, listed.seats_left, listed.draft) == ("Opening", 0, True)
    assert listed.languages == ["da", "en"]  # a JSON column's text, as SQLite gives it
    assert listed.signup_closes_at == dt.datetime(2027, 2, 5, 5, tzinfo=dt.UTC)
