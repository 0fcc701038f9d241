"""Summit day: badges, check-in lists, the check-in staff role, and the scan records.

A badge's QR code holds `tokens.payload_for(badge)`: the badge's random code (128 bits), signed
with the site's key. The code alone (what the database holds) cannot be turned into a working QR
code without SECRET_KEY, and the QR code holds no personal data. Reissuing a badge revokes the
row and makes a new one with a new code, so the old QR code refuses.

Scan records (Checkin) are append-only: every scan, failed ones too, is a new row; nothing
updates or deletes one. Whether a person is in is the direction of their last valid record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event
from registrations.models import Registration
from sessions_app.models import Session


class CheckinStaff(models.Model):
    """A person who may check people in at one event, and see nothing else of it."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="checkin_staff", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="checkin_roles",
        verbose_name=_("person"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        ordering = ["event", "user__email"]
        verbose_name = _("check-in staff member")
        verbose_name_plural = _("check-in staff")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_staff_role_per_event_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}"


class Role(models.TextChoices):
    """What a badge's colour band says. Derived from the data, unless an organizer set one."""

    DELEGATE = "delegate", _("Delegate")
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    ORGANIZER = "organizer", pgettext_lazy("badge role", "Organizer")
    PRESS = "press", _("Press")
    STAFF = "staff", pgettext_lazy("badge role", "Staff")


class BadgeQuerySet(models.QuerySet["Badge"]):
    def live(self) -> BadgeQuerySet:
        return self.filter(revoked_at__isnull=True)


class Badge(models.Model):
    """A printed badge of a registration. At most one per registration is live."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="badges",
        verbose_name=_("registration"),
    )
    # secrets.token_urlsafe(16): 128 random bits, the identity the signed QR payload carries.
    code = models.CharField(_("code"), max_length=32, unique=True, editable=False)
    role = models.CharField(
        _("role on the badge"),
        max_length=12,
        choices=Role,
        blank=True,
        help_text=_("Empty: from the programme (speaker, moderator) and the person's roles."),
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = BadgeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_badge_per_registration",
            )
        ]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "live"
        return f"{self.registration.badge_name} ({state})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class CheckinList(models.Model):
    """Who may come in where: the event's entrance (session empty) or one session.

    Made by checkin.services.checkin_lists_for when first needed; the people on a list are read
    at scan time (approved registrations; for a session, also its sign-ups), never copied.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="checkin_lists", verbose_name=_("event")
    )
    session = models.OneToOneField(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkin_list",
        verbose_name=_("session"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["event", "session__starts_at", "pk"]
        verbose_name = _("check-in list")
        verbose_name_plural = _("check-in lists")
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(session__isnull=True),
                name="one_entrance_list_per_event",
            )
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def is_entrance(self) -> bool:
        return self.session_id is None

    @property
    def name(self) -> str:
        if self.session is None:
            return entrance_name(self.event.name)
        return self.session.title


def entrance_name(event_name: str) -> str:
    """The name of an event's entrance list."""
    return str(_("Entrance: %(event)s") % {"event": event_name})


class Checkin(models.Model):
    """One scan or manual check-in, whatever its result. Append-only."""

    class Direction(models.TextChoices):
        ENTRY = "entry", _("Entry")
        EXIT = "exit", _("Exit")

    class Method(models.TextChoices):
        SCAN = "scan", _("Scanned")
        MANUAL = "manual", _("By hand")

    class Result(models.TextChoices):
        VALID = "valid", _("Valid")
        ALREADY_IN = "already_in", _("Already checked in")
        NOT_IN = "not_in", _("Not checked in")  # an exit without an entry
        NOT_ON_LIST = "not_on_list", _("Not on this list")
        NOT_APPROVED = "not_approved", _("Not approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", pgettext_lazy("check-in result", "Cancelled")
        REVOKED = "revoked", _("Badge revoked")
        OTHER_EVENT = "other_event", _("Other event")
        UNKNOWN = "unknown", _("Unknown code")

    checkin_list = models.ForeignKey(
        CheckinList, on_delete=models.PROTECT, related_name="checkins", verbose_name=_("list")
    )
    # SET_NULL: erasing a person keeps the counts but not who it was.
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("registration"),
    )
    badge = models.ForeignKey(
        Badge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("badge"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    device = models.CharField(_("device"), max_length=64, blank=True)
    # Made by the device for each scan: sending the same scan twice makes one record.
    nonce = models.CharField(_("client nonce"), max_length=64)
    direction = models.CharField(
        _("direction"), max_length=5, choices=Direction, default=Direction.ENTRY
    )
    method = models.CharField(_("method"), max_length=6, choices=Method, default=Method.SCAN)
    result = models.CharField(_("result"), max_length=12, choices=Result)
    # For "already checked in": the valid record that checked the person in.
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("earlier check-in"),
    )
    # The device's clock when it scanned (a queued offline scan arrives later); may be empty.
    scanned_at = models.DateTimeField(_("scanned at (device)"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["checkin_list", "nonce"], name="one_checkin_per_list_nonce"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    result__in=[
                        "valid",
                        "already_in",
                        "not_in",
                        "not_on_list",
                        "not_approved",
                        "waitlisted",
                        "cancelled",
                        "revoked",
                        "other_event",
                        "unknown",
                    ]
                ),
                name="checkin_result_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["checkin_list", "registration", "result"], name="checkin_presence_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_result_display()} – {self.checkin_list_id} ({self.created_at:%H:%M})"

    @property
    def is_valid(self) -> bool:
        return self.result == self.Result.VALID


class BadgeSheet(models.Model):
    """The badge sheets of a whole event as one PDF, built by a Celery task (checkin/sheets.py)
    with its progress on the organizers' page, downloadable until it expires."""

    class Status(models.TextChoices):
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="badge_sheets", verbose_name=_("event")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.BUILDING, db_index=True
    )
    total = models.PositiveIntegerField(_("badges"), default=0)
    done = models.PositiveIntegerField(_("badges drawn"), default=0)
    content = models.BinaryField(_("PDF file"), null=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("badge sheet")
        verbose_name_plural = _("badge sheets")
        constraints = [
            # One being built per event: asked twice (a double click, two organizers), built once.
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(status="building"),
                name="one_badge_sheet_building_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"badge sheet {self.pk} of {self.event_id} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
