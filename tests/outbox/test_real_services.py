"""The outbox against real servers: Celery workers on Redis, a Redis that goes away, a worker
killed mid-send, SMTP servers answering over TCP. Rows must be committed for other processes
and threads to see them, hence transactional_db."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from pathlib import Path
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone
from kombu import Connection

from accounts.models import User
from outbox.models import OutboundMail
from outbox.services import queue_mail, sweep_outbox
from outbox.tasks import sweep_outbox as sweep_outbox_task
from summit import settings as summit_settings
from summit.celery import app
from tests.conftest import SinkHandler
from tests.factories import UserFactory
from tests.outbox.support import (
    STALL,
    RedisServer,
    ScriptedSink,
    WorkerProcess,
    celery_publishing_to,
    wait_until,
)

pytestmark = pytest.mark.services
Status = OutboundMail.Status


def status_of(mail: OutboundMail) -> str:
    mail.refresh_from_db()
    return mail.status


def test_a_mail_goes_through_a_real_worker_on_redis_to_the_smtp_sink(
    celery_worker: Any, smtp_sink: SinkHandler
) -> None:
    with transaction.atomic():
        mail = queue_mail(
            key="real-worker:1", to="dan.delegate@example.org", subject="Via Redis", text="Hi"
        )

    wait_until(lambda: smtp_sink.messages, what="the sink to receive the mail")
    wait_until(lambda: status_of(mail) == Status.SENT, what="the row to be marked sent")
    [delivered] = smtp_sink.messages
    assert (delivered["To"], delivered["Subject"]) == ("dan.delegate@example.org", "Via Redis")
    assert delivered["Message-ID"] == mail.message_id
    mail.refresh_from_db()
    assert (mail.attempts, mail.last_error) == (1, "")


def test_a_temporary_smtp_failure_is_retried_by_celery_and_sent_once(
    celery_worker: Any, scripted_sink: ScriptedSink, settings: Any
) -> None:
    settings.OUTBOX_RETRY_BASE_SECONDS = 1
    scripted_sink.script = ["451 4.3.0 Mailbox busy, try again later"]

    with transaction.atomic():
        mail = queue_mail(
            key="real-worker:451", to="dan.delegate@example.org", subject="Retry", text="Hi"
        )

    wait_until(lambda: status_of(mail) == Status.SENT, what="the retry to send the mail")
    mail.refresh_from_db()
    # The error is cleared on success: last_error is the current problem, attempts the history.
    assert (mail.attempts, mail.last_error) == (2, "")
    assert scripted_sink.data_commands == 2
    assert [m["Subject"] for m in scripted_sink.messages] == ["Retry"]


def test_a_mail_committed_while_redis_is_down_is_kept_and_the_sweeper_sends_it_once(
    transactional_db: None,
    private_redis: RedisServer,
    smtp_sink: SinkHandler,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="summit.jobs")  # a test worker sets root to ERROR
    with celery_publishing_to(private_redis.url):
        private_redis.stop()
        assert not private_redis.ping()

        started = time.monotonic()
        with transaction.atomic():
            user = UserFactory.create(email="ines.ingen@example.org")
            mail = queue_mail(key=f"welcome:{user.pk}", to=user.email, subject="Hi", text="Hi")
        elapsed = time.monotonic() - started

        assert elapsed < 5
        assert User.objects.filter(email="ines.ingen@example.org").exists()
        mail.refresh_from_db()
        assert (mail.status, mail.attempts) == (Status.QUEUED, 0)
        expected = (
            f"Broker unavailable; outbox.tasks.deliver_mail({mail.pk},) waits for its sweeper"
        )
        assert expected in caplog.messages
        assert smtp_sink.messages == []

        private_redis.start()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            next_beat = timezone.now() + dt.timedelta(seconds=10)
            assert sweep_outbox(now=next_beat) == 1
            wait_until(lambda: status_of(mail) == Status.SENT, what="the sweeper's delivery")
            assert sweep_outbox(now=next_beat) == 0

    mail.refresh_from_db()
    assert mail.attempts == 1
    assert [m["To"] for m in smtp_sink.messages] == ["ines.ingen@example.org"]


def test_a_mail_committed_while_redis_hangs_is_kept_and_sent_once(
    transactional_db: None,
    private_redis: RedisServer,
    smtp_sink: SinkHandler,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A broker that keeps the connection open but never answers: without socket timeouts in
    the production transport options, the publish after commit would wait forever."""
    caplog.set_level(logging.WARNING, logger="summit.jobs")
    production = summit_settings.CELERY_BROKER_TRANSPORT_OPTIONS
    timeout = production.get("socket_timeout")
    assert isinstance(timeout, int | float), "without socket_timeout this test hangs"
    with celery_publishing_to(private_redis.url, transport_options=production):
        with transaction.atomic():
            before = queue_mail(key="hang:before", to="dan@example.org", subject="1", text="1")
        private_redis.freeze()

        started = time.monotonic()
        with transaction.atomic():
            during = queue_mail(key="hang:during", to="ines@example.org", subject="2", text="2")
        elapsed = time.monotonic() - started

        assert elapsed < 3 * timeout + 2  # measured: three socket timeouts in a row
        expected = (
            f"Broker unavailable; outbox.tasks.deliver_mail({during.pk},) waits for its sweeper"
        )
        assert expected in caplog.messages
        assert status_of(during) == Status.QUEUED

        # Redis may yet act on the publish that timed out: a duplicate hand-over, which the
        # claim in deliver_mail must absorb.
        private_redis.thaw()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            sweep_outbox(now=timezone.now() + dt.timedelta(seconds=10))
            wait_until(
                lambda: {status_of(before), status_of(during)} == {Status.SENT},
                what="both deliveries",
            )
            broker = redis.Redis(port=private_redis.port)
            wait_until(lambda: (broker.llen("celery"), broker.hlen("unacked")) == (0, 0))

    assert sorted(m["To"] for m in smtp_sink.messages) == ["dan@example.org", "ines@example.org"]


