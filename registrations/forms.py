"""Forms of the registration pages. They validate and clean; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import City
from registrations.models import MAX_LANGUAGES, Delegation, Registration, spoken_languages
from registrations.privacy_forms import ConsentFields, NoticeFields
from registrations.services import DelegateDetails
from registrations.widgets import (
    CitySelect,
    NormalizedChoices,
    SharedSelect,
    SharedSelectMultiple,
)
from summit import cache

PHONE = RegexValidator(
    r"^\+?[0-9 ()./-]{4,40}$",
    _("Enter a phone number with digits, spaces and an optional leading +."),
)


_language_choices: dict[str | None, NormalizedChoices] = {}


def language_choices() -> NormalizedChoices:
    """spoken_languages() as choices, once per language and process (it never changes)."""
    language = get_language()
    choices = _language_choices.get(language)
    if choices is None:
        choices = _language_choices[language] = NormalizedChoices(spoken_languages().items())
    return choices


class DetailsForm(forms.Form):
    """What a delegate says about themselves: the fields of services.DelegateDetails."""

    # autocomplete: browsers fill in the delegate's own details (WCAG 1.3.5).
    badge_name = forms.CharField(
        label=_("Name on the badge"),
        max_length=100,
        help_text=_("As it should be printed."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    office = forms.ChoiceField(label=_("Office"), choices=Registration.Office.choices)
    organization = forms.CharField(
        label=_("Organization"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        validators=[PHONE],
        help_text=_("Optional. For the organizers on the days of the event."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        required=False,
        help_text=_("Up to %(max)d. Hold Ctrl (⌘ on a Mac) to choose several.")
        % {"max": MAX_LANGUAGES},
        widget=SharedSelectMultiple(attrs={"size": 8}),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see you in the delegate list"),
        choices=Registration.Visibility.choices,
        initial=Registration.Visibility.ORGANIZERS,
        widget=forms.RadioSelect,
    )
    directory_fields = forms.MultipleChoiceField(
        label=_("Also show in the delegate list"),
        choices=Registration.DirectoryField.choices,
        required=False,
        help_text=_("Your name and city are always shown to those who may see you."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = self.fields["languages"]
        assert isinstance(languages, forms.MultipleChoiceField)
        languages.choices = language_choices()

    def clean_languages(self) -> list[str]:
        languages: list[str] = self.cleaned_data["languages"]
        if len(languages) > MAX_LANGUAGES:
            raise forms.ValidationError(
                _("Choose at most %(max)d languages."), params={"max": MAX_LANGUAGES}
            )
        return languages

    def details(self) -> DelegateDetails:
        data = self.cleaned_data
        return DelegateDetails(
            badge_name=data["badge_name"],
            office=data["office"],
            organization=data["organization"],
            phone=data["phone"],
            languages=tuple(data["languages"]),
            visibility=data["visibility"],
            directory_fields=tuple(data["directory_fields"]),
        )

    @classmethod
    def initial_from(cls, registration: Registration) -> dict[str, Any]:
        # The details' own fields: a subclass's privacy fields are no registration attribute.
        return {name: getattr(registration, name) for name in DetailsForm.base_fields}


CityRegistry = tuple[dict[int, City], NormalizedChoices, dict[str, str], NormalizedChoices]


def _city_registry(fixed_city: City | None = None) -> CityRegistry:
    """The confirmed cities by id, the city choices grouped by country, each city's country
    code, and the country choices; with an invitation's city too (maybe a proposed one)."""
    cities = {c.pk: c for c in City.objects.filter(is_confirmed=True).order_by("name")}
    if fixed_city is not None:
        cities[fixed_city.pk] = fixed_city
    by_country: dict[str, list[tuple[int, str]]] = {}
    for city in cities.values():
        by_country.setdefault(city.country.code, []).append((city.pk, city.name))
    groups = [(countries.name(code), by_country[code]) for code in by_country]
    return (
        cities,
        NormalizedChoices([("", _("Choose your city")), *sorted(groups)]),
        {str(c.pk): c.country.code for c in cities.values()},
        NormalizedChoices([("", _("Choose your country")), *countries]),
    )


