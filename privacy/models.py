"""Erasures: a person's request (or an organizer's on their behalf) to erase them, kept as an
audit line that holds no personal data, only the account's number, who asked and when. Data
exports: "download my data", a ZIP built by a task, kept until it expires. Privacy notices (one
row a version, per event), consents (per person, event and purpose, with withdrawal), and an
event's retention setting."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registrations.consent import Purpose


class Erasure(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        DONE = "done", _("Done")

    # The account's number, not a foreign key: the audit line outlives what it points at.
    user_id = models.PositiveBigIntegerField(_("account number"), unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    by_the_person = models.BooleanField(_("asked by the person"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.REQUESTED, db_index=True
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"account {self.user_id}: {self.status}"


class DataExport(models.Model):
    """Everything Summit holds about a person, as a ZIP (data.json and index.html), built by a
    Celery task and downloadable by that person alone until it expires."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Being prepared")
        READY = "ready", _("Ready")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.REQUESTED, db_index=True
    )
    content = models.BinaryField(_("ZIP file"), null=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        constraints = [
            # One being prepared at a time: a double click asks once.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="requested"), name="one_pending_export"
            )
        ]

    def __str__(self) -> str:
        return f"data export {self.pk} ({self.status})"


class PrivacyNotice(models.Model):
    """One version of an event's privacy notice. A change is a new version (a new row): what a
    person agreed to stays readable as they read it."""

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="privacy_notices",
        verbose_name=_("event"),
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["event", "-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        constraints = [
            models.UniqueConstraint(fields=["event", "version"], name="one_notice_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} v{self.version}"


class Consent(models.Model):
    """What a person agreed to for an event, for one purpose, when; and when they withdrew it.

    A withdrawn consent stays as it was (the record of what held when); giving it again is a new
    row. Accepting a notice is one row per version (`notice`; None: the standard text).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("person"),
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose)
    # A version someone accepted is not deleted alone; with its event (cascade) it may be.
    notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("privacy notice version"),
    )
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "purpose", "given_at", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True) & ~models.Q(purpose="privacy_notice"),
                name="one_live_consent_per_purpose",
            ),
            models.UniqueConstraint(
                fields=["user", "notice"],
                condition=models.Q(purpose="privacy_notice"),
                name="one_acceptance_per_notice",
            ),
        ]
        indexes = [models.Index(fields=["user", "event"], name="consent_user_event_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event_id} {self.purpose}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class EventPrivacy(models.Model):
    """An event's privacy settings: how long after its last day the special-category fields
    are kept (privacy.retention), and when a purge last removed something."""

    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="privacy",
        verbose_name=_("event"),
    )
    # None: settings.RETENTION_DAYS, whatever it is when the purge runs.
    retention_days = models.PositiveIntegerField(
        _("days kept after the event"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    # The last purge that found something to remove, for the organizers' page.
    fields_purged_at = models.DateTimeField(_("fields purged at"), null=True, blank=True)
    mail_purged_at = models.DateTimeField(_("mail bodies purged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event privacy settings")
        verbose_name_plural = _("event privacy settings")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.retention_days or 'default'} days"
