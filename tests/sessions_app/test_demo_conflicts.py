"""The demo programmes are clean: the builder shows no conflict for any demo event, also after
a reload over a database that still bills the double-booked speaker of an earlier demo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.load import load_demo
from demo.state import Demo
from sessions_app.conflicts import event_conflicts
from sessions_app.models import Session, SessionPerson

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def demo(db: None) -> Demo:
    return load_demo(today=TODAY)


def conflicts_by_event(demo: Demo) -> dict[str, list[str]]:
    return {
        slug: [conflict.message for conflict in event_conflicts(event)]
        for slug, event in demo.events.items()
    }


def test_the_demo_programme_of_every_event_has_no_conflicts(demo: Demo) -> None:
    assert len(demo.events) == 6
    assert conflicts_by_event(demo) == dict.fromkeys(demo.events, [])


def test_the_builder_shows_no_conflict_on_the_first_day_of_the_2022_summit(
    demo: Demo, organizer: User
) -> None:
    client = Client()
    client.force_login(organizer)
    url = reverse("sessions_app:builder", args=["nsc-annual-summit-2022"])

    response = client.get(f"{url}?day=2022-10-24")

    assert response.status_code == 200
    assert response.context["conflicts"] == []
    assert len(response.context["grid"].blocks) == 9
    assert "No conflicts." in response.content.decode()


def test_a_reload_removes_the_double_booking_of_an_earlier_demo(demo: Demo) -> None:
    # What a database loaded before the fix holds: the police officer in two rooms at 11:15.
    for slug in ("nsc-annual-summit-2022", "nsc-annual-summit-next"):
        session = Session.objects.get(event__slug=slug, slug="online-hate-local-politicians")
        session.people.filter(name="Oslo Police hate crime unit officer").update(
            name="Copenhagen Police prevention officer"
        )
    assert [c.kind for c in event_conflicts(demo.events["nsc-annual-summit-2022"])] == [
        "person_double_booked"
    ]
    people = SessionPerson.objects.count()

    reloaded = load_demo(today=TODAY)

    assert conflicts_by_event(reloaded) == dict.fromkeys(reloaded.events, [])
    assert SessionPerson.objects.count() == people
