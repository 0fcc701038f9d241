"""A delegate's access and language needs for an event (issue #18): special-category data.

Kept in a table of its own, one row per registration, so that it is easy to find, to show to
organizers only (registrations.needs), to leave out of the history and webhooks (no line
records its values), and to erase or expire as a whole (privacy's retention rules:
NEEDS_FIELDS names every column that holds the data). The languages a delegate understands
stay on the registration (Registration.languages, ISO 639 codes): they are no health data and
the delegate list may show them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from registrations.models.languages import spoken_languages
from registrations.models.registration import Registration


class SignLanguage(models.TextChoices):
    """Sign languages by their ISO 639-3 codes: those of the region, and International Sign."""

    DANISH = "dsl", _("Danish Sign Language")
    SWEDISH = "swl", _("Swedish Sign Language")
    NORWEGIAN = "nsi", _("Norwegian Sign Language")
    FINNISH = "fse", _("Finnish Sign Language")
    FINLAND_SWEDISH = "fss", _("Finland-Swedish Sign Language")
    ICELANDIC = "icl", _("Icelandic Sign Language")
    INTERNATIONAL = "ils", _("International Sign")
    BRITISH = "bfi", _("British Sign Language")


class Diet(models.TextChoices):
    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    GLUTEN_FREE = "gluten_free", _("Gluten-free")
    LACTOSE_FREE = "lactose_free", _("Lactose-free")
    NUT_ALLERGY = "nut_allergy", _("Nut allergy")
    HALAL = "halal", _("Halal")
    KOSHER = "kosher", _("Kosher")


def validate_spoken_language(value: Any) -> None:
    if value and value not in spoken_languages():
        raise ValidationError(_("Choose a language from the list."), code="unknown_language")


def validate_diets(value: Any) -> None:
    if not isinstance(value, list) or any(diet not in Diet.values for diet in value):
        raise ValidationError(_("Choose diets from the list."), code="unknown_diet")


class RegistrationNeeds(models.Model):
    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="needs",
        verbose_name=_("registration"),
    )
    interpretation_into = models.CharField(
        _("interpretation into"),
        max_length=10,
        blank=True,
        validators=[validate_spoken_language],
        help_text=_("The language you would like sessions interpreted into."),
    )
    sign_language = models.CharField(
        _("sign language"), max_length=3, choices=SignLanguage, blank=True
    )
    captions = models.BooleanField(_("live captions"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    assistance = models.BooleanField(_("personal assistance"), default=False)
    assistance_details = models.CharField(_("what assistance"), max_length=300, blank=True)
    diets = models.JSONField(
        _("dietary needs"), default=list, blank=True, validators=[validate_diets]
    )
    dietary_details = models.CharField(
        _("other dietary needs"), max_length=300, blank=True, help_text=_("Allergies, for example.")
    )
    other_needs = models.CharField(
        _("anything else"),
        max_length=2000,
        blank=True,
        help_text=_("Any other need for interpretation, food or access that the list misses."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("access and language needs")
        verbose_name_plural = _("access and language needs")

    def __str__(self) -> str:
        return str(_("Needs of registration %(pk)s") % {"pk": self.registration_id})

    def lines(self) -> list[str]:
        """Each need in words, for the organizers' pages."""
        names = spoken_languages()
        found: list[str] = []
        if self.interpretation_into:
            language = names.get(self.interpretation_into, self.interpretation_into)
            found.append(str(_("Interpretation into %(language)s") % {"language": language}))
        if self.sign_language:
            found.append(self.get_sign_language_display())
        found.extend(str(label) for name, label in FLAG_LABELS.items() if getattr(self, name))
        if self.assistance_details:
            found.append(self.assistance_details)
        found.extend(str(Diet(diet).label) for diet in self.diets if diet in Diet.values)
        if self.dietary_details:
            found.append(self.dietary_details)
        if self.other_needs:
            found.append(self.other_needs)
        return found

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in NEEDS_FIELDS)


# The yes/no needs, in words.
FLAG_LABELS = {
    "captions": _("Live captions"),
    "hearing_loop": _("Hearing loop"),
    "step_free": _("Step-free access"),
    "quiet_room": _("Quiet room"),
    "assistance": _("Personal assistance"),
}
# Every column that holds special-category data (for privacy's retention and erasure rules).
NEEDS_FIELDS = (
    "interpretation_into",
    "sign_language",
    "captions",
    "hearing_loop",
    "step_free",
    "quiet_room",
    "assistance",
    "assistance_details",
    "diets",
    "dietary_details",
    "other_needs",
)
