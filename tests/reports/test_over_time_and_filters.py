"""Registrations over time by status, and the list filters the dashboard's rows lead to:
network membership (member / partner / neither), first-time or returning city, week."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from events.models import CityMembership, Event
from registrations.models import Registration
from tests.factories import CityFactory, EventFactory, NetworkFactory
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status
MONDAY = dt.datetime(2049, 3, 1, 9, tzinfo=dt.UTC)  # a Monday


def listed(client: Client, event: Event, **query: str) -> list[int]:
    url = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    response = client.get(url, query)
    assert response.status_code == 200
    return [
        int(v)
        for v in response.content.decode().split('name="registrations" value="')[1:]
        for v in [v.split('"', 1)[0]]
    ]


def test_each_week_is_split_by_status_and_each_cell_lists_its_registrations(
    organizer_client: Client,
) -> None:
    event = EventFactory.create()
    rng = random.Random(3)
    made = []
    for n in range(40):
        r = RegistrationFactory.create(event=event, status=rng.choice(Status.values))
        when = MONDAY + dt.timedelta(days=n // 2, hours=n % 5)
        Registration.objects.filter(pk=r.pk).update(created_at=when)
        made.append((r.pk, r.status, (when - dt.timedelta(days=when.weekday())).date()))
    expected = Counter((monday, status) for _pk, status, monday in made)

    response = organizer_client.get(reverse("reports:dashboard", kwargs={"slug": event.slug}))
    [item] = [c for c in response.context["charts"] if c["figure"].key == "weeks"]
    assert item["figure"].columns == [str(label) for _v, label in Status.choices]
    shown = {}
    for row, _link, cells in item["table"]:
        assert row.value == sum(part.value for part, _l in cells)
        for part, link in cells:
            monday = dt.date.fromisoformat(part.query["week"])
            shown[(monday, part.query["status"])] = part.value
            if part.value:
                pks = listed(organizer_client, event, **part.query)
                assert sorted(pks) == sorted(
                    pk for pk, s, m in made if (m, s) == (monday, part.query["status"])
                ), link
    assert {k: v for k, v in shown.items() if v} == dict(expected)
    assert sum(shown.values()) == 40
    # The chart shows one coloured part per status a week holds.
    assert item["chart"].count('<rect class="chart-part-') == len(expected)


def test_membership_filter_picks_members_partners_and_the_rest_of_the_events_network(
    organizer_client: Client,
) -> None:
    event = EventFactory.create()
    # A member of another network only: that counts for nothing here.
    other = NetworkFactory.create(name="Baltic Cities", short_name="BC", slug="baltic")
    member, partner, outside = (CityFactory.create(name=n) for n in ("Aarhus", "Turku", "Bergen"))
    CityMembership.objects.create(city=member, network=event.network)
    CityMembership.objects.create(
        city=partner, network=event.network, status=CityMembership.Status.PARTNER
    )
    CityMembership.objects.create(city=outside, network=other)
    by_city = {
        c.name: RegistrationFactory.create(event=event, city=c).pk
        for c in (member, partner, outside)
    }

    assert listed(organizer_client, event, membership="member") == [by_city["Aarhus"]]
    assert listed(organizer_client, event, membership="partner") == [by_city["Turku"]]
    assert listed(organizer_client, event, membership="none") == [by_city["Bergen"]]


def test_edition_filter_tells_returning_cities_from_first_time_ones(
    organizer_client: Client,
) -> None:
    event = EventFactory.create()
    earlier = EventFactory.create(
        network=event.network, start_date=event.start_date - dt.timedelta(days=365)
    )
    back, declined_before, new = (CityFactory.create(name=n) for n in ("Lund", "Vaasa", "Akureyri"))
    RegistrationFactory.create(event=earlier, city=back, status=Status.APPROVED)
    RegistrationFactory.create(event=earlier, city=declined_before, status=Status.DECLINED)
    here = {
        c.pk: RegistrationFactory.create(event=event, city=c).pk
        for c in (back, declined_before, new)
    }

    assert listed(organizer_client, event, edition="returning") == [here[back.pk]]
    assert sorted(listed(organizer_client, event, edition="first")) == sorted(
        [here[declined_before.pk], here[new.pk]]
    )


def test_a_week_filter_counts_from_the_weeks_monday_whatever_day_is_given(
    organizer_client: Client,
) -> None:
    event = EventFactory.create()
    inside = RegistrationFactory.create(event=event)
    outside = RegistrationFactory.create(event=event)
    Registration.objects.filter(pk=inside.pk).update(created_at=MONDAY + dt.timedelta(days=6))
    Registration.objects.filter(pk=outside.pk).update(created_at=MONDAY + dt.timedelta(days=7))

    assert listed(organizer_client, event, week="2049-03-03") == [inside.pk]  # a Wednesday


@pytest.mark.parametrize(
    "query",
    [
        {"week": "not-a-date"},
        {"week": "2049-02-30"},
        {"week": "99999-01-01"},
        {"membership": "emperor"},
        {"edition": "\x00"},
        {"week": "\x00"},
    ],
)
def test_a_made_up_filter_value_is_ignored_never_a_500(
    organizer_client: Client, query: dict[str, str]
) -> None:
    event = EventFactory.create()
    registration = RegistrationFactory.create(event=event)
    url = reverse("registrations:event_registrations", kwargs={"slug": event.slug})

    response = organizer_client.get(url, query)

    assert response.status_code == 200
    assert f'value="{registration.pk}"' in response.content.decode()
