"""The delegate's pages: register, my registrations, edit details, cancel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events.models import City, Event
from registrations.models import Registration, RegistrationChange, RegistrationPolicy
from tests.registrations.conftest import Register, form_data, set_limits

Status = Registration.Status
SCRIPT = "<script>alert('badge')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;badge&#x27;)&lt;/script&gt;"


def register_url(event: Event) -> str:
    return reverse("registrations:register", kwargs={"slug": event.slug})


# --- the registration form ----------------------------------------------------------------------
def test_registration_form_groups_the_registrys_confirmed_cities_by_country(
    delegate_client: Client, event: Event, copenhagen: City, malmo: City
) -> None:
    City.objects.create(name="Unconfirmedby", country="DK", is_confirmed=False)

    html = delegate_client.get(register_url(event)).content.decode()

    assert '<optgroup label="Denmark">' in html
    assert f'<option value="{copenhagen.pk}" data-country="DK">Copenhagen</option>' in html
    assert f'<option value="{malmo.pk}" data-country="SE">Malmö</option>' in html
    assert "Unconfirmedby" not in html
    assert '<label for="id_badge_name">Name on the badge</label>' in html
    assert "<legend>Who may see you in the delegate list</legend>" in html


def test_delegate_registers_and_lands_on_my_registrations(
    delegate_client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    response = delegate_client.post(register_url(event), form_data(copenhagen), follow=True)

    assert response.redirect_chain == [(reverse("registrations:my_registrations"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "You are registered for Nordic Safe Cities Summit 2049."
    ]
    registration = Registration.objects.get()
    assert (registration.user, registration.city, registration.status) == (
        delegate,
        copenhagen,
        Status.APPROVED,
    )
    assert (registration.phone, registration.languages, registration.directory_fields) == (
        "+45 33 66 33 66",
        ["da", "en"],
        ["office", "organization"],
    )
    assert '<span class="badge status-approved">Approved</span>' in response.content.decode()


def test_my_city_is_not_listed_proposes_it_and_the_registration_waits_for_confirmation(
    delegate_client: Client, event: Event
) -> None:
    data = form_data(None, country="NO", proposed_city="  Tromsø  ")

    response = delegate_client.post(register_url(event), data)

    assert response.status_code == 302
    registration = Registration.objects.select_related("city").get()
    assert (registration.city.name, registration.city.country.code) == ("Tromsø", "NO")
    assert (registration.city.is_confirmed, registration.status) == (False, Status.SUBMITTED)


def test_empty_form_names_each_missing_field_and_ties_the_error_to_it(
    delegate_client: Client, event: Event
) -> None:
    response = delegate_client.post(register_url(event), {})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "badge_name": ["This field is required."],
        "office": ["This field is required."],
        "organization": ["This field is required."],
        "country": ["This field is required."],
        "visibility": ["This field is required."],
        "privacy_accepted": ["Please accept the privacy notice."],
        "city": ["Choose your city, or propose it by name."],
    }
    html = response.content.decode()
    assert 'aria-describedby="id_badge_name_helptext id_badge_name_error"' in html
    assert '<ul class="errorlist" id="id_badge_name_error">' in html
    assert "Please correct the fields marked below." in html
    assert not Registration.objects.exists()


def test_overlong_and_malformed_input_is_refused_field_by_field(
    delegate_client: Client, event: Event, copenhagen: City
) -> None:
    data = form_data(
        copenhagen,
        badge_name="x" * 101,
        organization="y" * 201,
        phone="call me maybe",
        languages=["da", "xx"],
        office="emperor",
        directory_fields=["password"],
    )

    response = delegate_client.post(register_url(event), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "badge_name": ["Ensure this value has at most 100 characters (it has 101)."],
        "organization": ["Ensure this value has at most 200 characters (it has 201)."],
        "phone": ["Enter a phone number with digits, spaces and an optional leading +."],
        "languages": ["Select a valid choice. xx is not one of the available choices."],
        "office": ["Select a valid choice. emperor is not one of the available choices."],
        "directory_fields": [
            "Select a valid choice. password is not one of the available choices."
        ],
    }
    assert not Registration.objects.exists()


def test_a_nul_character_in_the_badge_name_is_refused_not_a_500(
    delegate_client: Client, event: Event, copenhagen: City
) -> None:
    response = delegate_client.post(register_url(event), form_data(copenhagen, badge_name="a\x00b"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"badge_name": ["Null characters are not allowed."]}
    assert not Registration.objects.exists()


def test_more_than_twelve_languages_are_refused(
    delegate_client: Client, event: Event, copenhagen: City
) -> None:
    languages = ["da", "en", "de", "fr", "sv", "nb", "fi", "is", "es", "it", "nl", "pl", "pt"]

    response = delegate_client.post(register_url(event), form_data(copenhagen, languages=languages))

    assert response.context["form"].errors == {"languages": ["Choose at most 12 languages."]}
    assert not Registration.objects.exists()


def test_a_city_from_another_country_is_refused_on_the_city_field(
    delegate_client: Client, event: Event, malmo: City
) -> None:
    response = delegate_client.post(register_url(event), form_data(malmo, country="DK"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"city": ["Malmö is not in the country you chose."]}
    assert not Registration.objects.exists()


@pytest.mark.parametrize("city", ["987654", "abc", "-1", str(2**70)])
def test_a_tampered_city_id_is_refused_as_an_invalid_choice(
    delegate_client: Client, event: Event, copenhagen: City, city: str
) -> None:
    response = delegate_client.post(register_url(event), form_data(copenhagen, city=city))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "city": [f"Select a valid choice. {city} is not one of the available choices."]
    }
    assert not Registration.objects.exists()


def test_an_unconfirmed_city_cannot_be_chosen_from_the_list(
    delegate_client: Client, event: Event
) -> None:
    proposed = City.objects.create(name="Vardø", country="NO", is_confirmed=False)

    response = delegate_client.post(register_url(event), form_data(proposed))

    assert response.context["form"].errors == {
        "city": [f"Select a valid choice. {proposed.pk} is not one of the available choices."]
    }
    assert not Registration.objects.exists()


def test_choosing_a_city_and_proposing_one_is_refused(
    delegate_client: Client, event: Event, copenhagen: City
) -> None:
    data = form_data(copenhagen, proposed_city="Frederiksberg")

    response = delegate_client.post(register_url(event), data)

    assert response.context["form"].errors == {
        "proposed_city": ["Choose your city from the list or propose one, not both."]
    }
    assert not City.objects.filter(name="Frederiksberg").exists()


def test_registration_after_closing_shows_the_services_refusal(
    delegate_client: Client, event: Event, copenhagen: City
) -> None:
    event.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    event.save()

    response = delegate_client.post(register_url(event), form_data(copenhagen))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Registration for this event has closed."
    ]
    assert '<p class="message error">Registration for this event has closed.</p>' in (
        response.content.decode()
    )
    assert not Registration.objects.exists()


def test_registering_twice_is_refused_and_the_page_says_so(
    delegate_client: Client, delegate: User, register: Register, event: Event, copenhagen: City
) -> None:
    register(copenhagen, user=delegate)

    response = delegate_client.post(register_url(event), form_data(copenhagen))

    assert response.context["form"].non_field_errors() == ["You are already registered."]
    assert "You are already registered for this event (status: Approved)." in (
        response.content.decode()
    )
    assert Registration.objects.count() == 1


def test_an_unpublished_event_is_not_found_by_a_delegate(
    delegate_client: Client, event: Event
) -> None:
    event.is_published = False
    event.save()

    assert delegate_client.get(register_url(event)).status_code == 404


def test_event_page_offers_register_only_while_registration_is_open(
    client: Client, event: Event
) -> None:
    button = f'<a class="button small" href="{register_url(event)}">Register'

    open_page = client.get(event.get_absolute_url()).content.decode()
    event.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    closed_page = client.get(event.get_absolute_url()).content.decode()

    assert (button in open_page, button in closed_page) == (True, False)


def test_script_in_the_badge_name_is_shown_escaped_on_every_page(
    delegate_client: Client, organizer: User, event: Event, copenhagen: City
) -> None:
    delegate_client.post(register_url(event), form_data(copenhagen, badge_name=SCRIPT))
    registration = Registration.objects.get()
    mine = delegate_client.get(reverse("registrations:my_registrations")).content.decode()
    edit_url = reverse("registrations:edit_registration", kwargs={"pk": registration.pk})
    edit = delegate_client.get(edit_url).content.decode()
    delegate_client.force_login(organizer)
    listing = delegate_client.get(
        reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    ).content.decode()
    detail = delegate_client.get(
        reverse(
            "registrations:registration_detail", kwargs={"slug": event.slug, "pk": registration.pk}
        )
    ).content.decode()

    assert registration.badge_name == SCRIPT
    for html in (mine, edit, listing, detail):
        assert SCRIPT not in html
        assert ESCAPED in html


# --- my registrations, edit, cancel -------------------------------------------------------------
def test_my_registrations_lists_only_my_own_with_their_status(
    delegate_client: Client, delegate: User, register: Register, copenhagen: City
) -> None:
    register(copenhagen, user=delegate, badge_name="Dan Delegate")
    register(copenhagen, badge_name="Somebody Else")

    response = delegate_client.get(reverse("registrations:my_registrations"))

    assert [(r.badge_name, editable) for r, editable in response.context["rows"]] == [
        ("Dan Delegate", True)
    ]
    assert "Somebody Else" not in response.content.decode()


def test_delegate_edits_their_details_and_the_history_records_what_changed(
    delegate_client: Client, delegate: User, register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    url = reverse("registrations:edit_registration", kwargs={"pk": registration.pk})
    data = form_data(copenhagen, badge_name="Dan D. Delegate", languages=["en"])

    response = delegate_client.post(url, data, follow=True)

    assert response.redirect_chain == [(reverse("registrations:my_registrations"), 302)]
    registration.refresh_from_db()
    assert (registration.badge_name, registration.languages) == ("Dan D. Delegate", ["en"])
    change = RegistrationChange.objects.filter(description="Details changed").get()
    assert (change.changed_by, change.fields["badge_name"]) == (
        delegate,
        ["Dan Delegate", "Dan D. Delegate"],
    )


def test_edit_after_the_deadline_is_refused_and_changes_nothing(
    delegate_client: Client,
    delegate: User,
    register: Register,
    policy: RegistrationPolicy,
    copenhagen: City,
) -> None:
    registration = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    set_limits(policy, edit_deadline=timezone.now() - dt.timedelta(hours=1))
    url = reverse("registrations:edit_registration", kwargs={"pk": registration.pk})

    page = delegate_client.get(reverse("registrations:my_registrations")).content.decode()
    response = delegate_client.post(url, form_data(copenhagen, badge_name="Too Late"))

    assert "Changes closed" in page
    assert response.context["form"].non_field_errors() == ["The deadline for changes has passed."]
    registration.refresh_from_db()
    assert registration.badge_name == "Dan Delegate"


def test_edit_with_an_overlong_name_keeps_the_old_details(
    delegate_client: Client, delegate: User, register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    url = reverse("registrations:edit_registration", kwargs={"pk": registration.pk})

    response = delegate_client.post(url, form_data(copenhagen, badge_name="x" * 5000))

    assert response.context["form"].errors == {
        "badge_name": ["Ensure this value has at most 100 characters (it has 5000)."]
    }
    registration.refresh_from_db()
    assert registration.badge_name == "Dan Delegate"


def test_cancel_asks_first_then_cancels_on_post(
    delegate_client: Client, delegate: User, register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen, user=delegate)
    url = reverse("registrations:cancel_registration", kwargs={"pk": registration.pk})

    question = delegate_client.get(url).content.decode()
    registration.refresh_from_db()
    status_after_get = registration.status
    response = delegate_client.post(url, follow=True)

    assert "Yes, cancel my registration</button>" in question
    assert status_after_get == Status.APPROVED
    assert [str(m) for m in response.context["messages"]] == ["Your registration is cancelled."]
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_cancelling_a_cancelled_registration_says_so(
    delegate_client: Client, delegate: User, register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen, user=delegate)
    url = reverse("registrations:cancel_registration", kwargs={"pk": registration.pk})
    delegate_client.post(url, follow=True)

    response = delegate_client.post(url, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This registration is already cancelled."
    ]
    assert RegistrationChange.objects.filter(new_status=Status.CANCELLED).count() == 1
