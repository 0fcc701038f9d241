"""Forms of the organizers' agenda builder. They validate and clean: local wall-clock times in
the chosen room's venue zone become aware UTC datetimes; the services decide and write.
The session's people are a formset (PeopleFormSet) that cleans to services.Billing rows."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.forms.models import model_to_dict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.models import City, Event, Network, Room
from events.translated import ORIGINAL
from registrations.models import Registration, spoken_languages
from sessions_app.models import Session, SessionPerson, Theme, validate_session_languages
from sessions_app.services import Billing
from sessions_app.translation_forms import (
    add_translation_fields,
    collect_translations,
    columns,
    translation_blocks,
    translations_initial,
)


def event_rooms(event: Event) -> QuerySet[Room]:
    """The rooms of the event's main venue and of its other venues (one query when read)."""
    at_event = Q(venue_id=event.venue_id) | Q(venue_id__in=event.other_venues.values("pk"))
    rooms = Room.objects.filter(at_event).select_related("venue__city")
    return rooms.order_by("venue__name", "name")


def event_days(event: Event) -> list[dt.date]:
    days = (event.end_date - event.start_date).days + 1
    return [event.start_date + dt.timedelta(days=n) for n in range(days)]


# <input type="date"> and "time" take ISO values whatever the page's language: without a fixed
# format Django would write the language's own (24.10.2022, 9.30 in Finnish) and browsers show
# an empty field.
ISO_DATE, ISO_TIME = "%Y-%m-%d", "%H:%M"


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.venue.name}, {obj.venue.time_zone})"


MAX_DAYS_FROM_EVENT = 366
MAX_SESSION_DAYS = 7


