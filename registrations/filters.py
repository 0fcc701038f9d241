"""The filters and search of the organizers' registrations page: the form that reads them from
the address (GET), and the rows they choose. The dashboards (reports) link here with the same
parameters, so that a figure's row and the list behind it always count alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import City, CityMembership, Event, Network
from registrations.models import Registration

ACTIVE = "active"  # the status filter's value for every active registration
NO_MEMBERSHIP = "none"  # the membership filter's value for a city outside the event's network
RETURNING, FIRST_TIME = "returning", "first"


class RegistrationFilterForm(forms.Form):
    """Status "active" is every status that holds a seat or waits for one (ACTIVE_STATUSES);
    membership is the city's place in the event's network; week is the week (UTC, from its
    Monday) the registration was made in; edition is whether the city came before."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.TypedChoiceField(label=_("City"), required=False, coerce=int, empty_value=None)
    network = forms.TypedChoiceField(
        label=_("Network"), required=False, coerce=int, empty_value=None
    )
    membership = forms.ChoiceField(label=_("Network membership"), required=False)
    edition = forms.ChoiceField(label=_("First time or returning"), required=False)
    office = forms.ChoiceField(label=_("Office"), required=False)
    week = forms.DateField(
        label=_("Registered in the week of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, cities: list[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        codes = sorted({c.country.code for c in cities}, key=countries.name)
        choices: dict[str, list[tuple[Any, Any]]] = {
            "status": [
                (ACTIVE, _("Active")),
                *Registration.Status.choices,
            ],
            "country": [(code, countries.name(code)) for code in codes],
            "city": [(c.pk, str(c)) for c in cities],
            "network": list(Network.objects.values_list("pk", "name")),
            "membership": [
                *CityMembership.Status.choices,
                (NO_MEMBERSHIP, _("Neither member nor partner")),
            ],
            "edition": [(FIRST_TIME, _("First-time city")), (RETURNING, _("Returning city"))],
            "office": Registration.Office.choices,
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [*everything, *options]

    def clean_q(self) -> str:
        # PostgreSQL refuses NUL in text; nobody searches for one.
        return str(self.cleaned_data["q"]).replace("\x00", "").strip()

    def filters(self) -> dict[str, Any]:
        """The valid, chosen filters; an invalid value is ignored rather than refused."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


LOOKUPS = {
    "status": "status",
    "country": "country",
    "city": "city_id",
    "network": "city__memberships__network_id",
    "office": "office",
}


def filtered(event: Event, chosen: dict[str, Any]) -> Any:
    """The event's registrations that the chosen filters (RegistrationFilterForm.filters) pick."""
    rows = Registration.objects.filter(event=event)
    if chosen.get("status") == ACTIVE:
        rows = rows.active()
        chosen = {name: value for name, value in chosen.items() if name != "status"}
    rows = rows.filter(**{LOOKUPS[name]: chosen[name] for name in LOOKUPS if name in chosen})
    if membership := chosen.get("membership"):
        rows = rows.by_membership(event.network_id, membership)
    if edition := chosen.get("edition"):
        rows = rows.by_edition(event, returning=edition == RETURNING)
    if week := chosen.get("week"):
        rows = rows.registered_in_week(week - dt.timedelta(days=week.weekday()))
    if query := chosen.get("q"):
        rows = rows.filter(
            Q(badge_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(organization__icontains=query)
            | Q(city__name__icontains=query)
        )
    return rows
