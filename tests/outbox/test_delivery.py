"""Queueing and delivering one mail: Celery eager, a real SMTP sink where the wire matters."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from outbox import services
from outbox.models import OutboundMail
from outbox.services import mail_suppressed, queue_mail, retry_delay
from tests.conftest import SinkHandler, free_port
from tests.outbox.factories import OutboundMailFactory
from tests.outbox.support import ScriptedSink

Status = OutboundMail.Status
Capture = Callable[..., Any]  # pytest-django's django_capture_on_commit_callbacks


def queue_welcome(
    key: str = "welcome:dan",
    *,
    to: str = "dan.delegate@example.org",
    subject: str = "Welcome",
    text: str = "Hello Dan",
    from_email: str | None = None,
) -> OutboundMail:
    return queue_mail(key=key, to=to, subject=subject, text=text, from_email=from_email)


def test_queueing_the_same_key_twice_makes_one_row_and_one_delivery(
    db: None, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_welcome()
        second = queue_welcome(subject="Welcome again", text="Hello again")
    with django_capture_on_commit_callbacks(execute=True):
        third = queue_welcome(subject="A later retry of the cause")

    assert first.pk == second.pk == third.pk
    assert OutboundMail.objects.count() == 1
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["dan.delegate@example.org"], "Welcome", "Hello Dan")
    ]


def test_a_mail_queued_in_a_rolled_back_transaction_is_never_sent(
    transactional_db: None, mailoutbox: list[Any]
) -> None:
    def register_then_fail() -> None:
        with transaction.atomic():
            queue_welcome(key="welcome:rolled-back")
            raise RuntimeError("the registration failed after its mail was queued")

    with pytest.raises(RuntimeError):
        register_then_fail()

    assert OutboundMail.objects.count() == 0
    assert mailoutbox == []
    # The same call committed does send: the assertions above could have failed.
    with transaction.atomic():
        queue_welcome(key="welcome:committed")
    assert [m.subject for m in mailoutbox] == ["Welcome"]


def test_a_delivered_mail_is_sent_after_one_attempt(
    db: None, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_welcome()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (Status.SENT, 1, "")
    assert mail.sent_at is not None
    assert before <= mail.sent_at <= timezone.now()
    assert len(mailoutbox) == 1


def test_a_second_delivery_of_the_same_mail_carries_the_same_message_id(
    db: None, smtp_sink: SinkHandler, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_welcome(key="invite:7:dan", from_email="Summit <summit@example.org>")
        other = queue_welcome(key="invite:8:dan", from_email="Summit <summit@example.org>")
    # What the sweeper does when the worker sending it died before recording the result.
    OutboundMail.objects.filter(pk=mail.pk).update(status=Status.QUEUED)
    services.deliver_mail(mail.pk)

    expected = f"<{hashlib.sha256(b'invite:7:dan').hexdigest()[:32]}@example.org>"
    assert mail.message_id == expected
    assert [m["Message-ID"] for m in smtp_sink.messages] == [
        expected,
        other.message_id,
        expected,
    ]
    assert other.message_id != expected


def test_deliver_leaves_alone_a_mail_that_is_not_its_to_send(
    db: None, mailoutbox: list[Any]
) -> None:
    now = timezone.now()
    sending = OutboundMailFactory.create(status=Status.SENDING, claimed_at=now)
    sent = OutboundMailFactory.create(status=Status.SENT, sent_at=now, attempts=1)
    failed = OutboundMailFactory.create(status=Status.FAILED, attempts=1)
    later = OutboundMailFactory.create(next_attempt_at=now + dt.timedelta(minutes=5), attempts=1)

    results = [services.deliver_mail(m.pk) for m in (sending, sent, failed, later)]

    assert results == [None, None, None, None]
    assert mailoutbox == []
    assert list(OutboundMail.objects.order_by("pk").values_list("status", "attempts")) == [
        (Status.SENDING, 0),
        (Status.SENT, 1),
        (Status.FAILED, 1),
        (Status.QUEUED, 1),
    ]


def test_retry_delay_doubles_from_the_base(settings: Any) -> None:
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_a_mail_that_failed_temporarily_is_sent_on_its_next_attempt(
    db: None,
    scripted_sink: ScriptedSink,
    settings: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    scripted_sink.script = ["451 4.3.0 Mailbox busy, try again later"]
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_welcome()

    # Eager Celery cannot run the retry later; the test plays the retried task.
    assert services.deliver_mail(mail.pk) is None

    mail.refresh_from_db()
    # The error is cleared on success: last_error is the current problem, attempts the history.
    assert (mail.status, mail.attempts, mail.last_error) == (Status.SENT, 2, "")
    assert scripted_sink.data_commands == 2
    assert [m["Subject"] for m in scripted_sink.messages] == ["Welcome"]


def test_a_temporary_smtp_failure_waits_with_backoff_and_keeps_the_error(
    db: None,
    scripted_sink: ScriptedSink,
    settings: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    scripted_sink.script = ["451 4.3.0 Mailbox busy, try again later"]

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_welcome()
    after = timezone.now()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.claimed_at) == (Status.QUEUED, 1, None)
    assert mail.last_error == "SMTPDataError: (451, b'4.3.0 Mailbox busy, try again later')"
    wait = dt.timedelta(seconds=30)
    assert before + wait <= mail.next_attempt_at <= after + wait
    assert scripted_sink.messages == []


def test_a_refused_connection_is_a_temporary_failure(
    db: None, settings: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens

    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_welcome()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.QUEUED, 1)
    assert mail.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"


def test_a_mail_that_keeps_failing_temporarily_fails_for_good_at_max_attempts(
    db: None,
    scripted_sink: ScriptedSink,
    settings: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    settings.OUTBOX_MAX_ATTEMPTS = 3
    scripted_sink.script = ["421 4.7.0 Too busy"] * 4
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_welcome()

    retries = [services.deliver_mail(mail.pk), services.deliver_mail(mail.pk)]

    assert retries == [dt.timedelta(0), None]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.FAILED, 3)
    assert mail.last_error == "SMTPDataError: (421, b'4.7.0 Too busy')"
    assert (scripted_sink.data_commands, scripted_sink.messages) == (3, [])
    assert services.deliver_mail(mail.pk) is None  # failed is final until an organizer retries
    assert scripted_sink.data_commands == 3


def test_a_permanent_smtp_failure_shows_on_the_detail_page_and_an_organizer_retry_sends_it(
    db: None,
    scripted_sink: ScriptedSink,
    client: Client,
    organizer: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    scripted_sink.script = ["550 5.1.1 <dan.delegate@example.org>: no such mailbox"]
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_welcome()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.FAILED, 1)
    error = "SMTPDataError: (550, b'5.1.1 <dan.delegate@example.org>: no such mailbox')"
    assert mail.last_error == error

    client.force_login(organizer)
    page = client.get(mail.get_absolute_url())
    assert f"<code>{escape(error)}</code>" in page.content.decode()
    assert reverse("outbox:retry", kwargs={"pk": mail.pk}) in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outbox:retry", kwargs={"pk": mail.pk}), follow=True)

    assert response.redirect_chain == [(mail.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == ["The mail is queued again."]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (Status.SENT, 2, "")
    assert [m["To"] for m in scripted_sink.messages] == ["dan.delegate@example.org"]


def test_a_mail_with_an_unparseable_address_fails_for_good_instead_of_sticking_in_sending(
    db: None,
    smtp_sink: SinkHandler,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """A malformed mail fails the same way on every try. Left in "sending", the sweeper would
    re-queue it every OUTBOX_STALE_SECONDS, forever, with attempts stuck at 0."""
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue_welcome(to="Delegate, Dan <dan.delegate@example.org>")

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.FAILED, 1)
    assert mail.last_error.startswith("ValueError: Invalid address")
    assert smtp_sink.messages == []


def test_mail_suppressed_stores_and_sends_nothing_and_ends_with_its_block(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, mail_suppressed():
        queue_mail(key="demo:1", to="ada@example.org", subject="Hi", text="Body")
    queue_mail(key="real:1", to="ada@example.org", subject="Hi", text="Body")

    assert callbacks == []
    assert list(OutboundMail.objects.values_list("idempotency_key", flat=True)) == ["real:1"]