def succeeded(worker: WorkerProcess, task_id: str) -> bool:
    return f"Task outbox.tasks.deliver_mail[{task_id}] succeeded" in worker.log()


def test_a_worker_killed_while_sending_neither_loses_the_mail_nor_sends_it_twice(
    worker_processes: list[WorkerProcess],
    scripted_sink: ScriptedSink,
    shared_redis: str,
    tmp_path: Path,
) -> None:
    scripted_sink.script = [STALL]  # the first worker hangs in DATA; nothing is stored

    def new_worker(name: str) -> WorkerProcess:
        (tmp_path / name).mkdir()
        worker = WorkerProcess(
            broker_url=shared_redis,
            smtp_port=scripted_sink.port,
            var_dir=tmp_path / name,
            OUTBOX_STALE_SECONDS="1",
        )
        worker_processes.append(worker)
        worker.start()
        return worker

    broker = redis.Redis.from_url(shared_redis)
    with celery_publishing_to(shared_redis):
        first = new_worker("first")
        with transaction.atomic():
            mail = queue_mail(
                key="killed:1", to="dan.delegate@example.org", subject="Survivor", text="Hi"
            )
        wait_until(scripted_sink.stalled.is_set, what="the first worker to reach DATA")
        assert status_of(mail) == Status.SENDING

        first.kill()

        assert scripted_sink.messages == []
        mail.refresh_from_db()
        assert (mail.status, mail.attempts) == (Status.SENDING, 0)
        # Redis keeps the dead worker's message as unacknowledged, for visibility_timeout (1 h).
        [(tag, raw)] = broker.hgetall("unacked").items()
        task_id = json.loads(raw)[0]["headers"]["id"]
        assert re.search(rf"deliver_mail\[{task_id}\] received", first.log())

        second = new_worker("second")
        assert mail.claimed_at is not None
        claimed_at = mail.claimed_at
        wait_until(lambda: timezone.now() > claimed_at + dt.timedelta(seconds=1.5))
        sweep_outbox_task.delay()

        wait_until(lambda: status_of(mail) == Status.SENT, what="the sweeper's delivery")
        assert len(scripted_sink.messages) == 1
        wait_until(
            lambda: broker.llen("celery") == 0 and broker.hlen("unacked") == 1,
            what="the second worker to be idle",
        )
        # An hour later Redis hands the dead worker's message out again; do that now.
        with Connection(shared_redis) as connection:
            connection.default_channel.qos.restore_by_tag(tag)  # type: ignore[attr-defined]
        wait_until(lambda: succeeded(second, task_id), what="the redelivered task to finish")
        wait_until(lambda: (broker.llen("celery"), broker.hlen("unacked")) == (0, 0))

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Status.SENT, 1)
    assert [m["Subject"] for m in scripted_sink.messages] == ["Survivor"]
    assert scripted_sink.data_commands == 2
