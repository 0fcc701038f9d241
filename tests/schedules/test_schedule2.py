"""The draft c3voc schedule2 JSON: valid for the draft's JSON Schema (a copy in c3voc/), the
same sessions as schedule.json, states, roles, texts under the session's language."""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema
from django.test import Client
from django.urls import reverse

from events.models import Event
from sessions_app.models import Session, session_uuid
from tests.schedules.conftest import SCHEMAS


@functools.cache
def validator() -> jsonschema.Draft6Validator:
    schema = json.loads((SCHEMAS / "schema2.json").read_text())
    return jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    )


def errors(document: Any) -> list[str]:
    found = validator().iter_errors(document)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found)


def get2(client: Client, event: Event) -> dict[str, Any]:
    response = client.get(reverse("schedules:schedule2_json", kwargs={"slug": event.slug}))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return dict(json.loads(response.content))


def test_schedule2_is_valid_for_the_draft_schema(
    client: Client, copenhagen_event: Event, programme: dict[str, Session]
) -> None:
    document = get2(client, copenhagen_event)

    assert errors(document) == []
    conference = document["schedule"]["conference"]
    assert (conference["acronym"], conference["time_zone_name"]) == (
        "nsc_summit_2049",
        "Europe/Copenhagen",
    )
    assert conference["languages"] == ["en", "da"]
    assert [day["date"] for day in conference["days"]] == ["2049-06-15", "2049-06-16"]


def test_schedule2_has_the_public_sessions_with_state_roles_and_texts(
    client: Client, copenhagen_event: Event, programme: dict[str, Session]
) -> None:
    document = get2(client, copenhagen_event)
    events = {e["title"]: e for e in document["schedule"]["events"]}

    assert set(events) == {"Opening plenary", "Prevention locally", "Site visit"}  # no draft
    opening = events["Opening plenary"]
    assert opening["guid"] == str(session_uuid(programme["opening"].uid))
    assert (opening["start"], opening["end"]) == (
        "2049-06-15T09:00:00+02:00",
        "2049-06-15T10:30:00+02:00",
    )
    assert opening["state"] == "CONFIRMED"
    assert events["Site visit"]["state"] == "CANCELED"  # the title keeps no prefix here
    assert sorted((p["name"], p["role"]) for p in opening["participants"]) == [
        ("Jonas Berg", "MODERATOR"),
        ("Mette Holm", "SPEAKER"),
    ]
    assert opening["language"] == "en"
    assert opening["abstract"] == {"en": "Why it matters."}
    assert opening["description"] == {"en": "Why it matters.\n\nHow we will *work*: in groups."}
    assert opening["track"]["slug"] in {
        t["slug"] for t in get2(client, copenhagen_event)["schedule"]["conference"]["tracks"]
    }


def test_schedule2_of_a_session_in_danish_without_theme_or_text(
    client: Client, copenhagen_event: Event, hall: Any
) -> None:
    from tests.sessions_app.factories import SessionFactory, local

    SessionFactory.create(
        event=copenhagen_event,
        room=hall,
        title="Netværksmøde",
        format="networking",
        languages=["da"],
        description="",
        starts_at=local(copenhagen_event.start_date, 12),
        ends_at=local(copenhagen_event.start_date, 13),
    )

    document = get2(client, copenhagen_event)

    assert errors(document) == []
    [event] = document["schedule"]["events"]
    assert (event["language"], event["type"], event["abstract"]) == ("da", "MEETING", None)
    assert event["track"] == {"slug": "networking"}


def test_schedule2_of_an_unknown_or_unpublished_event_is_404(
    client: Client, copenhagen_event: Event
) -> None:
    Event.objects.filter(pk=copenhagen_event.pk).update(is_published=False)
    assert client.get("/events/nsc-summit-2049/schedule2.json").status_code == 404
    assert client.get("/events/no-such-event/schedule2.json").status_code == 404


def test_every_demo_event_has_a_valid_schedule2_with_its_public_sessions(
    client: Client, db: None
) -> None:
    import datetime as dt

    from demo.load import load_demo

    load_demo(today=dt.date(2026, 3, 2))
    events = list(Event.objects.published().order_by("slug"))

    assert len(events) == 6
    for event in events:
        document = get2(client, event)
        assert errors(document) == [], event.slug
        public = Session.objects.public().filter(event=event).values_list("uid", flat=True)
        guids = {e["guid"] for e in document["schedule"]["events"]}
        assert guids == {str(session_uuid(uid)) for uid in public}, event.slug
