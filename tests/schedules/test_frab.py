"""The pure builders (schedules.frab) with awkward data, checked against the c3voc schemas;
and sessions_app.session_uuid, the guid every export shares. No database here."""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET
import zoneinfo

import pytest

from schedules import frab
from sessions_app.models import session_uuid
from tests.schedules.conftest import json_errors, xml_errors

ZONE = zoneinfo.ZoneInfo("Europe/Copenhagen")


def talk(n: int, **kwargs: object) -> frab.Talk:
    values: dict[str, object] = {
        "id": n,
        "guid": str(uuid.uuid4()),
        "title": f"Talk {n}",
        "slug": f"talk-{n}",
        "description": "",
        "format": "workshop",
        "cancelled": False,
        "starts_at": dt.datetime(2049, 6, 15, 10, tzinfo=ZONE),
        "ends_at": dt.datetime(2049, 6, 15, 11, tzinfo=ZONE),
        "languages": [],
        "room": "Room A",
        "url": f"https://summit.example/sessions/{n}/",
    }
    values.update(kwargs)
    return frab.Talk(**values)  # type: ignore[arg-type]


def schedule(*talks: frab.Talk, slug: str = "nsc-2049") -> frab.Schedule:
    conference = frab.Conference(
        slug=slug,
        title="Summit",
        description="",
        time_zone="Europe/Copenhagen",
        start_date=dt.date(2049, 6, 15),
        end_date=dt.date(2049, 6, 15),
        url="https://summit.example/events/nsc-2049/agenda/",
        base_url="https://summit.example/",
        version="1",
    )
    rooms = sorted({t.room for t in talks} | {"Room A"})
    guids = [frab.Room(name=name, guid=str(uuid.uuid4())) for name in rooms]
    return frab.Schedule(conference=conference, rooms=guids, talks=list(talks))


def both_valid(data: frab.Schedule) -> tuple[dict[str, object], bytes]:
    document = frab.schedule_json(data)
    content = frab.schedule_xml(data, url="https://summit.example/events/x/schedule.xml")
    # What the view serves: the document through json.dumps, not the dict as built.
    assert json_errors(json.loads(json.dumps(document))) == []
    assert xml_errors(content) == []
    return document, content


@pytest.mark.parametrize("slug", ["ab", "A", "nsc-annual-summit-2049", "x_y", "2049", "UPPER-case"])
def test_any_event_slug_makes_a_valid_acronym(slug: str) -> None:
    document, content = both_valid(schedule(talk(1), slug=slug))

    acronym = document["schedule"]["conference"]["acronym"]  # type: ignore[index]
    assert ET.fromstring(content).findtext("conference/acronym") == acronym


@pytest.mark.parametrize("slug", ["a", "-", "", "A_B", "x--y-", "Ünïcode", "a" * 100])
def test_any_session_slug_makes_a_valid_talk_slug(slug: str) -> None:
    both_valid(schedule(talk(1, slug=slug)))


def test_control_characters_are_left_out_of_the_xml_and_kept_in_the_json() -> None:
    data = schedule(talk(1, title="Bell\x07 and tab\t", description="Line\x0bfeed\n\nNext"))

    document, content = both_valid(data)

    assert ET.fromstring(content).findtext("day/room/event/title") == "Bell and tab\t"
    [day] = document["schedule"]["conference"]["days"]  # type: ignore[index]
    assert day["rooms"]["Room A"][0]["description"] == "Line\x0bfeed\n\nNext"


def test_a_long_session_and_one_past_midnight_stay_valid() -> None:
    long = talk(1, ends_at=dt.datetime(2049, 6, 16, 12, tzinfo=ZONE))
    night = talk(
        2,
        starts_at=dt.datetime(2049, 6, 15, 23, 30, tzinfo=ZONE),
        ends_at=dt.datetime(2049, 6, 16, 0, 30, tzinfo=ZONE),
    )

    document, _content = both_valid(schedule(long, night))

    [day] = document["schedule"]["conference"]["days"]  # type: ignore[index]
    assert [t["duration"] for t in day["rooms"]["Room A"]] == ["26:00", "01:00"]


def test_a_session_outside_the_event_days_stretches_the_days() -> None:
    before = talk(1, starts_at=dt.datetime(2049, 6, 13, 18, tzinfo=ZONE))
    before.ends_at = before.starts_at + dt.timedelta(hours=2)

    document, content = both_valid(schedule(before, talk(2)))

    conference = document["schedule"]["conference"]  # type: ignore[index]
    assert [d["date"] for d in conference["days"]] == ["2049-06-13", "2049-06-14", "2049-06-15"]
    assert [d.attrib["index"] for d in ET.fromstring(content).iter("day")] == ["1", "2", "3"]


def test_people_tracks_and_languages_are_written_in_both_formats() -> None:
    data = schedule(
        talk(
            1,
            languages=["sv", "en"],
            tracks=[frab.Track("Cohesion", "cohesion"), frab.Track("X", "X")],
            persons=[frab.Person(str(uuid.uuid4()), "Åsa Öberg")],
        )
    )

    document, content = both_valid(data)

    event = ET.fromstring(content).find("day/room/event")
    assert event is not None
    assert (event.findtext("language"), event.findtext("track")) == ("sv", "Cohesion")
    assert [p.text for p in event.iter("person")] == ["Åsa Öberg"]
    tracks = document["schedule"]["conference"]["tracks"]  # type: ignore[index]
    assert tracks == [{"name": "Cohesion", "slug": "cohesion"}, {"name": "X"}]


def test_a_cancelled_title_falls_back_to_english_for_a_language_summit_does_not_speak() -> None:
    assert frab.title(talk(1, cancelled=True, languages=["de"])) == "Cancelled: Talk 1"
    assert frab.title(talk(1, cancelled=True, languages=["sv"])) == "Inställd: Talk 1"


def test_the_session_uuid_is_the_one_in_the_calendar_uid() -> None:
    made = uuid.uuid4()

    assert session_uuid(f"session-{made}@summit.example") == made
    assert session_uuid(f"session-{str(made).upper()}@summit.example") == made


def test_any_other_uid_gets_a_stable_uuid_of_its_own() -> None:
    imported = "040000008200E00074C5B7101A82E008@outlook"

    assert session_uuid(imported) == session_uuid(imported)
    assert session_uuid(imported) != session_uuid(imported + "x")
    assert session_uuid("session-not-a-uuid@host").version == 5
