"""An event's agenda as a whole: its themes, its sign-up policy, its publications."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event


class Theme(models.Model):
    """A topic sessions are filed under. Global, not per event: the networks come back to the
    same themes every year, and the agenda can be filtered by them across events."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (sessions_app/translation.py)
        name_en: str | None
        name_da: str | None
        name_sv: str | None
        name_nb: str | None
        name_fi: str | None
        name_is: str | None

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class SessionPolicy(models.Model):
    """Sign-up rules of one event's sessions. Its row also serialises agenda publications."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="session_policy",
        verbose_name=_("event"),
    )
    signup_closes_before = models.DurationField(
        _("sign-up closes before the start"),
        default=dt.timedelta(hours=1),
        help_text=_("How long before a session starts its sign-up closes, e.g. 01:00:00."),
    )
    reminder_before = models.DurationField(
        _("reminder before the start"),
        default=dt.timedelta(hours=24),
        help_text=_("How long before the start attendees get their reminder mail."),
    )

    class Meta:
        verbose_name = _("session policy")
        verbose_name_plural = _("session policies")

    def __str__(self) -> str:
        return str(_("Session policy of %(event)s") % {"event": self.event})

    @classmethod
    def for_event(cls, event: Event) -> SessionPolicy:
        """The event's policy, or the defaults (unsaved) when none was set."""
        try:
            return cls.objects.get(event=event)
        except cls.DoesNotExist:
            return cls(event=event)


class AgendaPublication(models.Model):
    """One press of "publish": the drafts it made public and the changes it announced."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="agenda_publications", verbose_name=_("event")
    )
    number = models.PositiveIntegerField(_("number"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("agenda publication")
        verbose_name_plural = _("agenda publications")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="unique_publication_number")
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.number}"
