"""A delegate's structured access and language needs (issue #18): entered on their own page,
special-category data that only they and the organizers see, never in history or webhooks."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration, RegistrationChange, RegistrationNeeds
from registrations.services import RegistrationError, save_needs
from tests.factories import UserFactory
from tests.registrations.factories import RegistrationFactory

NEEDS = {
    "interpretation_into": "da",
    "sign_language": "dsl",
    "captions": "on",
    "step_free": "on",
    "diets": ["vegan", "gluten_free"],
    "dietary_details": "Sesame allergy",
}


@pytest.fixture
def registration(event: Event, copenhagen: City) -> Registration:
    return RegistrationFactory.create(event=event, city=copenhagen)


def needs_url(registration: Registration) -> str:
    return reverse("registrations:edit_needs", kwargs={"pk": registration.pk})


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_delegate_enters_their_needs_and_sees_them_again(registration: Registration) -> None:
    client = client_for(registration.user)

    response = client.post(needs_url(registration), NEEDS)

    assert response.status_code == 302
    needs = RegistrationNeeds.objects.get(registration=registration)
    assert (needs.interpretation_into, needs.sign_language) == ("da", "dsl")
    assert (needs.captions, needs.hearing_loop, needs.step_free) == (True, False, True)
    assert needs.diets == ["vegan", "gluten_free"]
    page = client.get(needs_url(registration)).content.decode()
    assert "Sesame allergy" in page


def test_needs_leave_no_trace_in_the_history(registration: Registration) -> None:
    before = RegistrationChange.objects.filter(registration=registration).count()

    client_for(registration.user).post(needs_url(registration), NEEDS)

    assert RegistrationChange.objects.filter(registration=registration).count() == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),  # to the sign-in page
        ("owner", 200),
        ("other_delegate", 404),
        ("coordinator", 404),
        ("organizer", 200),
    ],
)
def test_who_may_open_a_delegates_needs(
    registration: Registration,
    event: Event,
    copenhagen: City,
    organizer: User,
    who: str,
    status: int,
) -> None:
    save_needs(registration=registration, by=registration.user, needs={"dietary_details": "Nuts"})
    colleague = RegistrationFactory.create(event=event, city=copenhagen)
    coordinator = registration.delegation.coordinator
    if coordinator == registration.user:  # the first registrant coordinates: let another
        registration.delegation.coordinator = colleague.user
        registration.delegation.save()
        coordinator = colleague.user
    other = RegistrationFactory.create(event=event).user
    user = {
        "anonymous": None,
        "owner": registration.user,
        "other_delegate": other,
        "coordinator": coordinator,
        "organizer": organizer,
    }[who]

    response = client_for(user).get(needs_url(registration))

    assert response.status_code == status
    if status == 404:
        assert "Nuts" not in response.content.decode()
    for verb in ("post",):
        changed = getattr(client_for(user), verb)(needs_url(registration), {"dietary_details": "x"})
        assert changed.status_code in {status, 302}
    assert RegistrationNeeds.objects.get(registration=registration).dietary_details == (
        "x" if who in {"owner", "organizer"} else "Nuts"
    )


def test_the_organizers_registration_page_shows_the_needs(
    registration: Registration, organizer: User
) -> None:
    save_needs(registration=registration, by=organizer, needs={"sign_language": "ils"})
    url = reverse(
        "registrations:registration_detail",
        kwargs={"slug": registration.event.slug, "pk": registration.pk},
    )

    page = client_for(organizer).get(url).content.decode()

    assert "International Sign" in page


def test_the_delegate_list_shows_no_needs(registration: Registration, event: Event) -> None:
    save_needs(registration=registration, by=registration.user, needs={"dietary_details": "Nuts"})
    url = reverse("registrations:delegate_list", kwargs={"slug": event.slug})

    response = client_for(registration.user).get(url)

    assert "Nuts" not in response.content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        {"interpretation_into": "xx"},
        {"sign_language": "klingon"},
        {"diets": ["raw-meat"]},
        {"dietary_details": "x" * 301},
    ],
)
def test_bad_input_gets_a_message_not_a_500(registration: Registration, bad: dict) -> None:
    response = client_for(registration.user).post(needs_url(registration), bad)

    assert response.status_code == 200
    assert 'class="field invalid' in response.content.decode() or "errorlist" in (
        response.content.decode()
    )
    assert not RegistrationNeeds.objects.filter(registration=registration).exists()


def test_the_service_refuses_a_cancelled_registration(registration: Registration) -> None:
    registration.status = Registration.Status.CANCELLED
    registration.save()

    with pytest.raises(RegistrationError):
        save_needs(registration=registration, by=UserFactory.create(), needs={"captions": True})
