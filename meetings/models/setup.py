"""What organizers set up per event: the meeting slots, and the rooms or tables to meet in."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event, Room
from events.templatetags.summit import format_local_span


class MeetingSlot(models.Model):
    """A time in which bilateral meetings may take place, at one event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="meeting_slots", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_slot_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["event", "starts_at"], name="one_meeting_slot_per_start"
            ),
        ]

    def __str__(self) -> str:
        """On the event's clock, in the active language: 24 October 2022, 10:00–10:30 CEST."""
        return format_local_span(self.starts_at, self.ends_at, self.event.time_zone)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A slot must end after it starts.")})
        if self.event_id and self.starts_at and self.ends_at and not self.within_event():
            raise ValidationError(_("The slot must lie within the event's days."))

    def within_event(self) -> bool:
        """Both ends on the event's days, as the clock of its main venue shows them."""
        event = self.event
        first = dt.datetime.combine(event.start_date, dt.time(), tzinfo=event.zone)
        after = dt.datetime.combine(
            event.end_date + dt.timedelta(days=1), dt.time(), tzinfo=event.zone
        )
        return first <= self.starts_at and self.ends_at <= after

    def overlaps(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at


class MeetingRoom(models.Model):
    """A room or a table for bilateral meetings at one event.

    With `room` set it is a room of the agenda, usable while no session takes place in it; its
    capacity is then the room's. Without, a table of its own (name and capacity given here).
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="meeting_rooms", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"))
    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_uses",
        verbose_name=_("room of the agenda"),
        help_text=_("Empty for a table of its own. Set: meetings use it when no session does."),
    )

    class Meta:
        ordering = ["event", "name", "pk"]
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="unique_meeting_room_name"),
            models.UniqueConstraint(
                fields=["event", "room"],
                condition=models.Q(room__isnull=False),
                name="one_meeting_use_per_agenda_room",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=2), name="meeting_room_seats_two"
            ),
        ]

    def __str__(self) -> str:
        return self.name
