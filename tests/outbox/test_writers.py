"""Mails written when they are sent (outbox.services.queue_mail_later): the worker writes a
queued mail with its registered writer, stores what it wrote and sends that, once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import OperationalError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox import services
from outbox.models import OutboundMail
from outbox.services import (
    WrittenMail,
    deliver_mail,
    preview_mail,
    queue_mail_later,
    register_writer,
    retry_failed_mail,
)
from tests.conftest import SinkHandler
from tests.outbox.support import wait_until

Capture = Callable[..., Any]
Status = OutboundMail.Status


class Writer:
    """A writer that counts its calls and can be made to fail."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.broken: Exception | None = None
        self.text = "Hello number {}"

    def __call__(self, args: dict[str, Any]) -> WrittenMail:
        self.calls.append(args)
        if self.broken:
            raise self.broken
        return WrittenMail(
            subject=f"Greeting {args['greeting']}",
            body_text=self.text.format(args["greeting"]),
            body_html="",
            attachments=[{"filename": "a.txt", "content": "å", "mimetype": "text/plain"}],
            alternatives=[],
        )


@pytest.fixture
def writer() -> Iterator[Writer]:
    writer = Writer()
    register_writer("test-greeting", writer)
    yield writer
    del services._writers["test-greeting"]


def queue_greeting(n: int = 1) -> OutboundMail:
    return queue_mail_later(
        key=f"greeting:{n}",
        to="dan.delegate@example.org",
        writer="test-greeting",
        args={"greeting": n},
    )


def test_the_worker_writes_the_mail_stores_it_and_sends_it(
    db: None, writer: Writer, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail = queue_greeting(7)
    stored = OutboundMail.objects.get(pk=mail.pk)
    assert (stored.is_written, stored.subject, writer.calls) == (False, "", [])

    for callback in callbacks:
        callback()  # the delivery task, run eagerly

    stored.refresh_from_db()
    assert stored.status == Status.SENT
    assert (stored.subject, stored.body_text) == ("Greeting 7", "Hello number 7")
    assert stored.attachments[0]["filename"] == "a.txt"
    assert [(m.subject, m.body, m.to) for m in mailoutbox] == [
        ("Greeting 7", "Hello number 7", ["dan.delegate@example.org"])
    ]
    assert writer.calls == [{"greeting": 7}]


def test_a_written_mail_delivered_again_is_not_written_again(
    db: None, writer: Writer, mailoutbox: list[Any], settings: Any
) -> None:
    settings.EMAIL_BACKEND = "tests.outbox.test_writers.FailingBackend"
    settings.OUTBOX_DELIVERY_BACKEND = settings.EMAIL_BACKEND
    mail = queue_greeting(3)

    deliver_mail(mail.pk)  # written, then the SMTP server is away: queued for a retry
    OutboundMail.objects.filter(pk=mail.pk).update(next_attempt_at=mail.next_attempt_at)
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver_mail(mail.pk)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENT, 2)
    assert writer.calls == [{"greeting": 3}]
    assert [m.subject for m in mailoutbox] == ["Greeting 3"]


class FailingBackend:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("the SMTP server is away")