class _WhenForm(forms.Form):
    """Room, day and local start/end on the room's venue clocks -> aware UTC times."""

    room = RoomChoiceField(label=_("Room"), queryset=Room.objects.none())
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
    )
    start = forms.TimeField(
        label=_("Starts (local time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format=ISO_TIME),
    )
    end = forms.TimeField(
        label=_("Ends (local time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format=ISO_TIME),
    )
    end_day = forms.DateField(
        label=_("Ends on"),
        required=False,
        help_text=_("Empty: the day it starts. For a session that runs past midnight."),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        room = self.fields["room"]
        assert isinstance(room, forms.ModelChoiceField)
        room.queryset = event_rooms(event)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        room, day = data.get("room"), data.get("day")
        if room is None or day is None or data.get("start") is None:
            return data
        # Bounds keep the arithmetic in range (year 1 or 9999 would overflow) and catch typos such
        # as 2127 for 2027: a session lies within a year of its event and lasts under a week.
        if abs((day - self.event.start_date).days) > MAX_DAYS_FROM_EVENT and (
            abs((day - self.event.end_date).days) > MAX_DAYS_FROM_EVENT
        ):
            self.add_error("day", _("Choose a day within a year of the event's dates."))
            return data
        end_day = data.get("end_day") or day
        if not 0 <= (end_day - day).days <= MAX_SESSION_DAYS:
            self.add_error("end_day", _("A session ends on its first day or within a week."))
            return data
        zone = room.venue.zone
        data["starts_at"] = dt.datetime.combine(day, data["start"], tzinfo=zone).astimezone(dt.UTC)
        if data.get("end") is not None:
            ends_at = dt.datetime.combine(end_day, data["end"], tzinfo=zone).astimezone(dt.UTC)
            if ends_at <= data["starts_at"]:
                self.add_error("end", _("A session must end after it starts."))
            data["ends_at"] = ends_at
        return data


class _DetailsForm(forms.Form):
    """What a session says about itself besides its place and time: none of it is a change
    attendees are mailed about (services.update_session records it as an edit)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    format = forms.ChoiceField(label=_("Format"), choices=Session.Format.choices)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("Empty: the room's capacity."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Markdown."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        validators=[validate_session_languages],
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    join_url = forms.URLField(
        label=_("Online join link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to signed-up attendees."),
    )
    audience = forms.ChoiceField(
        label=_("Open to"), choices=Session.Audience.choices, initial=Session.Audience.ALL
    )
    audience_offices = forms.MultipleChoiceField(
        label=_("Offices"),
        choices=Registration.Office.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("With “only some offices”: who may sign up."),
    )
    audience_network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.order_by("name"),
        required=False,
        help_text=_("With “only member cities of a network”."),
    )
    MAIN = ("title", "format", "room", "day", "start", "end", "end_day")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = self.fields["languages"]
        assert isinstance(languages, forms.MultipleChoiceField)
        languages.choices = list(spoken_languages().items())
        add_translation_fields(self)

    def clean(self) -> dict[str, Any]:
        """Keep only the audience detail the chosen rule uses, and require it."""
        data = collect_translations(super().clean() or {})
        audience = data.get("audience")
        if audience != Session.Audience.OFFICES:
            data["audience_offices"] = []
        elif not data.get("audience_offices"):
            self.add_error("audience_offices", _("Choose at least one office."))
        if audience != Session.Audience.NETWORK_MEMBERS:
            data["audience_network"] = None
        elif data.get("audience_network") is None:
            self.add_error("audience_network", _("Choose the network."))
        return data

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name in self.MAIN]

    def detail_fields(self) -> list[forms.BoundField]:
        skip = {*self.MAIN, *columns()}
        return [self[name] for name in self.fields if name not in skip]

    def own_fields(self) -> list[forms.BoundField]:
        """Every field but the per-language block, which the template shows on its own."""
        return [self[name] for name in self.fields if name not in columns()]

    def translation_blocks(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return translation_blocks(self)


class CreateSessionForm(_WhenForm, _DetailsForm):
    """A new draft in a free slot, with as many of its details as the organizer knows."""

    field_order = ["title", "format", "room", "day", "start", "end", "end_day"]


class MoveSessionForm(_WhenForm):
    """Move (room and time) or resize (a new end): one form, so drag and drop posts it too,
    and the builder's preview of the conflicts a drop would cause reads it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end"].required = False
        self.fields["end"].help_text = _("Empty: it keeps its length.")


class DuplicateSessionForm(_WhenForm):
    """Where the copy goes; it keeps the original's length."""

    end = None  # type: ignore[assignment]
    end_day = None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # It shares a page with the move form: ids of its own keep each label on its own field.
        kwargs.setdefault("auto_id", "id_duplicate_%s")
        super().__init__(*args, **kwargs)


class EditSessionForm(_DetailsForm):
    """The details that are no move: a title or format fix does not bump the revision."""


def details_initial(session: Session) -> dict[str, Any]:
    """The edit form's starting values: the session's fields of the same names, the originals
    whatever the organizer's language, and the translations."""
    with translation.override(ORIGINAL):
        initial = model_to_dict(session, fields=list(_DetailsForm.base_fields))
    return {**initial, **translations_initial(session)}


class PersonForm(forms.Form):
    """One speaker or moderator: a registered delegate of the event, or a guest by name."""

    role = forms.ChoiceField(
        label=_("Role"), choices=SessionPerson.Role.choices, initial=SessionPerson.Role.SPEAKER
    )
    delegate = forms.TypedChoiceField(
        label=_("Registered delegate"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("For a guest. Leave it empty for a delegate: the name on their badge is used."),
    )
    office = forms.ChoiceField(
        label=_("Office"), choices=[("", "—"), *Registration.Office.choices], required=False
    )
    city = forms.TypedChoiceField(label=_("City"), coerce=int, required=False, empty_value=None)

    def __init__(
        self,
        *args: Any,
        delegates: list[tuple[int, str]],
        cities: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        delegate, city = self.fields["delegate"], self.fields["city"]
        assert isinstance(delegate, forms.ChoiceField)
        assert isinstance(city, forms.ChoiceField)
        delegate.choices = [("", _("Not a delegate: a guest")), *delegates]
        city.choices = [("", "—"), *cities]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = data.get("delegate") is not None or (data.get("name") or "").strip()
        if not named and not data.get("DELETE"):
            self.add_error("name", _("Choose a registered delegate or give a guest's name."))
        return data


class BasePeopleFormSet(forms.BaseFormSet):
    """The session's people in billing order, and blank rows to add more. The choices are read
    once for all rows: the event's registered delegates (and anyone billed who no longer is)."""

    def __init__(
        self, *args: Any, event: Event, session: Session | None = None, **kwargs: Any
    ) -> None:
        registrations = (
            Registration.objects.active()
            .filter(event=event)
            .select_related("user", "city")
            .order_by("badge_name", "pk")
        )
        self.users = {r.user_id: r.user for r in registrations}
        delegates = [(r.user_id, f"{r.badge_name} ({r.city.name})") for r in registrations]
        billed = list(session.people.select_related("user")) if session else []
        for person in billed:
            if person.user is not None and person.user_id not in self.users:
                self.users[person.user.pk] = person.user
                delegates.append((person.user.pk, person.name))
        self.cities = {city.pk: city for city in City.objects.order_by("name", "country")}
        cities = [(city.pk, str(city)) for city in self.cities.values()]
        kwargs.setdefault("initial", [_person_initial(p, n) for n, p in enumerate(billed)])
        kwargs.setdefault("prefix", "people")
        kwargs["form_kwargs"] = {"delegates": delegates, "cities": cities}
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Order")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def billing(self) -> list[Billing]:
        """The people to bill, in the chosen order (rows without one last), removed ones left
        out. Call after is_valid()."""
        return [
            Billing(
                role=data["role"],
                user=self.users.get(data["delegate"]) if data["delegate"] else None,
                name=data["name"],
                office=data["office"],
                city=self.cities.get(data["city"]) if data["city"] else None,
            )
            for data in (form.cleaned_data for form in self.ordered_forms)
        ]


PeopleFormSet = cast(
    type[BasePeopleFormSet],
    forms.formset_factory(
        PersonForm,
        formset=BasePeopleFormSet,
        extra=2,
        can_order=True,
        can_delete=True,
        can_delete_extra=False,  # a blank person is removed by leaving it blank
    ),
)


def _person_initial(person: SessionPerson, index: int) -> dict[str, Any]:
    return {
        "role": person.role,
        "delegate": person.user_id,
        # A delegate's name comes from their registration unless it was billed otherwise.
        "name": person.name,
        "office": person.office,
        "city": person.city_id,
        "ORDER": index + 1,
    }


def when_initial(session: Session) -> dict[str, Any]:
    """A session's room, local day and local times, as the forms' initial values."""
    start, end = (
        session.starts_at.astimezone(session.zone),
        session.ends_at.astimezone(session.zone),
    )
    return {
        "room": session.room_id,
        "day": start.date(),
        "start": start.time().replace(tzinfo=None),
        "end": end.time().replace(tzinfo=None),
        "end_day": end.date() if end.date() != start.date() else None,
    }
