from __future__ import annotations

import hashlib

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OutboundMailQuerySet(models.QuerySet["OutboundMail"]):
    def due(self, now: models.Expression | object) -> OutboundMailQuerySet:
        """Queued rows whose next attempt time has come."""
        return self.filter(status=OutboundMail.Status.QUEUED, next_attempt_at__lte=now)

    def stale_sending(self, before: object) -> OutboundMailQuerySet:
        """Rows claimed by a worker that has not finished by `before`: the worker died."""
        return self.filter(status=OutboundMail.Status.SENDING, claimed_at__lt=before)


class OutboundMail(models.Model):
    """One mail to one recipient. Created in the same transaction as the change that caused it.

    The idempotency key is unique: queueing the same key twice yields the same row, so one cause
    produces at most one mail, whatever the retries.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    idempotency_key = models.CharField(_("idempotency key"), max_length=255, unique=True)
    from_email = models.CharField(_("from"), max_length=320)
    to = models.CharField(_("to"), max_length=320, db_index=True)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"content": str, "mimetype": str}]: extra alternatives, e.g. text/calendar; method=REQUEST
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    # [{"filename": str, "content": str, "mimetype": str}]: text attachments such as invite.ics
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # A mail queued unwritten (services.queue_mail_later) names the writer that writes it when
    # it is first sent, and what that writer needs; blank for a mail queued as written.
    writer = models.CharField(_("writer"), max_length=100, blank=True)
    writer_args = models.JSONField(_("writer arguments"), default=dict, blank=True)
    written_at = models.DateTimeField(_("written"), null=True, blank=True)

    objects = OutboundMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbound mail")
        verbose_name_plural = _("outbound mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    def get_absolute_url(self) -> str:
        return reverse("outbox:detail", kwargs={"pk": self.pk})

    @property
    def is_written(self) -> bool:
        """False until the writer of a mail queued unwritten has written it."""
        return not self.writer or self.written_at is not None

    @property
    def message_id(self) -> str:
        """A Message-ID derived from the key: a re-delivery carries the same id, so mail
        systems that de-duplicate by Message-ID show it once."""
        digest = hashlib.sha256(self.idempotency_key.encode()).hexdigest()[:32]
        domain = self.from_email.rsplit("@", 1)[-1].strip(">") or "summit.invalid"
        return f"<{digest}@{domain}>"


class MailPart(models.Model):
    """A binary part of a mail: an image its HTML shows by `cid:` (inline, when content_id is
    set), or an attachment. Stored with the mail, so a retry sends the same bytes; deleted with
    it (erasing a person deletes their mails, and so these). Not text: the erasure's sweep of
    text and JSON columns does not read, and so cannot corrupt, these bytes."""

    mail = models.ForeignKey(
        OutboundMail, on_delete=models.CASCADE, related_name="parts", verbose_name=_("mail")
    )
    filename = models.CharField(_("file name"), max_length=255)
    mimetype = models.CharField(_("type"), max_length=100)
    # Without the angle brackets; the HTML refers to it as "cid:<content_id>".
    content_id = models.CharField(_("content ID"), max_length=255, blank=True)
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("mail part")
        verbose_name_plural = _("mail parts")
        constraints = [
            models.UniqueConstraint(fields=["mail", "filename"], name="one_part_per_mail_filename")
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.mimetype})"

    @property
    def is_inline(self) -> bool:
        return bool(self.content_id)
