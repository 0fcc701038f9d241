"""The benchmark's summit (bench/, run tiny): its schedule.json is valid and holds what the
bench's "schedule.json" page expects to find, once per public session."""

from __future__ import annotations

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bench import data
from events.models import Event
from sessions_app.models import Session
from tests.schedules.conftest import all_talks, get_json, json_errors, xml_errors, xml_url


def test_the_bench_summit_schedule_is_valid_and_has_every_public_session(
    client: Client, db: None
) -> None:
    small = {"countries": 4, "cities": 12, "delegates": 60, "sessions": 24, "signups": 300}
    small |= {"fanout": 20, "feed": 6, "registrants": 32}  # as tests/bench/test_bench_data.py
    call_command("bench_data", "--seed=7", *(f"--{k}={v}" for k, v in small.items()))
    summit = Event.objects.get(slug=data.SUMMIT_SLUG)
    public = Session.objects.public().filter(event=summit).count()

    response = client.get(reverse("schedules:schedule_json", args=[summit.slug]))

    assert response.content.count(b'"abstract": ') == public > 0  # bench/phases.py
    document = get_json(client, summit)
    assert json_errors(document) == []
    assert len(all_talks(document)) == public
    assert xml_errors(client.get(xml_url(summit)).content) == []
