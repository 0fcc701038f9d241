"""The delegate list: the event's approved delegates who agreed, with only the fields they chose;
for approved delegates and organizers; its query count does not grow with the list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration
from tests.factories import EventFactory
from tests.registrations.conftest import Register
from tests.registrations.factories import RegistrationFactory

Status = Registration.Status
DELEGATES = Registration.Visibility.DELEGATES


@pytest.fixture
def viewer(register: Register, delegate: User, copenhagen: City) -> User:
    """Dan, an approved delegate who keeps himself to the organizers."""
    register(copenhagen, user=delegate, badge_name="Dan Delegate", organization="Dan's Office")
    return delegate


def list_of(client: Client, event: Event) -> Any:
    return client.get(reverse("registrations:delegate_list", kwargs={"slug": event.slug}))


def test_shows_only_approved_delegates_who_agreed(
    client: Client, viewer: User, register: Register, copenhagen: City, malmo: City, event: Event
) -> None:
    register(copenhagen, badge_name="Listed Lisa", visibility=DELEGATES)
    register(malmo, badge_name="Hidden Hans")  # organizers only
    pending = register(malmo, badge_name="Pending Petra", visibility=DELEGATES)
    Registration.objects.filter(pk=pending.pk).update(status=Status.PENDING_APPROVAL)
    waiting = register(malmo, badge_name="Waiting Walt", visibility=DELEGATES)
    Registration.objects.filter(pk=waiting.pk).update(
        status=Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    client.force_login(viewer)

    page = list_of(client, event).content.decode()

    assert "Listed Lisa" in page
    assert "Copenhagen, Denmark" in page
    for hidden in ("Hidden Hans", "Pending Petra", "Waiting Walt", "Dan Delegate"):
        assert hidden not in page


def test_shows_only_the_fields_each_delegate_chose(
    client: Client, viewer: User, register: Register, copenhagen: City, malmo: City, event: Event
) -> None:
    register(
        copenhagen,
        badge_name="Open Olivia",
        visibility=DELEGATES,
        directory_fields=("office", "organization", "email", "languages"),
        organization="Open Org",
        user=User.objects.create_user("olivia@example.org"),
    )
    register(
        malmo,
        badge_name="Shy Sven",
        visibility=DELEGATES,
        organization="Secret Org",
        user=User.objects.create_user("sven@example.org"),
    )
    client.force_login(viewer)

    page = list_of(client, event).content.decode()

    assert "Open Org" in page
    assert "olivia@example.org" in page
    assert "Danish, English" in page
    assert "Mayor" in page
    assert "Shy Sven" in page
    assert "Malmö, Sweden" in page
    assert "Secret Org" not in page
    assert "sven@example.org" not in page
    assert page.count("Danish") == 1


def test_script_in_a_listed_name_is_escaped(
    client: Client, viewer: User, register: Register, copenhagen: City, event: Event
) -> None:
    register(copenhagen, badge_name="<img src=x onerror=alert(1)>", visibility=DELEGATES)
    client.force_login(viewer)

    page = list_of(client, event).content.decode()

    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page


def test_a_delegate_not_yet_approved_may_not_see_it(
    client: Client, viewer: User, register: Register, outsider: User, copenhagen: City, event: Event
) -> None:
    pending = register(copenhagen, user=outsider)
    Registration.objects.filter(pk=pending.pk).update(status=Status.PENDING_APPROVAL)
    client.force_login(outsider)

    response = list_of(client, event)

    assert response.status_code == 403
    assert "You can see it once your registration is approved." in response.content.decode()


def test_an_approved_delegate_of_another_event_may_not_see_it(
    client: Client, viewer: User, outsider: User, copenhagen: City, event: Event
) -> None:
    RegistrationFactory.create(event=EventFactory.create(), user=outsider, city=copenhagen)
    client.force_login(outsider)

    assert list_of(client, event).status_code == 403


def test_an_unknown_event_is_404(client: Client, viewer: User) -> None:
    client.force_login(viewer)

    response = client.get(reverse("registrations:delegate_list", kwargs={"slug": "no-such"}))

    assert response.status_code == 404


@pytest.mark.parametrize("size", [10, 200])
def test_query_count_is_the_same_at_10_and_200_delegates(
    client: Client,
    organizer: User,
    event: Event,
    copenhagen: City,
    malmo: City,
    size: int,
    django_assert_num_queries: Any,
) -> None:
    for n in range(size):
        RegistrationFactory.create(
            event=event,
            city=copenhagen if n % 2 else malmo,
            visibility=DELEGATES,
            directory_fields=["email", "languages", "office"],
            languages=["da"],
        )
    client.force_login(organizer)

    # user (the session comes from the cache), the organizer's permissions (user's and
    # group's), event, the list itself
    with django_assert_num_queries(5):
        response = list_of(client, event)

    assert response.content.decode().count("<tr>") == size + 1
