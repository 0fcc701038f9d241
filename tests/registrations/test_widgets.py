"""Long selects rendered once per list (registrations/widgets.py): the same HTML as Django's
own rendering, a chosen value always rendered afresh, and a changed registry shown at once."""

from __future__ import annotations

from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from events.models import City, Event
from registrations.forms import RegistrationForm
from registrations.models import RegistrationPolicy
from registrations.widgets import NormalizedChoices, SharedSelect, SharedSelectMultiple

CHOICES = [("", "Choose"), ("DK", "Denmark"), ("SE", "Sweden")]


def test_kept_html_is_djangos_own_rendering() -> None:
    shared = SharedSelect(attrs={"autocomplete": "country"}, choices=NormalizedChoices(CHOICES))
    plain = forms.Select(attrs={"autocomplete": "country"}, choices=CHOICES)

    first = shared.render("country", None, attrs={"id": "id_country"})
    again = shared.render("country", None, attrs={"id": "id_country"})

    assert first == plain.render("country", None, attrs={"id": "id_country"})
    assert again is first  # kept, not rendered again
    assert 'value="DK">Denmark</option>' in first


def test_other_attributes_get_their_own_html() -> None:
    choices = NormalizedChoices(CHOICES)
    widget = SharedSelect(choices=choices)

    valid = widget.render("country", "", attrs={"id": "id_country"})
    invalid = widget.render("country", "", attrs={"id": "id_country", "aria-invalid": "true"})

    assert 'aria-invalid="true"' in invalid
    assert "aria-invalid" not in valid
    assert len(choices.rendered) == 2


def test_a_chosen_value_is_rendered_every_time_and_never_kept() -> None:
    choices = NormalizedChoices(CHOICES)
    widget = SharedSelect(choices=choices)

    html = widget.render("country", "SE", attrs={"id": "id_country"})
    made_up = [widget.render("country", f"X{n}", attrs={"id": "id_country"}) for n in range(50)]

    assert '<option value="SE" selected>Sweden</option>' in html
    assert all("selected" not in h for h in made_up)
    assert choices.rendered == {}


def test_multiple_select_keeps_nothing_once_languages_are_chosen() -> None:
    choices = NormalizedChoices([("da", "Danish"), ("en", "English")])
    widget = SharedSelectMultiple(choices=choices)

    empty = widget.render("languages", None)
    chosen = widget.render("languages", ["da"])

    assert "multiple" in empty
    assert "selected" not in empty
    assert '<option value="da" selected>Danish</option>' in chosen
    assert len(choices.rendered) == 1


def test_the_form_in_another_language_has_its_own_lists(db: None, copenhagen: City) -> None:
    with translation.override("en"):
        english = str(RegistrationForm()["country"])
    with translation.override("da"):
        danish = str(RegistrationForm()["country"])

    assert 'value="DK">Denmark</option>' in english
    assert 'value="DK">Danmark</option>' in danish


def test_a_city_confirmed_later_is_in_the_next_form(
    client: Client, delegate: User, event: Event, policy: RegistrationPolicy, copenhagen: City
) -> None:
    client.force_login(delegate)
    url = reverse("registrations:register", kwargs={"slug": event.slug})
    proposed = City.objects.create(name="Kristiansand", country="NO", is_confirmed=False)
    assert "Kristiansand" not in client.get(url).content.decode()

    proposed.is_confirmed = True
    proposed.save()

    assert f'value="{proposed.pk}" data-country="NO">Kristiansand</option>' in (
        client.get(url).content.decode()
    )