class RegistrationForm(ConsentFields, DetailsForm):
    """Registering for an event: the details, the city (from the registry or proposed by name)
    and the privacy notice."""

    field_order = ["badge_name", "office", "organization", "country", "city", "proposed_city"]

    country = forms.ChoiceField(
        label=_("Country"), widget=SharedSelect(attrs={"autocomplete": "country"})
    )
    city = forms.TypedChoiceField(
        label=_("City"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The city whose delegation you belong to."),
    )
    proposed_city = forms.CharField(
        label=_("Your city, if it is not in the list"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        help_text=_("An organizer confirms a proposed city before your registration goes on."),
    )

    def __init__(self, *args: Any, fixed_city: City | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_city is None:
            # Built once per language and process until a city changes: 400 cities and their
            # countries' names cost more than the rest of a registration (bench/, issue #6).
            parts = ("registration-cities", get_language())
            registry = cache.memoized(parts, _city_registry, depends_on=["cities"])
        else:
            registry = _city_registry(fixed_city)
        self.cities, city_choices, country_of, country_choices = registry
        field = self.fields["city"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = city_choices
        field.widget = CitySelect(choices=field.choices, country_of=country_of)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = country_choices
        if fixed_city is not None:
            self._fix_city(fixed_city)

    def _fix_city(self, city: City) -> None:
        """Show the invitation's city and country, disabled: posted values are ignored."""
        self.fields["city"].choices = [(city.pk, city.name)]  # type: ignore[attr-defined]
        self.initial.update(country=city.country.code, city=city.pk, proposed_city="")
        for name in ("country", "city", "proposed_city"):
            self.fields[name].disabled = True

    def clean_city(self) -> City | None:
        pk: int | None = self.cleaned_data["city"]
        return None if pk is None else self.cities[pk]

    def clean_proposed_city(self) -> str:
        return " ".join(self.cleaned_data["proposed_city"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        city, proposed, country = data.get("city"), data.get("proposed_city"), data.get("country")
        if city and proposed:
            self.add_error(
                "proposed_city", _("Choose your city from the list or propose one, not both.")
            )
        elif not city and not proposed and "city" not in self.errors:
            self.add_error("city", _("Choose your city, or propose it by name."))
        elif city and country and city.country.code != country:
            self.add_error(
                "city",
                _("%(city)s is not in the country you chose.") % {"city": city.name},
            )
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address of your colleague"), max_length=254)


class SubstituteForm(forms.Form):
    """A coordinator names who takes a member's seat. Their consent choices (delegate list,
    privacy notice) are theirs to make: the substitute is listed for organizers only until
    they edit their own details."""

    email = forms.EmailField(
        label=_("Email address of the substitute"),
        max_length=254,
        help_text=_("They need an account on this site already."),
    )
    badge_name = DetailsForm.base_fields["badge_name"]
    office = DetailsForm.base_fields["office"]
    organization = DetailsForm.base_fields["organization"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Someone else's details: the browser must not offer the coordinator's own.
        for name in ("badge_name", "organization"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def details(self) -> DelegateDetails:
        data = self.cleaned_data
        return DelegateDetails(
            badge_name=data["badge_name"], office=data["office"], organization=data["organization"]
        )


class EditDetailsForm(NoticeFields, DetailsForm):
    """Changing one's details; a substitute who has not yet accepted the privacy notice must."""

    def __init__(self, *args: Any, needs_privacy: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_privacy:
            for name in NoticeFields.base_fields:
                del self.fields[name]


class RegistrationsField(forms.ModelMultipleChoiceField):
    """Registration ids; one that is no database integer at all is refused like any unknown id
    (SQLite raises OverflowError on an `in` lookup with 2**70, which would be a 500)."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk)
            if not text.isdigit() or int(text) > 2**63 - 1:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text},
                )
        return super().clean(value)


class BulkDecisionForm(forms.Form):
    """Approve or decline the chosen registrations of one event."""

    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        error_messages={"required": _("Choose approve or decline.")},
    )
    registrations = RegistrationsField(
        queryset=Registration.objects.none(),
        error_messages={
            "required": _("Select at least one registration."),
            "invalid_choice": _("A selected registration is not one of this event's."),
            "invalid_pk_value": _("A selected registration is not one of this event's."),
        },
    )

    def __init__(self, *args: Any, event_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        registrations = self.fields["registrations"]
        assert isinstance(registrations, forms.ModelMultipleChoiceField)
        registrations.queryset = Registration.objects.filter(event_id=event_id).order_by("pk")


class DelegationQuotaForm(forms.Form):
    """An organizer's override of one delegation's quota; empty goes back to the event's."""

    quota = forms.IntegerField(
        label=_("Quota for this delegation"),
        required=False,
        min_value=0,
        max_value=10_000,
        help_text=_("Leave empty to apply the event's quota per city."),
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.badge_name} <{obj.user.email}>"


class CoordinatorForm(forms.Form):
    """The delegation's new coordinator, chosen among its active members."""

    member = MemberChoiceField(
        label=_("Coordinator"),
        queryset=Registration.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose a member of the delegation."),
            "invalid_choice": _("Choose one of the delegation's registered members."),
        },
    )

    def __init__(self, *args: Any, delegation: Delegation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ModelChoiceField)
        member.queryset = (
            delegation.registrations.active().select_related("user").order_by("badge_name", "pk")
        )
