"""A workshop session and the people billed on it; the validators its fields use."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import City, Event, Network, Room
from registrations.models import Registration, validate_languages
from sessions_app.models.agenda import Theme


def new_session_uid() -> str:
    """A calendar UID (RFC 5545): globally unique, fixed at creation and never changed, so
    that every invite and feed entry of the session updates the same calendar entry."""
    host = urlsplit(settings.SITE_URL).hostname or "summit.invalid"
    return f"session-{uuid.uuid4()}@{host}"


SESSION_UID = re.compile(
    r"session-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@", re.IGNORECASE
)


def session_uuid(uid: str) -> uuid.UUID:
    """The session's UUID: the same identity as its calendar UID, for the exports that want a
    UUID (frab's guid, an API). The one in "session-<uuid>@host"; any other UID (imported,
    hand-made) gets a name-based UUID of itself, so every UID has one, and always the same."""
    found = SESSION_UID.match(uid)
    if found:
        return uuid.UUID(found.group(1))
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:summit:session-uid:{uid}")


def validate_session_languages(value: Any) -> None:
    # A name of our own in the migrations, whatever happens to the registrations' validator.
    validate_languages(value)


def validate_offices(value: Any) -> None:
    known = Registration.Office.values
    if not isinstance(value, list) or any(office not in known for office in value):
        raise ValidationError(_("Choose offices from the list."), code="unknown_office")


class SessionQuerySet(models.QuerySet["Session"]):
    def public(self) -> SessionQuerySet:
        """What the public agenda shows: published sessions and cancelled ones that had been
        published (shown as cancelled). Drafts and never-published cancellations stay hidden."""
        return self.filter(published_at__isnull=False)

    def for_agenda(self) -> SessionQuerySet:
        return self.select_related("room__venue__city").prefetch_related("themes", "people")


class Session(models.Model):
    class Format(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        WORKSHOP = "workshop", _("Workshop")
        PANEL = "panel", _("Panel")
        DIALOGUE = "dialogue", _("Dialogue")
        SITE_VISIT = "site_visit", _("Site visit")
        NETWORKING = "networking", _("Networking")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", pgettext_lazy("session", "Cancelled")

    class Audience(models.TextChoices):
        ALL = "all", _("All approved delegates")
        OFFICES = "offices", _("Only some offices")
        NETWORK_MEMBERS = "network_members", _("Only member cities of a network")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    format = models.CharField(_("format"), max_length=20, choices=Format, default=Format.WORKSHOP)
    themes = models.ManyToManyField(
        Theme, related_name="sessions", blank=True, verbose_name=_("themes")
    )
    # The room gives the venue, its city and its time zone.
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("room")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: the room's capacity.")
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_session_languages]
    )
    join_url = models.URLField(
        _("online join link"), blank=True, help_text=_("Shown only to signed-up attendees.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    audience = models.CharField(_("open to"), max_length=20, choices=Audience, default=Audience.ALL)
    audience_offices = models.JSONField(
        _("offices"),
        default=list,
        blank=True,
        validators=[validate_offices],
        help_text=_("With “only some offices”: who may sign up."),
    )
    audience_network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
        help_text=_("With “only member cities of a network”."),
    )
    uid = models.CharField(
        _("calendar UID"), max_length=255, unique=True, editable=False, default=new_session_uid
    )
    # The calendar SEQUENCE: bumped by the services on every change attendees must be told
    # about (time, room, cancellation), never on a typo fix.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    # The last revision whose attendees have all been told; a sweep catches up on the rest
    # (a fan-out lost to a broker outage).
    notified_revision = models.PositiveIntegerField(
        _("attendees told up to revision"), default=0, editable=False
    )
    # First publication; stays set when the session is cancelled, so a cancellation stays public.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    if TYPE_CHECKING:  # the columns django-modeltranslation adds (sessions_app/translation.py)
        title_en: str | None
        title_da: str | None
        title_sv: str | None
        title_nb: str | None
        title_fi: str | None
        title_is: str | None
        description_en: str | None
        description_da: str | None
        description_sv: str | None
        description_nb: str | None
        description_fi: str | None
        description_is: str | None

    class Meta:
        ordering = ["starts_at", "room__name", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["event", "slug"], name="unique_session_slug_per_event"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "cancelled"]),
                name="session_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(audience="network_members")
                | models.Q(audience_network__isnull=False),
                name="network_audience_names_a_network",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_session_has_published_at",
            ),
        ]
        indexes = [models.Index(fields=["event", "starts_at"], name="session_event_start_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:session_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if self.audience == self.Audience.OFFICES and not self.audience_offices:
            errors["audience_offices"] = _("Choose at least one office.")
        if self.audience == self.Audience.NETWORK_MEMBERS and self.audience_network_id is None:
            errors["audience_network"] = _("Choose the network.")
        if self.event_id and self.room_id and not self.room_is_at_event():
            errors["room"] = _("This room is not at one of the event's venues.")
        if errors:
            raise ValidationError(errors)

    def room_is_at_event(self) -> bool:
        venue_id = self.room.venue_id
        return (
            venue_id == self.event.venue_id or self.event.other_venues.filter(pk=venue_id).exists()
        )

    @property
    def effective_capacity(self) -> int:
        return self.room.capacity if self.capacity is None else self.capacity

    @property
    def time_zone(self) -> str:
        return self.room.venue.time_zone

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return self.room.venue.zone

    @property
    def city(self) -> City:
        return self.room.venue.city

    @property
    def is_public(self) -> bool:
        return self.published_at is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def overlaps(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at


class SessionPerson(models.Model):
    """A speaker or moderator: a registered person (user set) or an external guest.

    Name, office and city are stored for both, copied from the registration for a registered
    person, so that the agenda shows people without a join per speaker and keeps showing them
    as they were billed. `user` identifies the person for the double-booking checks.
    """

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="people", verbose_name=_("session")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.SPEAKER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_roles",
        verbose_name=_("registered person"),
        help_text=_("Empty for an external guest."),
    )
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=20, choices=Registration.Office, blank=True)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["session", "role", "position", "pk"]
        verbose_name = _("speaker or moderator")
        verbose_name_plural = _("speakers and moderators")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="one_role_per_person_per_session",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="session_person_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def identity(self) -> str:
        """Who this is, for double-booking checks: the user, or for a guest the name."""
        return f"user:{self.user_id}" if self.user_id else f"name:{self.name.casefold().strip()}"
