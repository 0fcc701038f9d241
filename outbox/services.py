"""Writes to the outbox: queue a mail, deliver one, sweep the stuck ones, retry a failed one."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any, NotRequired, TypedDict, cast

from django.conf import settings
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.languages import mail_language
from outbox.mime import build_message
from outbox.models import MailPart, OutboundMail
from summit.jobs import enqueue

logger = logging.getLogger(__name__)

DELIVER_MAIL = "outbox.tasks.deliver_mail"  # the task that calls deliver_mail below


class MailAttachment(TypedDict):
    filename: str
    content: str
    mimetype: str


class BinaryPart(TypedDict):
    """Bytes to send with a mail: inline (shown by the HTML as cid:<content_id>) when
    content_id is set, else an attachment. Stored as outbox.models.MailPart."""

    filename: str
    content: bytes
    mimetype: str
    content_id: str


class PermanentMailError(Exception):
    """The SMTP server refused the mail for good: retrying will not help."""


_suppressed: ContextVar[bool] = ContextVar("outbox_mail_suppressed", default=False)


@contextmanager
def mail_suppressed() -> Iterator[None]:
    """Run services without mailing anyone: for loading demo or imported data, where the
    people are not to be told. Everything else the services do happens as usual."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_mail_suppressed() -> bool:
    """Whether the caller runs inside mail_suppressed(): for services that hand mail to a
    task after commit, which the context would no longer cover."""
    return _suppressed.get()


def queue_mail(
    *,
    key: str,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    from_email: str | None = None,
    alternatives: list[dict[str, str]] | None = None,
    attachments: list[MailAttachment] | None = None,
    headers: dict[str, str] | None = None,
    parts: list[BinaryPart] | None = None,
) -> OutboundMail:
    """Persist one mail and send it after the surrounding transaction commits.

    Idempotent: a second call with the same key stores nothing new, and the mail is sent once
    (a delivery claims a row only while it is queued). Returns the mail with its stored id and
    the content of this call: for a repeated key, not the stored row (read it again to see it;
    never save() it). Inside mail_suppressed() nothing is stored or sent; an unsaved row is
    returned.
    """
    mail = OutboundMail(
        idempotency_key=key,
        to=to,
        subject=" ".join(subject.splitlines()).strip(),
        body_text=text,
        body_html=html,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        alternatives=alternatives or [],
        attachments=attachments or [],
        headers=headers or {},
    )
    return _queue(mail, parts or [])


class WrittenMail(TypedDict):
    """What a writer writes: the fields of an OutboundMail that make its content."""

    subject: str
    body_text: str
    body_html: str
    attachments: list[MailAttachment]
    alternatives: list[dict[str, str]]
    parts: NotRequired[list[BinaryPart]]


Writer = Callable[[dict[str, Any]], WrittenMail]
_writers: dict[str, Writer] = {}


def register_writer(name: str, writer: Writer) -> None:
    """Name a writer for queue_mail_later(), in an AppConfig.ready(): the workers need it too."""
    _writers[name] = writer


def queue_mail_later(*, key: str, to: str, writer: str, args: dict[str, Any]) -> OutboundMail:
    """Persist one mail that the writer registered as `writer` writes from `args` (JSON) when
    the mail is first sent, in a worker, instead of now, in the request.

    For the busiest writes: a registration's mail is queued under the event's seat lock, which
    every registration of the event waits for, and rendering its three templates there cost
    more than the rest of the claim. The mail is in the outbox with the change that caused it,
    as any other; its content reflects the data when it is sent. Idempotent as queue_mail().
    """
    if writer not in _writers:
        raise ValueError(f"No mail writer named {writer!r} (register_writer).")
    mail = OutboundMail(
        idempotency_key=key,
        to=to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        writer=writer,
        writer_args=args,
    )
    return _queue(mail)


# No savepoint inside the caller's transaction (two round trips on every mail the busiest writes
# queue): nothing here is meant to fail and be carried on from; an error ends the caller's too.
@transaction.atomic(savepoint=False)
def _queue(mail: OutboundMail, parts: list[BinaryPart] | None = None) -> OutboundMail:
    if _suppressed.get():
        return mail
    mail.next_attempt_at = timezone.now()
    # One statement, on the busiest writes (registering, the invite fan-out): INSERT … ON
    # CONFLICT (idempotency_key) DO UPDATE of the key to itself, which changes nothing and makes
    # the database return the id of the row that holds the key. get_or_create needs a SELECT
    # and a savepoint. A repeated key queues a delivery that finds the row claimed or sent.
    OutboundMail.objects.bulk_create(
        [mail],
        update_conflicts=True,
        unique_fields=["idempotency_key"],
        update_fields=["idempotency_key"],
    )
    _store_parts(mail, parts or [])
    transaction.on_commit(partial(enqueue_delivery, mail.pk), robust=True)
    return mail


