from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from demo.load import load_demo
from events.models import Event
from tests.factories import EventFactory, VenueFactory


def test_event_page_shows_local_dates_venues_and_deadline(
    client: Client, db: None, on_demo_day: dt.date
) -> None:
    demo = load_demo(today=on_demo_day)
    event = demo.events["nsc-annual-summit-next"]

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Nordic Safe Cities Annual Summit 2027</h1>" in html
    assert "<dt>When</dt><dd>1–2 February 2027</dd>" in html
    assert (
        'Registration open until <time datetime="2027-01-25T23:59+01:00">'
        "25 January 2027, 23:59 CET</time>" in html
    )
    assert "Europe/Copenhagen: dates and times on this page are local there." in html
    assert [v.name for v in response.context["event"].venues_in_order()] == [
        "Copenhagen City Hall (Københavns Rådhus)",
        "Industriens Hus",
    ]


def test_past_event_page_says_when_registration_closed_in_summer_time(
    client: Client, db: None
) -> None:
    demo = load_demo(today=dt.date(2026, 11, 23))

    response = client.get(demo.events["nsc-annual-summit-2022"].get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="badge">Past event</span>' in html
    assert (
        'Registration closed on <time datetime="2022-10-17T23:59+02:00">'
        "17 October 2022, 23:59 CEST</time>" in html
    )


def test_event_page_shows_a_utc_deadline_as_local_winter_time(client: Client, db: None) -> None:
    event: Event = EventFactory.create(
        venue=VenueFactory(time_zone="Europe/Copenhagen"),
        start_date=dt.date(2099, 2, 1),
        end_date=dt.date(2099, 2, 2),
        registration_closes_at=dt.datetime(2099, 1, 25, 22, 59, tzinfo=dt.UTC),
    )

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert "25 January 2099, 23:59 CET" in response.content.decode()


def test_draft_event_is_not_found_for_the_public(client: Client, db: None) -> None:
    draft: Event = EventFactory.create(is_published=False)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_draft_event_is_not_found_for_a_delegate(client: Client, delegate: Any) -> None:
    draft: Event = EventFactory.create(is_published=False)
    client.force_login(delegate)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_draft_event_is_visible_to_an_organizer(client: Client, organizer: Any) -> None:
    draft: Event = EventFactory.create(name="Summit in the making", is_published=False)
    client.force_login(organizer)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert response.context["event"] == draft
    assert "Draft: only organizers see it" in response.content.decode()


def test_unknown_event_slug_is_not_found(client: Client, db: None) -> None:
    response = client.get("/events/no-such-summit/")

    assert response.status_code == 404


def test_event_page_refuses_post(client: Client, db: None) -> None:
    event: Event = EventFactory.create()

    response = client.post(event.get_absolute_url())

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_agenda_and_register_buttons_come_from_the_apps_above(client: Client, db: None) -> None:
    """events names no upper app's URL (tests/summit/test_template_layers.py): the buttons are
    the hooks' links, in the viewer's language, and only "Register" depends on the phase."""
    open_event: Event = EventFactory.create(slug="open-summit")
    closed: Event = EventFactory.create(
        slug="closed-summit",
        registration_closes_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )

    open_page = client.get(open_event.get_absolute_url()).content.decode()
    closed_page = client.get(closed.get_absolute_url()).content.decode()
    danish = client.get(open_event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert '<a class="button" href="/events/open-summit/agenda/">Agenda</a>' in open_page
    assert 'href="/events/open-summit/register/">Register<' in open_page
    assert '<a class="button" href="/events/closed-summit/agenda/">Agenda</a>' in closed_page
    assert "/events/closed-summit/register/" not in closed_page
    assert 'href="/events/open-summit/register/">Tilmeld' in danish
