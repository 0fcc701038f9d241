"""Fixtures shared by the reports tests: an event, and a client signed in as an organizer."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from events.models import Event
from tests.factories import EventFactory


@pytest.fixture
def event() -> Event:
    return EventFactory.create(name="Nordic Safe Cities Summit 2049")


@pytest.fixture
def organizer_client(client: Client, organizer: User) -> Client:
    client.force_login(organizer)
    return client