def _store_parts(mail: OutboundMail, parts: list[BinaryPart]) -> None:
    """Store a mail's binary parts once: a repeated key adds none, so a retry sends the first
    mail's bytes (two at once: the file names are unique per mail)."""
    if not parts or MailPart.objects.filter(mail_id=mail.pk).exists():
        return
    rows = [MailPart(mail_id=mail.pk, **part) for part in parts]
    MailPart.objects.bulk_create(rows, ignore_conflicts=True)


def write_mail(
    template: str,
    context: dict[str, object],
    *,
    to: str,
    language: str | None = None,
    attachments: list[MailAttachment] | None = None,
    alternatives: list[dict[str, str]] | None = None,
    parts: list[BinaryPart] | None = None,
) -> WrittenMail:
    """Render emails/<template>-subject.txt, -body.txt and -body.html in the recipient's
    language: `language` is their User.language when the caller holds their account, None to
    look it up by address (accounts.languages.mail_language). The templates get it as
    `language`, for <html lang>."""
    language = mail_language(to=to, preference=language)
    context = {**context, "language": language}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}-subject.txt", context)
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    return WrittenMail(
        subject=" ".join(subject.splitlines()).strip(),
        body_text=text,
        body_html=html,
        attachments=attachments or [],
        alternatives=alternatives or [],
        parts=parts or [],
    )


def render_mail(
    template: str,
    context: dict[str, object],
    *,
    to: str,
    key: str,
    language: str | None = None,
    attachments: list[MailAttachment] | None = None,
    alternatives: list[dict[str, str]] | None = None,
    parts: list[BinaryPart] | None = None,
) -> OutboundMail:
    """write_mail() now, and queue the result (queue_mail)."""
    written = write_mail(
        template,
        context,
        to=to,
        language=language,
        attachments=attachments,
        alternatives=alternatives,
        parts=parts,
    )
    return queue_mail(
        key=key,
        to=to,
        subject=written["subject"],
        text=written["body_text"],
        html=written["body_html"],
        attachments=written["attachments"],
        alternatives=written["alternatives"],
        parts=written.get("parts", []),
    )


def enqueue_delivery(mail_id: int) -> None:
    """Hand one mail to Celery. If the broker is down the row stays queued for the sweeper."""
    enqueue(DELIVER_MAIL, mail_id)


def claim_mail(mail_id: int) -> OutboundMail | None:
    """Atomically move a due mail from queued to sending; None if another worker has it,
    it was sent already, or it is not due yet."""
    now = timezone.now()
    claimed = OutboundMail.objects.filter(
        pk=mail_id, status=OutboundMail.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=OutboundMail.Status.SENDING, claimed_at=now)
    return OutboundMail.objects.get(pk=mail_id) if claimed else None


def is_permanent(error: Exception) -> bool:
    """5xx answers are permanent; 4xx, timeouts and lost connections are worth retrying."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return all(500 <= code < 600 for code in codes)
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def deliver_mail(mail_id: int) -> dt.timedelta | None:
    """Send one claimed mail. Returns the delay before the next try for a transient failure,
    None when the mail was sent, failed for good, or was not ours to send."""
    mail = claim_mail(mail_id)
    if mail is None:
        return None
    if not mail.is_written:
        try:
            _write(mail)
        except DatabaseError as error:  # a lock timeout, a failover: worth another try
            logger.warning("Mail %s could not be written yet", mail.pk, exc_info=True)
            return _record_failure(mail, error)
        except Exception as error:
            # A writer that fails otherwise (its data is gone, a template is broken) fails the
            # same way on every try; an organizer can retry it once the cause is fixed.
            logger.exception("Mail %s cannot be written", mail.pk)
            return _record_failure(mail, error, permanent=True)
    try:
        build_message(mail).send()
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        return _record_failure(mail, error)
    except Exception as error:
        # A malformed mail (an unparseable address, a bad header) fails the same way every time;
        # left in "sending", the sweeper would re-queue it forever with attempts stuck at 0.
        logger.exception("Mail %s cannot be sent as it is", mail.pk)
        return _record_failure(mail, error, permanent=True)
    OutboundMail.objects.filter(pk=mail.pk, status=OutboundMail.Status.SENDING).update(
        status=OutboundMail.Status.SENT,
        sent_at=timezone.now(),
        attempts=mail.attempts + 1,
        last_error="",
    )
    return None


def _write(mail: OutboundMail) -> None:
    """Write a claimed mail with its writer and store what was written: a retry, or a
    redelivery after a worker died, sends the same mail without writing it again. Stored only
    while this worker's claim holds: a claim the sweeper took back belongs to another worker."""
    written = _fill(mail)
    parts = written.pop("parts", [])
    mail.written_at = timezone.now()
    with transaction.atomic():
        stored = OutboundMail.objects.filter(
            pk=mail.pk, status=OutboundMail.Status.SENDING, claimed_at=mail.claimed_at
        ).update(**written, written_at=mail.written_at)
        if stored:
            _store_parts(mail, parts)


