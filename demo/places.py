"""The demo's places: networks, cities and their memberships, venues with rooms, the events of
both editions, and the demo organizer (data in demo.places_data).

Two editions of each event: the 2022 one on its real dates, and the next one, dated relative
to the day of loading. The next edition's slug ends in "-next" and never carries a year, so a
reload on a later day moves that same row to new dates instead of adding another event.
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress

from accounts.models import User
from accounts.roles import ensure_organizers_group
from demo.places_data import (
    CITIES,
    EDITIONS_2022,
    MEMBERSHIPS,
    NETWORKS,
    NEXT_EDITIONS,
    VENUES,
    Edition,
    Schedule,
)
from demo.state import Demo
from events.models import City, CityMembership, Event, Network, Room, Venue
from events.templatetags.summit import date_range, format_local

ORGANIZER_EMAIL = "organizer@summit.example"
# Known on purpose, so the command can print it; the command refuses to run unless DEBUG.
ORGANIZER_PASSWORD = "nordic-safe-cities-demo"

REGISTRATION_OPENS_AT = dt.time(9, 0)  # local time of the main venue
REGISTRATION_CLOSES_AT = dt.time(23, 59)


def load_networks(demo: Demo) -> None:
    for row in NETWORKS:
        network, created = Network.objects.update_or_create(
            slug=row.slug,
            defaults={"name": row.name, "short_name": row.short_name, "website": row.website},
        )
        demo.note(network, created)
        demo.networks[row.short_name] = network


def load_cities(demo: Demo) -> None:
    for name, country in CITIES:
        city, created = City.objects.get_or_create(name=name, country=country)
        demo.note(city, created)
        demo.cities[name] = city


def load_memberships(demo: Demo) -> None:
    for row in MEMBERSHIPS:
        membership, created = CityMembership.objects.update_or_create(
            city=demo.cities[row.city],
            network=demo.networks[row.network],
            defaults={"status": row.status, "since": row.since},
        )
        demo.note(membership, created)


def load_venues(demo: Demo) -> None:
    for row in VENUES:
        venue, created = Venue.objects.update_or_create(
            name=row.name,
            city=demo.cities[row.city],
            defaults={"address": row.address, "time_zone": row.time_zone},
        )
        demo.note(venue, created)
        demo.venues[row.name] = venue
        for room_name, capacity in row.rooms:
            room, created = Room.objects.update_or_create(
                venue=venue, name=room_name, defaults={"capacity": capacity}
            )
            demo.note(room, created)


def load_events(demo: Demo) -> None:
    for edition, schedule in EDITIONS_2022:
        load_event(demo, edition, schedule)
    for edition, weeks_ahead in NEXT_EDITIONS:
        load_event(demo, edition, schedule_next_edition(demo.today, weeks_ahead))


def schedule_next_edition(today: dt.date, weeks_ahead: int) -> Schedule:
    """Two days from the Monday on or after `weeks_ahead` weeks from today.

    Registration opened a week ago, so it is open today, and closes a week before the start.
    """
    day = today + dt.timedelta(weeks=weeks_ahead)
    start = day + dt.timedelta(days=-day.weekday() % 7)
    week = dt.timedelta(weeks=1)
    return Schedule(start, start + dt.timedelta(days=1), today - week, start - week)


def load_event(demo: Demo, edition: Edition, schedule: Schedule) -> Event:
    series = edition.series
    venue = demo.venues[series.venue]
    event, created = Event.objects.update_or_create(
        slug=edition.slug,
        defaults={
            "name": f"{series.name} {schedule.start.year}",
            "kind": series.kind,
            "network": demo.networks[series.network],
            "host_city": venue.city,
            "venue": venue,
            "start_date": schedule.start,
            "end_date": schedule.end,
            "registration_opens_at": _at(schedule.registration_opens, REGISTRATION_OPENS_AT, venue),
            "registration_closes_at": _at(
                schedule.registration_closes, REGISTRATION_CLOSES_AT, venue
            ),
            "summary": edition.summary,
            "description": edition.description,
            "is_published": True,
        },
    )
    event.other_venues.set([demo.venues[name] for name in series.other_venues])
    demo.note(event, created)
    demo.events[edition.slug] = event
    return event


def _at(day: dt.date, time: dt.time, venue: Venue) -> dt.datetime:
    """The aware moment the venue's clocks show `day` at `time`."""
    return dt.datetime.combine(day, time, tzinfo=venue.zone)


def load_organizer(demo: Demo) -> User:
    """The demo organizer: staff (the admin needs it), in the Organizers group, email verified.

    The password is reset on every load so the one printed is always the one that works.
    """
    user, created = User.objects.get_or_create(
        email=ORGANIZER_EMAIL, defaults={"first_name": "Demo", "last_name": "Organizer"}
    )
    user.is_staff = True
    user.set_password(ORGANIZER_PASSWORD)
    user.save()
    user.groups.add(ensure_organizers_group())
    address, address_created = EmailAddress.objects.update_or_create(
        user=user, email=ORGANIZER_EMAIL, defaults={"verified": True, "primary": True}
    )
    demo.note(user, created)
    demo.note(address, address_created)
    demo.organizer = user
    return user


def summarize_places(demo: Demo) -> list[str]:
    """What the places part of the demo holds: networks, cities, venues, events."""
    countries = {str(city.country) for city in demo.cities.values()}
    rooms = sum(len(row.rooms) for row in VENUES)
    events = sorted(demo.events.values(), key=lambda event: event.start_date)
    upcoming = [event for event in events if not event.is_past(demo.today)]
    return [
        f"  {len(demo.networks)} networks, {len(demo.cities)} cities in {len(countries)} "
        f"countries, {len(MEMBERSHIPS)} network memberships",
        f"  {len(demo.venues)} venues with {rooms} rooms",
        f"  {len(events)} events ({len(upcoming)} upcoming):",
        *(f"    {_describe_event(event, demo.today)}" for event in events),
    ]


def _describe_event(event: Event, today: dt.date) -> str:
    when = date_range(event.start_date, event.end_date)
    text = f"{event.name}, {when}, {event.host_city.name} ({event.get_absolute_url()})"
    if event.is_past(today) or event.registration_closes_at is None:
        return text
    return (
        f"{text}, registration until {format_local(event.registration_closes_at, event.time_zone)}"
    )
