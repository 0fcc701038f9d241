"""A delegate who leaves traces everywhere, for the erasure tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from accounts.models import User
from events.models import City, Event
from registrations.invitations import invite_delegate
from registrations.models import Registration, RegistrationNeeds
from registrations.services import register_delegate
from sessions_app.models import CalendarFeedToken, SessionPerson
from tests.factories import CityFactory, EventFactory, UserFactory
from tests.registrations.factories import RegistrationFactory, RegistrationPolicyFactory, details
from tests.sessions_app.factories import SessionFactory, SignupFactory
from webhooks.models import EventType
from webhooks.services import create_endpoint

NAME = "Sophie Hæstorp Andersen"
EMAIL = "sophie.haestorp@kk.example"
PHONE = "+45 33 66 33 66"


@dataclass
class Traces:
    person: User
    colleague: User
    city: City
    past: Event
    upcoming: Event


@pytest.fixture
def traces(organizer: User) -> Traces:
    """Sophie registered last year (approved) and this year (coordinator, a colleague invited
    and registered), speaks at a session, has a feed, mails, a webhook delivery, an admin line."""
    city = CityFactory.create(name="Copenhagen", country="DK")
    create_endpoint(
        url="https://crm.example.org/", event_types=list(EventType.values), event=None, by=organizer
    )
    past = EventFactory.create(
        name="Nordic Safe Cities Summit 2022",
        start_date=dt.date(2022, 10, 24),
        end_date=dt.date(2022, 10, 25),
    )
    upcoming = EventFactory.create(name="Nordic Safe Cities Summit 2027")
    person = UserFactory.create(email=EMAIL, first_name="Sophie", last_name="Hæstorp Andersen")
    RegistrationFactory.create(event=past, user=person, city=city, badge_name=NAME, phone=PHONE)
    RegistrationPolicyFactory.create(event=upcoming)
    register_delegate(
        user=person,
        event=upcoming,
        country="DK",
        city=city,
        proposed_city_name="",
        details=details(badge_name=NAME, phone=PHONE),
        privacy_accepted=True,
    )
    mine = Registration.objects.get(user=person, event=upcoming)
    RegistrationNeeds.objects.create(registration=mine, other_needs="No nuts")
    invite_delegate(delegation=mine.delegation, email="colleague@kk.example", by=person)
    colleague = UserFactory.create(email="colleague@kk.example", first_name="Kim")
    register_delegate(
        user=colleague,
        event=upcoming,
        country="DK",
        city=city,
        proposed_city_name="",
        details=details(badge_name="Kim Colleague"),
        privacy_accepted=True,
    )
    session = SessionFactory.create(event=upcoming, title="The InfoHouse")
    SignupFactory.create(session=session, user=person)
    SessionPerson.objects.create(session=session, user=person, name=NAME, role="speaker")
    CalendarFeedToken.objects.create(user=person, token_hash="0" * 64)
    LogEntry.objects.create(
        user=organizer,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr=f"{NAME} <{EMAIL}>",
        action_flag=ADDITION,
    )
    client = Client()
    client.force_login(person)  # a live sign-in, which erasure ends
    return Traces(person, colleague, city, past, upcoming)
