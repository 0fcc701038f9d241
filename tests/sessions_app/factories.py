"""Factories for sessions. They arrange a starting point without services (no mails, no
changelog); the behaviour under test always goes through sessions_app.services."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import factory
from django.utils import timezone

from sessions_app.models import Session, SessionPerson, Signup, Theme
from tests.factories import EventFactory, RoomFactory, UserFactory


def local(day: dt.date, hour: int, minute: int = 0, zone: str = "Europe/Copenhagen") -> dt.datetime:
    """An aware datetime at the venue's wall-clock time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


class ThemeFactory(factory.django.DjangoModelFactory[Theme]):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = "Extremism and hate"
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    """A published session in a room of the event's main venue, 10:00-11:30 on its first day."""

    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    room = factory.LazyAttribute(lambda o: RoomFactory.create(venue=o.event.venue))
    starts_at = factory.LazyAttribute(lambda o: local(o.event.start_date, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    status = Session.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status != Session.Status.DRAFT else None
    )


class SessionPersonFactory(factory.django.DjangoModelFactory[SessionPerson]):
    class Meta:
        model = SessionPerson

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")


class SignupFactory(factory.django.DjangoModelFactory[Signup]):
    class Meta:
        model = Signup

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    status = Signup.Status.SIGNED_UP
