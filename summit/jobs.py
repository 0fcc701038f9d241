"""Handing work to Celery by task name, so that a service never imports its app's tasks module.

Tasks are thin adapters that import services; were services to import tasks back, every app
with a job would hold an import circle. Instead a service names the task
(`enqueue("outbox.tasks.deliver_mail", mail.pk)`) and each app's AppConfig.ready imports its
tasks module, which registers the tasks in web processes and workers alike. A name that is not
registered is a programming error and raises; an unreachable broker is not: the job is logged
and left to the sweeper that finds the work its row says is still owed.
"""

from __future__ import annotations

import logging
from typing import Any

from summit.celery import app

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args: Any) -> bool:
    """Queue `task_name(*args)`; False when the broker could not take it (logged)."""
    task = app.tasks[task_name]
    try:
        task.delay(*args)
    except Exception:  # any broker failure: kombu raises many types; the sweepers cover us
        logger.warning(
            "Broker unavailable; %s%r waits for its sweeper", task_name, args, exc_info=True
        )
        return False
    return True