def test_a_writer_that_fails_fails_the_mail_and_a_retry_writes_it(
    db: None, writer: Writer, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    writer.broken = LookupError("no greeting 4")
    mail = queue_greeting(4)

    deliver_mail(mail.pk)

    mail.refresh_from_db()
    assert mail.status == Status.FAILED
    assert mail.last_error == "LookupError: no greeting 4"
    assert mailoutbox == []
    writer.broken = None
    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed_mail(mail=mail)
    mail.refresh_from_db()
    assert (mail.status, mail.subject) == (Status.SENT, "Greeting 4")
    assert len(mailoutbox) == 1


def test_queueing_for_an_unknown_writer_is_refused(db: None) -> None:
    with pytest.raises(ValueError, match="No mail writer named 'nobody'"):
        queue_mail_later(key="x:1", to="a@example.org", writer="nobody", args={})
    assert not OutboundMail.objects.exists()


def test_the_same_key_twice_is_one_mail_written_once(
    db: None, writer: Writer, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_greeting(5)
        second = queue_greeting(5)

    assert first.pk == second.pk
    assert OutboundMail.objects.count() == 1
    assert [m.subject for m in mailoutbox] == ["Greeting 5"]
    assert writer.calls == [{"greeting": 5}]


def test_organizers_see_how_an_unwritten_mail_would_read_now(
    client: Client, organizer: Any, writer: Writer
) -> None:
    mail = queue_greeting(6)
    client.force_login(organizer)

    listed = client.get(reverse("outbox:list")).content.decode()
    shown = client.get(reverse("outbox:detail", kwargs={"pk": mail.pk})).content.decode()

    assert "<em>Written when it is sent</em>" in listed
    assert "<h1>Greeting 6</h1>" in shown
    assert "Hello number 6" in shown
    assert "This mail is written when it is sent" in shown
    assert OutboundMail.objects.get(pk=mail.pk).body_text == ""  # a preview stores nothing


def test_a_preview_whose_writer_fails_shows_no_content(
    client: Client, organizer: Any, writer: Writer
) -> None:
    mail = queue_greeting(8)
    writer.broken = LookupError("no greeting 8")
    client.force_login(organizer)

    response = client.get(reverse("outbox:detail", kwargs={"pk": mail.pk}))

    assert response.status_code == 200
    assert "<h1>Written when it is sent</h1>" in response.content.decode()
    assert preview_mail(mail) is None


@pytest.mark.services
def test_a_real_worker_writes_and_sends_the_mail_to_the_smtp_sink(
    celery_worker: Any, smtp_sink: SinkHandler, writer: Writer
) -> None:
    with transaction.atomic():
        mail = queue_greeting(9)

    wait_until(lambda: smtp_sink.messages, what="the sink to receive the mail")
    [delivered] = smtp_sink.messages
    assert (delivered["To"], delivered["Subject"]) == ("dan.delegate@example.org", "Greeting 9")
    mail.refresh_from_db()
    assert (mail.status, mail.subject) == (Status.SENT, "Greeting 9")


def test_a_database_error_while_writing_is_tried_again_later(
    db: None, writer: Writer, mailoutbox: list[Any]
) -> None:
    writer.broken = OperationalError("canceling statement due to lock timeout")
    mail = queue_greeting(10)

    deliver_mail(mail.pk)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.is_written) == (Status.QUEUED, 1, False)
    assert mail.next_attempt_at > timezone.now()
    writer.broken = None
    OutboundMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    deliver_mail(mail.pk)
    mail.refresh_from_db()
    assert (mail.status, mail.subject) == (Status.SENT, "Greeting 10")
    assert len(mailoutbox) == 1


def test_a_mail_written_empty_is_still_written_once(
    db: None, writer: Writer, mailoutbox: list[Any], settings: Any
) -> None:
    writer.text = ""
    settings.OUTBOX_DELIVERY_BACKEND = "tests.outbox.test_writers.FailingBackend"
    mail = queue_greeting(11)

    deliver_mail(mail.pk)  # written, then the SMTP server is away
    OutboundMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver_mail(mail.pk)

    mail.refresh_from_db()
    assert (mail.status, mail.is_written) == (Status.SENT, True)
    assert writer.calls == [{"greeting": 11}]


def test_a_writer_whose_claim_was_taken_back_stores_nothing(db: None, writer: Writer) -> None:
    mail = queue_greeting(12)
    claimed = services.claim_mail(mail.pk)
    assert claimed is not None
    # The sweeper took the claim back and another worker claimed the mail meanwhile.
    OutboundMail.objects.filter(pk=mail.pk).update(claimed_at=timezone.now() + dt.timedelta(1))

    services._write(claimed)

    assert OutboundMail.objects.get(pk=mail.pk).written_at is None


@pytest.mark.parametrize("mails", [1, 30])
def test_the_outbox_list_costs_the_same_queries_with_unwritten_and_written_mails(
    client: Client,
    organizer: Any,
    writer: Writer,
    mails: int,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(mails):
        mail = queue_greeting(100 + n)
        if n % 2:
            deliver_mail(mail.pk)  # written and sent
    client.force_login(organizer)
    client.get(reverse("outbox:list"))  # the session and the permissions, once

    with django_assert_max_num_queries(8):
        response = client.get(reverse("outbox:list"))

    assert response.content.decode().count("Written when it is sent") == (mails + 1) // 2
