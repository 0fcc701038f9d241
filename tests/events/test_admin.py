from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.core import checks
from django.db import models
from django.test import Client
from django.urls import reverse

from demo.load import load_demo
from demo.state import Demo
from events.models import City, Event, Network, Room, Venue

# (model, a demo object's lookup, text its pages show)
ADMIN_PAGES = [
    pytest.param(Network, {"slug": "strong-cities-network"}, "Strong Cities Network", id="network"),
    pytest.param(City, {"name": "Kristiansand"}, "Kristiansand", id="city"),
    pytest.param(Venue, {"name": "Guildhall"}, "Guildhall", id="venue"),
    pytest.param(Room, {"name": "Festsalen – plenary hall"}, "Festsalen – plenary hall", id="room"),
    pytest.param(
        Event,
        {"slug": "nsc-annual-summit-2022"},
        "Nordic Safe Cities Annual Summit 2022",
        id="event",
    ),
]


@pytest.fixture
def demo(db: None) -> Demo:
    return load_demo(today=dt.date(2026, 11, 23))


def admin_urls(model: type[models.Model], lookup: dict[str, str]) -> list[str]:
    name = f"admin:events_{model._meta.model_name}"
    pk = model._default_manager.get(**lookup).pk
    return [
        reverse(f"{name}_changelist"),
        reverse(f"{name}_change", args=[pk]),
        reverse(f"{name}_add"),
    ]


@pytest.mark.parametrize(("model", "lookup", "text"), ADMIN_PAGES)
def test_organizer_can_open_admin_list_change_and_add_pages(
    client: Client, organizer: Any, demo: Demo, model: Any, lookup: dict[str, str], text: str
) -> None:
    client.force_login(organizer)
    changelist, change, add = admin_urls(model, lookup)

    list_response = client.get(changelist)
    change_response = client.get(change)
    add_response = client.get(add)

    assert (list_response.status_code, change_response.status_code) == (200, 200)
    assert add_response.status_code == 200
    assert text in list_response.content.decode()
    assert text in change_response.content.decode()


@pytest.mark.parametrize(("model", "lookup", "text"), ADMIN_PAGES)
def test_delegate_is_sent_to_the_admin_login_from_every_admin_page(
    client: Client, delegate: Any, demo: Demo, model: Any, lookup: dict[str, str], text: str
) -> None:
    client.force_login(delegate)

    for url in admin_urls(model, lookup):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_organizer_filters_events_by_year(client: Client, organizer: Any, demo: Demo) -> None:
    client.force_login(organizer)

    response = client.get(reverse("admin:events_event_changelist"), {"year": "2022"})

    assert response.status_code == 200
    assert [e.slug for e in response.context["cl"].result_list] == [
        "scn-dialogue-helsinki-2022",
        "nsc-annual-summit-2022",
        "scn-dialogue-london-2022",
    ]


def test_organizer_filters_cities_by_network(client: Client, organizer: Any, demo: Demo) -> None:
    client.force_login(organizer)
    scn = demo.networks["SCN"]

    response = client.get(reverse("admin:events_city_changelist"), {"networks__id__exact": scn.pk})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 15


def test_event_venue_autocomplete_finds_venues_by_name(
    client: Client, organizer: Any, demo: Demo
) -> None:
    client.force_login(organizer)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "venue", "term": "Rådhus"},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [
        "Copenhagen City Hall (Københavns Rådhus) (Copenhagen)"
    ]


def event_form_data(event: Event, **changes: str) -> dict[str, Any]:
    opens = event.registration_opens_at.astimezone(event.zone)  # type: ignore[union-attr]
    data = {
        "name": event.name,
        "slug": event.slug,
        "kind": event.kind,
        "network": event.network_id,
        "is_published": "on",
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "host_city": event.host_city_id,
        "venue": event.venue_id,
        "other_venues": [v.pk for v in event.other_venues.all()],
        "registration_opens_at_0": opens.date().isoformat(),
        "registration_opens_at_1": opens.strftime("%H:%M"),
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "summary": event.summary,
        "description": event.description,
        "_save": "Save",
    }
    return {**data, **changes}


def test_event_admin_shows_registration_times_in_venue_local_time(
    client: Client, organizer: Any, demo: Demo
) -> None:
    client.force_login(organizer)
    event = demo.events["nsc-annual-summit-next"]

    response = client.get(reverse("admin:events_event_change", args=[event.pk]))

    form = response.context["adminform"].form
    assert form.initial["registration_closes_at"] == dt.datetime(2027, 1, 25, 23, 59)
    assert 'name="registration_closes_at_1" value="23:59:00"' in response.content.decode()
    assert form.fields["registration_closes_at"].help_text == (
        "Local time of the main venue (Europe/Copenhagen)."
    )


def test_event_admin_reads_typed_registration_times_as_venue_local_time(
    client: Client, organizer: Any, demo: Demo
) -> None:
    client.force_login(organizer)
    event = demo.events["scn-dialogue-helsinki-next"]
    url = reverse("admin:events_event_change", args=[event.pk])

    response = client.post(
        url,
        event_form_data(
            event, registration_closes_at_0="2027-03-08", registration_closes_at_1="23:30"
        ),
    )

    assert response.status_code == 302
    event.refresh_from_db()
    # 23:30 in Helsinki (EET, UTC+2).
    assert event.registration_closes_at == dt.datetime(2027, 3, 8, 21, 30, tzinfo=dt.UTC)
    assert event.registration_opens_at == dt.datetime(2026, 11, 16, 7, 0, tzinfo=dt.UTC)


def test_event_admin_rejects_registration_closing_before_it_opens(
    client: Client, organizer: Any, demo: Demo
) -> None:
    client.force_login(organizer)
    event = demo.events["nsc-annual-summit-next"]

    response = client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form_data(
            event, registration_closes_at_0="2026-11-01", registration_closes_at_1="12:00"
        ),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "registration_closes_at": ["Registration must close after it opens."]
    }


def test_organizer_publishes_a_draft_with_the_admin_action(
    client: Client, organizer: Any, demo: Demo
) -> None:
    client.force_login(organizer)
    event = demo.events["nsc-annual-summit-next"]
    Event.objects.filter(pk=event.pk).update(is_published=False)

    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_published is True


def test_events_admin_passes_the_admin_system_checks() -> None:
    errors = checks.run_checks(app_configs=[apps.get_app_config("events")], tags=["admin"])

    assert errors == []
