"""Workshop sessions of an event: the agenda, its changelog, and the delegates' sign-ups.

Times are aware datetimes stored in UTC; a session's zone is its room's venue's. Every change
to a session goes through sessions_app.services, which keeps `revision` (the calendar SEQUENCE)
and the changelog right; seats are counted and claimed there, under the session's row lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
import zoneinfo
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import City, Event, Network, Room
from registrations.models import Registration, validate_languages
from summit import cache


def new_session_uid() -> str:
    """A calendar UID (RFC 5545): globally unique, fixed at creation and never changed, so
    that every invite and feed entry of the session updates the same calendar entry."""
    host = urlsplit(settings.SITE_URL).hostname or "summit.invalid"
    return f"session-{uuid.uuid4()}@{host}"


def validate_session_languages(value: Any) -> None:
    # A name of our own in the migrations, whatever happens to the registrations' validator.
    validate_languages(value)


def validate_offices(value: Any) -> None:
    known = Registration.Office.values
    if not isinstance(value, list) or any(office not in known for office in value):
        raise ValidationError(_("Choose offices from the list."), code="unknown_office")


class Theme(models.Model):
    """A topic sessions are filed under. Global, not per event: the networks come back to the
    same themes every year, and the agenda can be filtered by them across events."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

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


class SessionChange(models.Model):
    """One line of a session's changelog: what changed, from what to what, by whom.

    `is_public` is set when the session was already public when it changed (people had seen
    the old version); only those lines go to the public changelog. The next publication
    (publish_event_agenda) stamps them with itself, so each publication lists what it changed.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        MOVED = "moved", _("Moved")
        ROOM_CHANGED = "room_changed", _("Room changed")
        CANCELLED = "cancelled", pgettext_lazy("session", "Cancelled")
        EDITED = "edited", _("Edited")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="changes", verbose_name=_("session")
    )
    revision = models.PositiveIntegerField(
        _("revision"), help_text=_("The session's revision after this change.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # {"field": value} with JSON values: datetimes in ISO 8601 UTC, the room as {id, name}.
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    is_public = models.BooleanField(_("public"), default=False)
    publication = models.ForeignKey(
        AgendaPublication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("publication"),
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        constraints = [
            # A bumped revision has exactly one cause: the fan-out task finds it by revision.
            models.UniqueConstraint(
                fields=["session", "revision"],
                condition=models.Q(kind__in=["moved", "room_changed", "cancelled"]),
                name="one_notifying_change_per_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} r{self.revision}: {self.get_kind_display()}"


NOTIFYING_KINDS = (
    SessionChange.Kind.MOVED,
    SessionChange.Kind.ROOM_CHANGED,
    SessionChange.Kind.CANCELLED,
)


class SignupQuerySet(models.QuerySet["Signup"]):
    def active(self) -> SignupQuerySet:
        return self.filter(status__in=ACTIVE_SIGNUP_STATUSES)

    def seated(self) -> SignupQuerySet:
        return self.filter(status=Signup.Status.SIGNED_UP)

    def waitlist(self) -> SignupQuerySet:
        """First come, first served."""
        return self.filter(status=Signup.Status.WAITLISTED).order_by("created_at", "pk")


class Signup(models.Model):
    """A delegate's place in a session, or on its waiting list.

    Signing up again after a withdrawal makes a new row (a new place in the queue); the old one
    stays as history. `personal_sequence` counts the changes of this person's own calendar copy
    (each withdrawal and each new sign-up) across those rows: an invite's SEQUENCE is
    session.revision + personal_sequence, which never goes down, so a new invite after a
    withdrawal outranks the CANCEL that withdrawal sent (issue #5, point 5).
    """

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        WAITLISTED = "waitlisted", _("Waitlisted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="signups", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_signups",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status)
    personal_sequence = models.PositiveIntegerField(
        _("personal calendar sequence"), default=0, editable=False
    )
    # The waiting list's order.
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SignupQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(status__in=["signed_up", "waitlisted"]),
                name="one_active_signup_per_session_user",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["signed_up", "waitlisted", "withdrawn"]),
                name="signup_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="signup_queue_idx"),
            models.Index(fields=["user", "status"], name="signup_user_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_SIGNUP_STATUSES

    @property
    def calendar_sequence(self) -> int:
        """The SEQUENCE of this person's invite or cancellation for the session."""
        return self.session.revision + self.personal_sequence


ACTIVE_SIGNUP_STATUSES = (Signup.Status.SIGNED_UP, Signup.Status.WAITLISTED)


class CalendarFeedToken(models.Model):
    """The secret in a person's calendar feed address (calendar/feed/<token>.ics).

    Only the SHA-256 of the token is stored: whoever reads the database (a backup, a support
    query) cannot subscribe to anyone's calendar. The raw token is shown once, when it is made.
    Revoked rows stay as history; at most one row per person is live.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_calendar_feed_token_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'live'})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    @transaction.atomic
    def issue(cls, user: Any) -> str:
        """Revoke the person's live token, if any, and make a new one; returns the raw token,
        which is stored nowhere. The person's row is locked first, so two clicks at once make
        one live token, not an IntegrityError."""
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        cls.revoke_for(user)
        raw = secrets.token_urlsafe(32)
        cls.objects.create(user=user, token_hash=cls.hash(raw))
        return raw

    @classmethod
    def revoke_for(cls, user: Any) -> int:
        """Revoke the person's live token; returns how many were live (0 or 1)."""
        live = cls.objects.filter(user=user, revoked_at__isnull=True)
        revoked = live.update(revoked_at=timezone.now())
        # update() sends no signal: the feeds cached by token must stop answering at once.
        cache.changed("feed-tokens")
        return revoked

    @classmethod
    def owner_for(cls, raw: str) -> tuple[int, str] | None:
        """Whose live token this is, as (user id, their language), or None: wrong and revoked
        tokens look the same."""
        live = cls.objects.filter(token_hash=cls.hash(raw), revoked_at__isnull=True)
        return live.values_list("user_id", "user__language").first()