def preview_mail(mail: OutboundMail) -> OutboundMail | None:
    """The mail as it reads: itself once written; before that, a copy written now and not
    stored (what it would say if it were sent now), or None if its writer fails."""
    preview = preview_with_parts(mail)
    return preview[0] if preview else None


def preview_with_parts(mail: OutboundMail) -> tuple[OutboundMail, list[BinaryPart]] | None:
    """preview_mail and the binary parts that go with it: the stored ones once written."""
    if mail.is_written:
        stored = mail.parts.values("filename", "content", "mimetype", "content_id")
        return mail, cast(list[BinaryPart], list(stored))
    preview = copy.copy(mail)
    try:
        written = _fill(preview)
    except Exception:
        logger.exception("Mail %s cannot be written", mail.pk)
        return None
    return preview, written.get("parts", [])


def _fill(mail: OutboundMail) -> WrittenMail:
    """Write `mail`'s content with its writer, in memory only; returns what was written."""
    written = _writers[mail.writer](mail.writer_args)
    for name, value in written.items():
        if name != "parts":  # stored apart (MailPart), by _write
            setattr(mail, name, value)
    return written


def _record_failure(
    mail: OutboundMail, error: Exception, *, permanent: bool = False
) -> dt.timedelta | None:
    attempts = mail.attempts + 1
    message = f"{type(error).__name__}: {error}"[:2000]
    if permanent or is_permanent(error) or attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        OutboundMail.objects.filter(pk=mail.pk).update(
            status=OutboundMail.Status.FAILED, attempts=attempts, last_error=message
        )
        logger.error("Mail %s failed for good: %s", mail.pk, message)
        return None
    delay = retry_delay(attempts)
    OutboundMail.objects.filter(pk=mail.pk).update(
        status=OutboundMail.Status.QUEUED,
        attempts=attempts,
        last_error=message,
        next_attempt_at=timezone.now() + delay,
        claimed_at=None,
    )
    return delay


def sweep_outbox(now: dt.datetime | None = None) -> int:
    """Re-queue the work that fell through: rows stuck in sending (a dead worker) go back to
    queued, and every due queued row is handed to Celery again. The claim in deliver_mail makes
    a duplicate hand-over harmless. Returns how many rows were handed over."""
    now = now or timezone.now()
    stale_before = now - dt.timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
    # A queued row younger than a few seconds is probably still on its way through on_commit.
    settled = now - dt.timedelta(seconds=5)
    # Stale rows come back due as of `settled`: this sweep hands them over, not the next one.
    OutboundMail.objects.stale_sending(stale_before).update(
        status=OutboundMail.Status.QUEUED, claimed_at=None, next_attempt_at=settled
    )
    due_ids = list(OutboundMail.objects.due(settled).values_list("pk", flat=True)[:1000])
    for mail_id in due_ids:
        enqueue_delivery(mail_id)
    return len(due_ids)


def retry_failed_mail(*, mail: OutboundMail) -> bool:
    """An organizer asks to try a failed mail again. Only failed mails can be retried."""
    with transaction.atomic():
        updated = OutboundMail.objects.filter(pk=mail.pk, status=OutboundMail.Status.FAILED).update(
            status=OutboundMail.Status.QUEUED, next_attempt_at=timezone.now(), claimed_at=None
        )
        if updated:
            transaction.on_commit(partial(enqueue_delivery, mail.pk), robust=True)
    return bool(updated)
