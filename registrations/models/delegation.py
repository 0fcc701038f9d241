"""A city's delegation to an event, led by its coordinator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import City, Event
from registrations.models.policy import RegistrationPolicy


class Delegation(models.Model):
    """The delegates of one city at one event."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("event")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("city")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_delegations",
        verbose_name=_("coordinator"),
    )
    quota_override = models.PositiveIntegerField(
        _("quota override"),
        null=True,
        blank=True,
        help_text=_(
            "Seats for this city, replacing the event's quota per city. Empty: no override."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["event", "city__name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(fields=["event", "city"], name="one_delegation_per_event_city")
        ]

    def __str__(self) -> str:
        return f"{self.city} – {self.event}"

    def quota(self, policy: RegistrationPolicy) -> int | None:
        """This city's seat limit at the event; None means no limit."""
        return self.quota_override if self.quota_override is not None else policy.city_quota
