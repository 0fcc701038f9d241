"""The reports' figures (issue #14, item 5): the bench summit's dashboard rendered uncached in
this process, with its query count, and the funder report built by a real Celery worker
process. bench sits beside reports in the import layers, so this reaches them only by URL, task
name and app registry, never by import.

Run as part of `make bench`, or alone on data already generated: `bash bench/run.sh --only
reports` (which generates the data first; `--scale 0.02` for a smoke run).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bench import data, procs
from events.models import Event
from registrations.models import Registration

Say = Callable[[str], None]
DASHBOARD_TARGET_MS = 100
FUNDER_REPORT_TARGET_S = 10


@dataclass
class ReportFigures:
    registrations: int = 0
    dashboard_ms: float = 0.0
    dashboard_queries: int = 0
    funder_report_worker_s: float = 0.0  # started to ready, in the worker
    funder_report_wall_s: float = 0.0  # asked to ready, as the organizer waits
    funder_report_bytes: int = 0


def _organizer_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(email=data.ORGANIZER_EMAIL))
    return client


def dashboard(figures: ReportFigures, iterations: int = 20) -> None:
    """The median of `iterations` renders after three warm-ups; the dashboard has no cache, so
    each is a render from the rows."""
    summit = Event.objects.get(slug=data.SUMMIT_SLUG)
    figures.registrations = Registration.objects.filter(event=summit).count()
    url = reverse("reports:dashboard", kwargs={"slug": summit.slug})
    client = _organizer_client()
    timings = []
    for n in range(iterations + 3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200 or b"figure-weeks" not in response.content:
            raise RuntimeError(f"The dashboard answered {response.status_code}: not the page.")
        if n >= 3:
            timings.append(elapsed)
            figures.dashboard_queries = len(queries)
    figures.dashboard_ms = sorted(timings)[len(timings) // 2]


def funder_report(figures: ReportFigures, env: dict[str, str], say: Say, log: Any) -> None:
    """Ask for the report as an organizer does (POST), and wait for a one-process Celery worker
    to build it."""
    from summit.celery import app

    summit = Event.objects.get(slug=data.SUMMIT_SLUG)
    report_model = apps.get_model("reports", "FunderReport")
    report_model.objects.filter(event=summit).delete()
    client = _organizer_client()
    app.control.purge()
    with procs.running(procs.celery_args(concurrency=1), env=env, log=log):
        _wait_for_worker(app)
        started = time.monotonic()
        response = client.post(reverse("reports:funder_report", kwargs={"slug": summit.slug}))
        if response.status_code != 302:
            raise RuntimeError(f"Asking for the funder report answered {response.status_code}.")
        status_url = reverse("reports:funder_report_status", kwargs={"slug": summit.slug})
        deadline = started + 120
        while client.get(status_url).json()["status"] == "building":
            if time.monotonic() > deadline:
                raise RuntimeError("The funder report was not built in 2 minutes.")
            time.sleep(0.05)
        figures.funder_report_wall_s = time.monotonic() - started
    report = report_model.objects.get(event=summit)
    if report.status != "ready":
        raise RuntimeError(f"The funder report ended {report.status}; see {log}.")
    figures.funder_report_worker_s = (report.ready_at - report.started_at).total_seconds()
    figures.funder_report_bytes = report.size
    say(
        f"funder report: {figures.funder_report_worker_s:.2f} s in the worker, "
        f"{figures.funder_report_wall_s:.2f} s as asked, {report.size:,} bytes"
    )


def _wait_for_worker(app: Any, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline:
            raise RuntimeError("The Celery worker did not start.")


def measure(env: dict[str, str], say: Say, log: Any) -> ReportFigures:
    figures = ReportFigures()
    dashboard(figures)
    say(
        f"dashboard of {figures.registrations:,} registrations, uncached: "
        f"{figures.dashboard_ms:.1f} ms median, {figures.dashboard_queries} queries"
    )
    funder_report(figures, env, say, log)
    return figures


def lines(f: ReportFigures) -> list[str]:
    """The rows of the report's "Other targets" table."""

    def mark(ok: bool) -> str:
        return "pass" if ok else "**FAIL**"

    return [
        f"| Event dashboard of {f.registrations:,} registrations, uncached (in process, median "
        f"of 20; {f.dashboard_queries} queries, the same at any size) | {f.dashboard_ms:.1f} ms | "
        f"< {DASHBOARD_TARGET_MS} ms | {mark(f.dashboard_ms < DASHBOARD_TARGET_MS)} |",
        f"| Funder report of {f.registrations:,} registrations, built in a Celery worker "
        f"({f.funder_report_bytes:,} bytes; {f.funder_report_wall_s:.1f} s from asking to the "
        f"download link) | {f.funder_report_worker_s:.2f} s | < {FUNDER_REPORT_TARGET_S} s | "
        f"{mark(f.funder_report_worker_s < FUNDER_REPORT_TARGET_S)} |",
    ]
