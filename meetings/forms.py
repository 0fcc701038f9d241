"""The coordinators' and organizers' meeting forms: validate and clean, nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot
from registrations.models import SEAT_STATUSES, Delegation, Registration, spoken_languages


class ChoiceBoxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose each input names the group's error list when the group is invalid:
    Django marks each input aria-invalid but ties the errors to the fieldset only."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        attrs = option["attrs"]
        if attrs.get("aria-invalid") == "true" and "id" in attrs:
            base = attrs["id"].rsplit("_", 1)[0]
            attrs["aria-describedby"] = f"{base}_error"
        return option


class SlotChoice(forms.ModelMultipleChoiceField):
    widget = ChoiceBoxes

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class OneSlot(forms.ModelChoiceField):
    widget = forms.RadioSelect

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class OneSlotSelect(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class PeopleChoice(forms.ModelMultipleChoiceField):
    widget = ChoiceBoxes

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.badge_name} ({obj.get_office_display()})"


class DelegationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.city.name)


class AnyDelegatePicker(PeopleChoice):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.badge_name} ({obj.city.name})"


class RoomChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s (seats %(capacity)d)") % {"name": obj.name, "capacity": obj.capacity}


def open_slots(event_id: int) -> QuerySet[MeetingSlot]:
    return MeetingSlot.objects.filter(
        event_id=event_id, starts_at__gt=timezone.now()
    ).select_related("event__venue")


def members(delegation: Delegation) -> QuerySet[Registration]:
    return Registration.objects.filter(delegation=delegation, status__in=SEAT_STATUSES).order_by(
        "badge_name", "pk"
    )


def language_choices() -> list[tuple[str, str]]:
    return [("", "–"), *spoken_languages().items()]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the other delegation"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestForm(forms.Form):
    recipient = DelegationChoice(Delegation.objects.none(), label=_("Meet the delegation of"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    slots = SlotChoice(MeetingSlot.objects.none(), label=_("Proposed slots"))
    participants = PeopleChoice(Registration.objects.none(), label=_("Our participants"))
    interpreter_needed = forms.BooleanField(label=_("We need an interpreter"), required=False)
    interpret_from = forms.ChoiceField(label=_("Interpret from"), required=False, choices=())
    interpret_to = forms.ChoiceField(label=_("Interpret to"), required=False, choices=())
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Never shown in public: only the participants and the organizers see it."),
    )

    def __init__(self, *args: Any, delegation: Delegation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Delegation.objects.filter(event_id=delegation.event_id).exclude(pk=delegation.pk)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ModelChoiceField)
        recipient.queryset = others.select_related("city").order_by("city__name")
        slots = self.fields["slots"]
        assert isinstance(slots, forms.ModelMultipleChoiceField)
        slots.queryset = open_slots(delegation.event_id)
        people = self.fields["participants"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = members(delegation)
        for name in ("interpret_from", "interpret_to"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = language_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interpreter_needed"):
            first, second = data.get("interpret_from"), data.get("interpret_to")
            if not first or not second:
                self.add_error(
                    "interpret_to", _("Name both languages the interpreter works between.")
                )
            elif first == second:
                self.add_error("interpret_to", _("The interpreter's two languages must differ."))
        return data


class DeclineForm(NoteForm):
    prefix = "decline"


class CounterForm(NoteForm):
    prefix = "counter"
    slots = SlotChoice(MeetingSlot.objects.none(), label=_("Proposed slots"))
    participants = PeopleChoice(
        Registration.objects.none(), label=_("Our participants"), required=False
    )

    field_order = ["slots", "participants", "note"]

    def __init__(
        self, *args: Any, meeting: MeetingRequest, delegation: Delegation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        slots = self.fields["slots"]
        assert isinstance(slots, forms.ModelMultipleChoiceField)
        slots.queryset = open_slots(meeting.event_id)
        people = self.fields["participants"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = members(delegation)


class AcceptForm(forms.Form):
    prefix = "accept"
    slot = OneSlot(MeetingSlot.objects.none(), label=_("Slot"), empty_label=None)
    participants = PeopleChoice(
        Registration.objects.none(), label=_("Our participants"), required=False
    )
    room = RoomChoice(
        MeetingRoom.objects.none(),
        label=_("Room or table"),
        required=False,
        empty_label=_("Any free room that seats everyone"),
    )

    def __init__(
        self, *args: Any, meeting: MeetingRequest, delegation: Delegation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        slot = self.fields["slot"]
        assert isinstance(slot, forms.ModelChoiceField)
        slot.queryset = meeting.proposed_slots.select_related("event__venue")
        people = self.fields["participants"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = members(delegation)
        # Required unless this side named its participants already (in a counter-proposal).
        side = meeting.side_of(delegation.pk)
        people.required = not meeting.participants.filter(side=side).exists()
        room = self.fields["room"]
        assert isinstance(room, forms.ModelChoiceField)
        room.queryset = MeetingRoom.objects.filter(event_id=meeting.event_id)


class ScheduleForm(forms.Form):
    requester = DelegationChoice(Delegation.objects.none(), label=_("First delegation"))
    recipient = DelegationChoice(Delegation.objects.none(), label=_("Second delegation"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    slot = OneSlotSelect(MeetingSlot.objects.none(), label=_("Slot"))
    room = RoomChoice(
        MeetingRoom.objects.none(),
        label=_("Room or table"),
        required=False,
        empty_label=_("Any free room that seats everyone"),
    )
    participants = PeopleChoice(
        Registration.objects.none(), label=_("Participants of both delegations")
    )
    confidential = forms.BooleanField(label=_("Confidential"), required=False)

    def __init__(self, *args: Any, event_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        delegations = Delegation.objects.filter(event_id=event_id).select_related("city")
        for name in ("requester", "recipient"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = delegations.order_by("city__name")
        slot = self.fields["slot"]
        assert isinstance(slot, forms.ModelChoiceField)
        slot.queryset = open_slots(event_id)
        room = self.fields["room"]
        assert isinstance(room, forms.ModelChoiceField)
        room.queryset = MeetingRoom.objects.filter(event_id=event_id)
        people = self.fields["participants"]
        assert isinstance(people, forms.ModelMultipleChoiceField)
        people.queryset = (
            Registration.objects.filter(event_id=event_id, status__in=SEAT_STATUSES)
            .select_related("city")
            .order_by("city__name", "badge_name")
        )


class MoveForm(forms.Form):
    prefix = "move"
    slot = OneSlotSelect(MeetingSlot.objects.none(), label=_("New slot"))
    room = RoomChoice(
        MeetingRoom.objects.none(),
        label=_("Room or table"),
        required=False,
        empty_label=_("Any free room that seats everyone"),
    )

    def __init__(self, *args: Any, meeting: MeetingRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slot = self.fields["slot"]
        assert isinstance(slot, forms.ModelChoiceField)
        slot.queryset = open_slots(meeting.event_id)
        room = self.fields["room"]
        assert isinstance(room, forms.ModelChoiceField)
        room.queryset = MeetingRoom.objects.filter(event_id=meeting.event_id)
