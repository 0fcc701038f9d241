"""The calendar core (sessions_app.ical): every calendar parsed back by icalendar and by vobject,
an independent parser; UTC times across the changes of summer time; text that needs escaping."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import icalendar
import pytest
import vobject

from events import ical as event_ical
from events.models import Venue
from sessions_app import ical
from sessions_app.models import Session
from sessions_app.services import cancel_session, move_session, update_session
from tests.factories import CityFactory, EventFactory, RoomFactory, UserFactory, VenueFactory
from tests.sessions_app.conftest import FIRST_DAY
from tests.sessions_app.factories import SessionFactory, SignupFactory, local

NOW = dt.datetime(2049, 3, 1, 12, 0, tzinfo=dt.UTC)
ORGANIZER = "Summit team <summit@example.org>"


def lines(ics: str) -> list[str]:
    """Unfolded content lines (RFC 5545 3.1), after checking that every line ends in CRLF."""
    assert ics.endswith("\r\n")
    raw = ics[:-2].split("\r\n")
    assert not any("\n" in line or "\r" in line for line in raw)
    return ics.replace("\r\n ", "").split("\r\n")[:-1]


def one_event(ics: str) -> icalendar.Event:
    events = icalendar.Calendar.from_ical(ics).events
    assert len(events) == 1
    return events[0]


def vevent(ics: str) -> Any:
    return vobject.readOne(ics).vevent


def venue_in(zone: str, city: str, country: str) -> Venue:
    return VenueFactory.create(
        name=f"{city} City Hall",
        city=CityFactory.create(name=city, country=country),
        time_zone=zone,
    )


def session_at(venue: Venue, starts_at: dt.datetime, minutes: int = 90, **kwargs: Any) -> Session:
    event = EventFactory.create(venue=venue, start_date=starts_at.date(), end_date=starts_at.date())
    starts_at = starts_at.astimezone(dt.UTC)  # add minutes in UTC: across a change, wall time lies
    session = SessionFactory.create(
        event=event,
        room=RoomFactory.create(venue=venue, name="Room A"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        **kwargs,
    )
    # As the code under test gets it: read back from the database, in UTC.
    return Session.objects.for_agenda().select_related("event").get(pk=session.pk)


# --- one session ---------------------------------------------------------------------------------
def test_a_session_event_has_every_property_and_only_utc_times(session: Session) -> None:
    session = Session.objects.for_agenda().select_related("event").get(pk=session.pk)
    ics = ical.to_ics(ical.agenda_calendar([session], now=NOW, url_for=lambda s: f"/s/{s.slug}"))

    assert lines(ics) == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Summit//Sessions//EN",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        "SUMMARY:Countering disinformation locally",
        "DTSTART:20490420T080000Z",
        "DTEND:20490420T093000Z",
        "DTSTAMP:20490301T120000Z",
        f"UID:{session.uid}",
        "SEQUENCE:0",
        "DESCRIPTION:20 April 2049\\, 10:00–11:30 CEST (Europe/Copenhagen)\\n\\nNordic Safe "
        "Cities Summit 2049",
        "LAST-MODIFIED:" + session.updated_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
        "LOCATION:Workshop room 1\\, Copenhagen City Hall\\, Rådhuspladsen 1\\, 1550 København V",
        "STATUS:CONFIRMED",
        "URL:/s/countering-disinformation",
        "END:VEVENT",
        "END:VCALENDAR",
    ]


def test_no_tzid_and_no_vtimezone_are_ever_written(session: Session) -> None:
    signup = SignupFactory.create(session=session)
    calendars = [
        ical.agenda_calendar([session], now=NOW),
        ical.invite_calendar(signup, method="REQUEST", organizer=ORGANIZER, now=NOW),
        ical.invite_calendar(signup, method="CANCEL", organizer=ORGANIZER, now=NOW),
        event_ical.event_days_calendar(session.event, now=NOW),
    ]

    for calendar in calendars:
        ics = ical.to_ics(calendar)
        assert "TZID" not in ics
        assert "VTIMEZONE" not in ics
        for line in lines(ics):
            if line.startswith(("DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED")):
                assert line.endswith("Z") or ";VALUE=DATE:" in line, line


def test_the_calendar_functions_run_no_queries(
    session: Session, django_assert_num_queries: Any
) -> None:
    signup = SignupFactory.create(session=session)
    session = Session.objects.for_agenda().select_related("event").get(pk=session.pk)
    signup = type(signup).objects.select_related("user").get(pk=signup.pk)
    signup.session = session

    with django_assert_num_queries(0):
        ical.to_ics(ical.agenda_calendar([session], now=NOW))
        ical.to_ics(ical.invite_calendar(signup, method="REQUEST", organizer=ORGANIZER, now=NOW))


def test_naive_times_are_refused(session: Session) -> None:
    session.starts_at = dt.datetime(2049, 4, 20, 10, 0)

    with pytest.raises(ValueError, match="aware"):
        ical.session_event(session, now=NOW)


# --- revisions -----------------------------------------------------------------------------------
def test_the_uid_stays_and_sequence_follows_the_revision_through_move_and_cancel(
    session: Session,
) -> None:
    uid = session.uid
    seen = [one_event(ical.to_ics(ical.agenda_calendar([session], now=NOW)))]
    update_session(session=session, by=None, title="A better title")  # an edit: no bump
    session.refresh_from_db()
    seen.append(one_event(ical.to_ics(ical.agenda_calendar([session], now=NOW))))
    session = move_session(
        session=session, starts_at=local(FIRST_DAY, 14), room=session.room, by=None
    )
    seen.append(one_event(ical.to_ics(ical.agenda_calendar([session], now=NOW))))
    session = cancel_session(session=session, by=None)
    seen.append(one_event(ical.to_ics(ical.agenda_calendar([session], now=NOW))))

    assert [(str(e["UID"]), e["SEQUENCE"], str(e["STATUS"])) for e in seen] == [
        (uid, 0, "CONFIRMED"),
        (uid, 0, "CONFIRMED"),
        (uid, 1, "CONFIRMED"),
        (uid, 2, "CANCELLED"),
    ]
    assert seen[2].start == dt.datetime(2049, 4, 20, 12, 0, tzinfo=dt.UTC)


def test_dtstamp_is_utc_whatever_zone_now_comes_in(session: Session) -> None:
    in_helsinki = dt.datetime(2049, 3, 1, 14, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Helsinki"))

    ics = ical.to_ics(ical.agenda_calendar([session], now=in_helsinki))

    assert "DTSTAMP:20490301T120000Z" in lines(ics)
    assert vevent(ics).dtstamp.value == NOW


def test_a_draft_is_tentative_and_a_cancelled_session_cancelled(session: Session) -> None:
    draft = SessionFactory.create(event=session.event, room=session.room, status="draft")
    cancelled = SessionFactory.create(event=session.event, room=session.room, status="cancelled")

    ics = ical.to_ics(ical.agenda_calendar([session, draft, cancelled], now=NOW))

    statuses = {str(e["UID"]): str(e["STATUS"]) for e in icalendar.Calendar.from_ical(ics).events}
    assert statuses == {
        session.uid: "CONFIRMED",
        draft.uid: "TENTATIVE",
        cancelled.uid: "CANCELLED",
    }


# --- daylight saving -----------------------------------------------------------------------------
ZONES = {
    "Europe/Copenhagen": ("Copenhagen", "DK"),
    "Europe/London": ("London", "GB"),
    "Europe/Helsinki": ("Helsinki", "FI"),
}


@pytest.mark.parametrize(
    ("zone", "day", "hour", "utc"),
    [
        # 30 October 2022: Europe leaves summer time at 01:00 UTC; the day before is summer.
        ("Europe/Copenhagen", dt.date(2022, 10, 29), 10, "20221029T080000Z"),
        ("Europe/Copenhagen", dt.date(2022, 10, 30), 10, "20221030T090000Z"),
        ("Europe/London", dt.date(2022, 10, 29), 10, "20221029T090000Z"),
        ("Europe/London", dt.date(2022, 10, 30), 10, "20221030T100000Z"),
        ("Europe/Helsinki", dt.date(2022, 10, 29), 10, "20221029T070000Z"),
        ("Europe/Helsinki", dt.date(2022, 10, 30), 10, "20221030T080000Z"),
        # 27 March 2022: summer time begins at 01:00 UTC.
        ("Europe/Copenhagen", dt.date(2022, 3, 26), 10, "20220326T090000Z"),
        ("Europe/Copenhagen", dt.date(2022, 3, 27), 10, "20220327T080000Z"),
        ("Europe/London", dt.date(2022, 3, 26), 10, "20220326T100000Z"),
        ("Europe/London", dt.date(2022, 3, 27), 10, "20220327T090000Z"),
        ("Europe/Helsinki", dt.date(2022, 3, 26), 10, "20220326T080000Z"),
        ("Europe/Helsinki", dt.date(2022, 3, 27), 10, "20220327T070000Z"),
    ],
)
def test_sessions_around_the_changes_of_summer_time_are_written_at_the_right_instant(
    db: None, zone: str, day: dt.date, hour: int, utc: str
) -> None:
    session = session_at(venue_in(zone, *ZONES[zone]), local(day, hour, zone=zone))

    ics = ical.to_ics(ical.agenda_calendar([session], now=NOW))

    expected = dt.datetime.strptime(utc, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    assert f"DTSTART:{utc}" in lines(ics)
    assert one_event(ics).start == expected
    assert vevent(ics).dtstart.value == expected
    assert vevent(ics).dtend.value == expected + dt.timedelta(minutes=90)


def test_a_night_session_across_the_autumn_change_keeps_its_real_length(db: None) -> None:
    # 01:30 CEST to 02:30 CET in Copenhagen: the clock shows one hour, two hours pass.
    first_0130 = local(dt.date(2022, 10, 30), 1, 30)
    session = session_at(venue_in("Europe/Copenhagen", "Copenhagen", "DK"), first_0130, 120)

    ics = ical.to_ics(ical.agenda_calendar([session], now=NOW))

    times = [line for line in lines(ics) if line.startswith(("DTSTART", "DTEND"))]
    assert times == ["DTSTART:20221029T233000Z", "DTEND:20221030T013000Z"]
    assert vevent(ics).dtend.value - vevent(ics).dtstart.value == dt.timedelta(hours=2)


# --- text ----------------------------------------------------------------------------------------
def test_commas_semicolons_newlines_and_nordic_letters_round_trip(db: None) -> None:
    venue = VenueFactory.create(
        name="Norðurlandahúsið; Salur 2",
        address="Norðari Ringvegur 1,\nFO-100 Tórshavn",
        city=CityFactory.create(name="Tórshavn", country="FO"),
        time_zone="Atlantic/Faroe",
    )
    title = "Malmö, Reykjavík; Tórshavn\nthree harbours, one plan: ønsker & “quotes” " * 2
    session = session_at(venue, local(dt.date(2049, 6, 1), 9, zone="Atlantic/Faroe"))
    session.title = title
    session.description = "Line one; with a semicolon,\nline two – Malmö\\Reykjavík"

    ics = ical.to_ics(ical.agenda_calendar([session], now=NOW))

    place = "Room A, Norðurlandahúsið; Salur 2, Norðari Ringvegur 1,\nFO-100 Tórshavn"
    parsed, other = one_event(ics), vevent(ics)
    assert (str(parsed["SUMMARY"]), str(parsed["LOCATION"])) == (title, place)
    assert (other.summary.value, other.location.value) == (title, place)
    assert other.description.value.endswith(
        "Line one; with a semicolon,\nline two – Malmö\\Reykjavík"
    )
    assert str(parsed["DESCRIPTION"]) == other.description.value
    # Folded by icalendar at 75 octets, never inside a UTF-8 sequence.
    assert max(len(line.encode()) for line in ics.split("\r\n")) <= 75


# --- invites -------------------------------------------------------------------------------------
def test_an_invite_names_the_organizer_and_only_its_attendee_without_asking_for_a_reply(
    session: Session,
) -> None:
    user = UserFactory.create(email="åsa.lund@example.se", first_name="Åsa", last_name="Lund")
    signup = SignupFactory.create(session=session, user=user, personal_sequence=2)

    ics = ical.to_ics(ical.invite_calendar(signup, method="REQUEST", organizer=ORGANIZER, now=NOW))

    event = one_event(ics)
    assert icalendar.Calendar.from_ical(ics)["METHOD"] == "REQUEST"
    assert (str(event["ORGANIZER"]), event["ORGANIZER"].params["CN"]) == (
        "mailto:summit@example.org",
        "Summit team",
    )
    attendees = event.get("ATTENDEE")
    assert not isinstance(attendees, list)
    assert str(attendees) == "mailto:åsa.lund@example.se"
    assert dict(attendees.params) == {
        "CN": "Åsa Lund",
        "CUTYPE": "INDIVIDUAL",
        "ROLE": "REQ-PARTICIPANT",
        "RSVP": "FALSE",
    }
    assert (event["SEQUENCE"], str(event["STATUS"])) == (2, "CONFIRMED")
    other = vevent(ics)
    assert [a.value for a in other.attendee_list] == ["mailto:åsa.lund@example.se"]
    assert other.organizer.value == "mailto:summit@example.org"


def test_a_cancel_keeps_the_uid_and_is_cancelled(session: Session) -> None:
    signup = SignupFactory.create(session=session, personal_sequence=1)

    ics = ical.to_ics(ical.invite_calendar(signup, method="CANCEL", organizer=ORGANIZER, now=NOW))

    event = one_event(ics)
    assert "METHOD:CANCEL" in lines(ics)
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (
        session.uid,
        1,
        "CANCELLED",
    )
    assert vobject.readOne(ics).method.value == "CANCEL"


def test_the_event_days_are_one_all_day_entry_that_blocks_no_time(db: None) -> None:
    event = EventFactory.create(
        name="Nordic Safe Cities Summit, Malmö",
        venue=VenueFactory.create(name="Malmö Live", address="Dag Hammarskjölds torg 4"),
        start_date=dt.date(2049, 4, 20),
        end_date=dt.date(2049, 4, 21),
    )

    ics = ical.to_ics(
        event_ical.event_days_calendar(event, now=NOW, url="https://summit.example/e/")
    )

    entry = one_event(ics)
    assert (entry.start, entry.end) == (dt.date(2049, 4, 20), dt.date(2049, 4, 22))
    assert "DTSTART;VALUE=DATE:20490420" in lines(ics)
    assert (str(entry["UID"]), str(entry["TRANSP"])) == (
        f"event-{event.pk}@127.0.0.1",
        "TRANSPARENT",
    )
    assert vevent(ics).summary.value == "Nordic Safe Cities Summit, Malmö"
    assert vevent(ics).location.value == "Malmö Live, Dag Hammarskjölds torg 4"
