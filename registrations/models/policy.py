"""An event's registration policy: seats, the quota per city, approval."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event


class RegistrationPolicy(models.Model):
    """Limits and rules of one event's registration. Its row is also the event's seat lock."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="registration_policy",
        verbose_name=_("event"),
    )
    capacity = models.PositiveIntegerField(
        _("total capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    city_quota = models.PositiveIntegerField(
        _("quota per city"),
        null=True,
        blank=True,
        help_text=_("Seats per city delegation unless overridden. Empty: no limit."),
    )
    country_quota = models.PositiveIntegerField(
        _("quota per country"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        # Safe default for government summits: organizers decide who comes.
        default=True,
    )
    edit_deadline = models.DateTimeField(
        _("delegates may edit their details until"),
        null=True,
        blank=True,
        help_text=_("Empty: no deadline."),
    )

    class Meta:
        verbose_name = _("registration policy")
        verbose_name_plural = _("registration policies")

    def __str__(self) -> str:
        return str(_("Registration policy of %(event)s") % {"event": self.event})

    @classmethod
    def for_event(cls, event: Event) -> RegistrationPolicy:
        """The event's policy, or the defaults (unsaved) when none was set."""
        try:
            return event.registration_policy
        except cls.DoesNotExist:
            return cls(event=event)
