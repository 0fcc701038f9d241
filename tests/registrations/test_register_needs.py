"""The optional needs section of the registration form (issue #18): saved with the registration,
in the same transaction, also when a colleague registers through a coordinator's invitation."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration, RegistrationNeeds
from tests.factories import UserFactory
from tests.registrations.conftest import Register, form_data
from tests.registrations.test_invitations import DETAILS, INVITEE, mint

NEEDS = {
    "needs-interpretation_into": "fi",
    "needs-sign_language": "ils",
    "needs-hearing_loop": "on",
    "needs-quiet_room": "on",
    "needs-diets": ["halal"],
    "needs-dietary_details": "No sesame",
}


def register_url(event: Event) -> str:
    return reverse("registrations:register", kwargs={"slug": event.slug})


def test_the_form_shows_the_needs_section_as_a_fieldset_with_the_special_category_note(
    delegate_client: Client, event: Event
) -> None:
    html = delegate_client.get(register_url(event)).content.decode()

    assert '<fieldset class="panel needs" aria-describedby="needs-special-note">' in html
    assert "Language and accessibility needs" in html
    assert "Health-related (special-category) data" in html
    assert '<label for="id_needs-interpretation_into">Interpretation into' in html
    assert '<legend>Dietary needs <span class="optional">(optional)</span></legend>' in html


def test_registering_with_needs_saves_them_with_the_registration(
    delegate_client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    response = delegate_client.post(register_url(event), {**form_data(copenhagen), **NEEDS})

    assert response.status_code == 302
    needs = RegistrationNeeds.objects.get(registration__user=delegate)
    assert (needs.interpretation_into, needs.sign_language, needs.diets) == ("fi", "ils", ["halal"])
    assert (needs.hearing_loop, needs.quiet_room, needs.captions) == (True, True, False)
    assert needs.dietary_details == "No sesame"


def test_registering_without_needs_writes_no_needs_row(
    delegate_client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    response = delegate_client.post(register_url(event), form_data(copenhagen))

    assert response.status_code == 302
    assert Registration.objects.filter(user=delegate).count() == 1
    assert not RegistrationNeeds.objects.exists()


def test_a_hostile_need_is_a_form_error_and_registers_nothing(
    delegate_client: Client, event: Event, copenhagen: City
) -> None:
    hostile = {
        **form_data(copenhagen),
        "needs-interpretation_into": "<script>x</script>",
        "needs-diets": ["vegan", "arsenic"],
        "needs-dietary_details": "x" * 301,
    }

    response = delegate_client.post(register_url(event), hostile)

    assert response.status_code == 200
    errors = response.context["needs_form"].errors
    assert set(errors) == {"interpretation_into", "diets", "dietary_details"}
    assert "Select a valid choice." in errors["interpretation_into"][0]
    assert "&lt;script&gt;" in response.content.decode()
    assert "<script>x</script>" not in response.content.decode()
    assert not Registration.objects.exists()
    assert not RegistrationNeeds.objects.exists()


def test_a_refused_registration_saves_no_needs(
    delegate_client: Client, delegate: User, event: Event, copenhagen: City, register: Register
) -> None:
    register(copenhagen, user=delegate)

    response = delegate_client.post(register_url(event), {**form_data(copenhagen), **NEEDS})

    assert response.status_code == 200
    assert "You are already registered." in response.content.decode()
    assert not RegistrationNeeds.objects.exists()


def test_a_colleague_invited_by_the_coordinator_registers_with_needs(
    client: Client, delegate: User, register: Register, copenhagen: City
) -> None:
    delegation = register(copenhagen, user=delegate, badge_name="Dan Delegate").delegation
    ivy = UserFactory.create(email=INVITEE)
    link = mint(delegation, by=delegate)
    client.force_login(ivy)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {**DETAILS, **NEEDS})

    assert response.status_code == 302
    registration = Registration.objects.get(user=ivy)
    assert registration.delegation == delegation
    assert registration.needs.sign_language == "ils"
    assert registration.needs.diets == ["halal"]
