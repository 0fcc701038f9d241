"""Interpreters booked for a session (issue #18): one row per language pair and booth.

What a session offers in interpretation is what is booked for it: the public agenda's
"interpretation" filter and the needs totals read these rows, so there is one truth.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from registrations.models import SignLanguage, spoken_languages
from sessions_app.models.session import Session


def validate_source(value: Any) -> None:
    if value not in spoken_languages():
        raise ValidationError(_("Choose a language from the list."), code="unknown_language")


def validate_target(value: Any) -> None:
    if value not in spoken_languages() and value not in SignLanguage.values:
        raise ValidationError(_("Choose a language from the list."), code="unknown_language")


class InterpreterBooking(models.Model):
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="interpreter_bookings",
        verbose_name=_("session"),
    )
    source_language = models.CharField(
        _("from"), max_length=10, validators=[validate_source], help_text=_("The spoken language.")
    )
    target_language = models.CharField(
        _("into"),
        max_length=10,
        validators=[validate_target],
        help_text=_("A spoken or a sign language."),
    )
    booth = models.CharField(
        _("booth"), max_length=60, blank=True, help_text=_("Empty for sign language on stage.")
    )
    interpreters = models.PositiveSmallIntegerField(_("interpreters booked"))
    notes = models.CharField(_("agency or notes"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["session", "target_language", "pk"]
        verbose_name = _("interpreter booking")
        verbose_name_plural = _("interpreter bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "source_language", "target_language"],
                name="one_booking_per_language_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(source_language=models.F("target_language")),
                name="interpretation_between_two_languages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_language} → {self.target_language} ({self.session_id})"
