"""A meeting request between two delegations, its participants, holds and history."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.ical import host
from events.models import Event
from meetings.models.setup import MeetingRoom, MeetingSlot
from registrations.models import Delegation, Registration, spoken_languages


def new_meeting_uid() -> str:
    """The calendar UID of the meeting's invites: fixed at creation, never changed."""
    return f"meeting-{uuid.uuid4()}@{host()}"


class MeetingQuerySet(models.QuerySet["MeetingRequest"]):
    def open(self) -> MeetingQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def accepted(self) -> MeetingQuerySet:
        return self.filter(status=MeetingRequest.Status.ACCEPTED)

    def involving(self, delegation: Delegation) -> MeetingQuerySet:
        return self.filter(models.Q(requester=delegation) | models.Q(recipient=delegation))

    def for_lists(self) -> MeetingQuerySet:
        slots = MeetingSlot.objects.select_related("event__venue").order_by("starts_at")
        return self.select_related(
            "requester__city", "recipient__city", "slot__event__venue", "room", "event__venue"
        ).prefetch_related(models.Prefetch("proposed_slots", queryset=slots))


class MeetingRequest(models.Model):
    """One delegation asks another of the same event for a meeting.

    `awaiting` is the side that must answer now: the recipient at first, the requester after
    the recipient proposed other slots, and so on. Only that side accepts or proposes again;
    either side may cancel; expiry ends an unanswered one (settings.MEETING_REQUEST_HOLD_HOURS).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        COUNTER_PROPOSED = "counter_proposed", _("Other times proposed")
        ACCEPTED = "accepted", pgettext_lazy("meeting", "Accepted")
        DECLINED = "declined", pgettext_lazy("meeting", "Declined")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")

    class Side(models.TextChoices):
        REQUESTER = "requester", _("Requesting delegation")
        RECIPIENT = "recipient", _("Invited delegation")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="meeting_requests", verbose_name=_("event")
    )
    requester = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="meetings_requested",
        verbose_name=_("requesting delegation"),
    )
    recipient = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="meetings_invited",
        verbose_name=_("invited delegation"),
    )
    topic = models.CharField(_("topic"), max_length=200)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    proposed_slots = models.ManyToManyField(
        MeetingSlot, related_name="proposed_in", blank=True, verbose_name=_("proposed slots")
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpret_from = models.CharField(_("interpret from"), max_length=10, blank=True)
    interpret_to = models.CharField(_("interpret to"), max_length=10, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Shown only to the two delegations' participants and the organizers."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    awaiting = models.CharField(
        _("waiting for"), max_length=10, choices=Side, default=Side.RECIPIENT
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    slot = models.ForeignKey(
        MeetingSlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("slot"),
    )
    room = models.ForeignKey(
        MeetingRoom,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("room or table"),
    )
    uid = models.CharField(
        _("calendar UID"), max_length=255, unique=True, editable=False, default=new_meeting_uid
    )
    # The invites' SEQUENCE: bumped on every change participants must be told about.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    # The last sequence whose invites are all queued; the sweep catches up on the rest.
    invited_sequence = models.IntegerField(_("invites sent up to"), default=-1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")),
                name="meeting_between_two_delegations",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "pending",
                        "counter_proposed",
                        "accepted",
                        "declined",
                        "expired",
                        "cancelled",
                    ]
                ),
                name="meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(awaiting__in=["requester", "recipient"]),
                name="meeting_awaiting_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted")
                | models.Q(slot__isnull=False, room__isnull=False),
                name="accepted_meeting_has_slot_and_room",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["pending", "counter_proposed"])
                | models.Q(expires_at__isnull=False),
                name="open_meeting_request_expires",
            ),
            models.CheckConstraint(
                condition=models.Q(interpreter_needed=False)
                | (
                    ~models.Q(interpret_from="")
                    & ~models.Q(interpret_to="")
                    & ~models.Q(interpret_from=models.F("interpret_to"))
                ),
                name="interpreter_names_two_languages",
            ),
            # Two acceptances of one room for one slot: the second insert fails, whatever the
            # service's checks saw (they run under locks too; this is the last word).
            models.UniqueConstraint(
                fields=["room", "slot"],
                condition=models.Q(status="accepted"),
                name="one_meeting_per_room_and_slot",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="meeting_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.requester.city.name} – {self.recipient.city.name}: {self.topic}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.interpreter_needed and not (self.interpret_from and self.interpret_to):
            errors["interpret_to"] = _("Name both languages the interpreter works between.")
        elif self.interpreter_needed and self.interpret_from == self.interpret_to:
            errors["interpret_to"] = _("The interpreter's two languages must differ.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def delegation_of(self, side: str) -> Delegation:
        return self.requester if side == self.Side.REQUESTER else self.recipient

    def side_of(self, delegation_id: int) -> str | None:
        if delegation_id == self.requester_id:
            return self.Side.REQUESTER
        if delegation_id == self.recipient_id:
            return self.Side.RECIPIENT
        return None

    @property
    def interpreter_pair(self) -> str:
        """Norwegian – Finnish, in the active language; "" when no interpreter comes."""
        if not self.interpreter_needed:
            return ""
        names = spoken_languages()
        first, second = self.interpret_from, self.interpret_to
        return f"{names.get(first, first)} – {names.get(second, second)}"


OPEN_STATUSES = (MeetingRequest.Status.PENDING, MeetingRequest.Status.COUNTER_PROPOSED)


class MeetingParticipant(models.Model):
    """A delegate who takes part in a meeting, for one of the two sides."""

    meeting = models.ForeignKey(
        MeetingRequest,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("meeting"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meeting_roles",
        verbose_name=_("delegate"),
    )
    side = models.CharField(_("side"), max_length=10, choices=MeetingRequest.Side)

    class Meta:
        ordering = ["meeting", "side", "registration__badge_name", "pk"]
        verbose_name = _("meeting participant")
        verbose_name_plural = _("meeting participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "registration"], name="one_place_per_meeting_delegate"
            ),
            models.CheckConstraint(
                condition=models.Q(side__in=["requester", "recipient"]),
                name="meeting_participant_side_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.badge_name} ({self.get_side_display()})"


class SlotHold(models.Model):
    """An unanswered request keeps one of its proposed slots for one of its delegations.

    Unique per delegation and slot: whichever request claims a slot first holds it, and a
    second request at the same moment fails on the constraint instead of double-holding.
    Deleted when the request is answered, cancelled or expires.
    """

    meeting = models.ForeignKey(
        MeetingRequest, on_delete=models.CASCADE, related_name="holds", verbose_name=_("meeting")
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="+", verbose_name=_("delegation")
    )
    slot = models.ForeignKey(
        MeetingSlot, on_delete=models.CASCADE, related_name="holds", verbose_name=_("slot")
    )

    class Meta:
        verbose_name = _("slot hold")
        verbose_name_plural = _("slot holds")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "slot"], name="one_hold_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.delegation_id} @ {self.slot_id}"


class MeetingChange(models.Model):
    """One line of a meeting's history: who did what, when."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        COUNTER_PROPOSED = "counter_proposed", _("Proposed other times")
        ACCEPTED = "accepted", pgettext_lazy("meeting", "Accepted")
        DECLINED = "declined", pgettext_lazy("meeting", "Declined")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")
        EXPIRED = "expired", _("Expired")
        SCHEDULED = "scheduled", _("Scheduled by the organizers")
        MOVED = "moved", _("Moved by the organizers")
        LEFT = "left", _("A participant left")

    meeting = models.ForeignKey(
        MeetingRequest, on_delete=models.CASCADE, related_name="changes", verbose_name=_("meeting")
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "at", "pk"]
        verbose_name = _("meeting history line")
        verbose_name_plural = _("meeting history")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.kind}"
