"""The shared domain: networks, cities, venues, rooms, events.

Time zones live on the venue. Every datetime is stored aware, in UTC; event days are local
calendar dates of the event's main venue.
"""

from __future__ import annotations

import datetime as dt
import enum
import zoneinfo
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone such as Europe/Copenhagen."),
            params={"value": value},
        )


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    # A delegate may propose a city that is not in the registry; it stays unconfirmed until an
    # organizer confirms it (see registrations.services.confirm_city).
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Unchecked for a city a delegate proposed and no organizer has confirmed yet."),
    )
    networks: models.ManyToManyField[Network, CityMembership] = models.ManyToManyField(
        Network, through="CityMembership", related_name="cities", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="unique_city_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.country.name}"


class CityMembership(models.Model):
    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTNER = "partner", _("Partner")

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="memberships")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.MEMBER)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["network__name", "city__name"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["city", "network"], name="unique_city_network")
        ]

    def __str__(self) -> str:
        return f"{self.city.name} – {self.network} ({self.get_status_display()})"


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="venues")
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA name, for example Europe/Copenhagen."),
    )
    # Accessibility facts (issue #18), shown on event and session pages. None: not known yet.
    step_free_entrance = models.BooleanField(_("step-free entrance"), null=True, blank=True)
    hearing_loop = models.BooleanField(_("hearing loop"), null=True, blank=True)
    accessible_toilets = models.BooleanField(_("accessible toilets"), null=True, blank=True)
    accessibility_notes = models.CharField(
        _("accessibility notes"),
        max_length=300,
        blank=True,
        help_text=_("For example: the lift to the second floor, the quiet room."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return f"{self.name} ({self.city.name})"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def access_facts(self) -> list[tuple[str, bool | None]]:
        """(fact, yes / no / None for not known) for the pages."""
        facts = {
            "step_free_entrance": _("step-free entrance"),
            "hearing_loop": _("hearing loop"),
            "accessible_toilets": _("accessible toilets"),
        }
        return [(str(label), getattr(self, name)) for name, label in facts.items()]


class Room(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        ordering = ["venue__name", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="unique_room_per_venue")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.venue.name}"


class RegistrationPhase(enum.StrEnum):
    """Where an event's registration stands at a given moment."""

    UNSCHEDULED = "unscheduled"  # no opening time set yet
    NOT_OPEN_YET = "not_open_yet"
    OPEN = "open"
    CLOSED = "closed"


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def upcoming(self, today: dt.date) -> EventQuerySet:
        return self.filter(end_date__gte=today).order_by("start_date", "name")

    def past(self, today: dt.date) -> EventQuerySet:
        return self.filter(end_date__lt=today).order_by("-start_date", "name")

    def for_listing(self) -> EventQuerySet:
        return self.select_related("network", "venue__city", "host_city")


class Event(models.Model):
    class Kind(models.TextChoices):
        SUMMIT = "summit", pgettext_lazy("kind of event", "Summit")
        WORKSHOP = "workshop", _("Workshop")
        DIALOGUE = "dialogue", _("Dialogue")
        CONFERENCE = "conference", _("Conference")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SUMMIT)
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("organizing network"),
    )
    host_city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="hosted_events", verbose_name=_("host city")
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        related_name="main_events",
        verbose_name=_("main venue"),
        help_text=_("Its time zone is the event's: dates and deadlines are shown in it."),
    )
    other_venues = models.ManyToManyField(
        Venue, related_name="other_events", blank=True, verbose_name=_("other venues")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    objects = EventQuerySet.as_manager()

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (events/translation.py)
        summary_en: str | None
        summary_da: str | None
        summary_sv: str | None
        summary_nb: str | None
        summary_fi: str | None
        summary_is: str | None
        description_en: str | None
        description_da: str | None
        description_sv: str | None
        description_nb: str | None
        description_fi: str | None
        description_is: str | None

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return self.venue.zone

    @property
    def time_zone(self) -> str:
        return self.venue.time_zone

    def venues_in_order(self) -> list[Venue]:
        """The main venue first, then the others (use with prefetch_related("other_venues"))."""
        return [self.venue, *(v for v in self.other_venues.all() if v.pk != self.venue_id)]

    def is_past(self, today: dt.date) -> bool:
        return self.end_date < today

    def registration_phase(self, now: dt.datetime | None = None) -> RegistrationPhase:
        now = now or timezone.now()
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens is None:
            return RegistrationPhase.UNSCHEDULED
        if now < opens:
            return RegistrationPhase.NOT_OPEN_YET
        if closes is not None and closes <= now:
            return RegistrationPhase.CLOSED
        return RegistrationPhase.OPEN

    def registration_is_open(self, now: dt.datetime | None = None) -> bool:
        return self.registration_phase(now) == RegistrationPhase.OPEN
