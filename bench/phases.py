"""The benchmark's phases, run in order by bench.run.main once Django is set up."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from bench import api_token, data, load, procs, summit_day
from bench.checks import over_limits
from events.models import City, Event
from registrations.models import Registration
from sessions_app.models import CalendarFeedToken, Session, Signup

Say = Callable[[str], None]


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    cookie: str
    target: float | None  # share of the ceiling's requests/s, or None: measured only
    expect: bytes  # must be in the answer, so we measure the real page
    expect_count: int = 1
    authorization: str = ""  # an Authorization header: the API's pages take a token


@dataclass(frozen=True)
class Subjects:
    pages: list[Page]
    csv_path: str
    organizer_cookie: str
    registration_path: str
    registrant_queues: list[list[load.Registrant]]
    fanout_session_id: int
    fanout_emails: set[str]
    summit_day: summit_day.Subjects


def _proc_field(path: str, name: str) -> str:
    text = Path(path).read_text()
    return next(
        (line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith(name)), "?"
    )


def machine() -> dict[str, str]:
    cpu = _proc_field("/proc/cpuinfo", "model name")
    memory_kb = int(_proc_field("/proc/meminfo", "MemTotal").split()[0])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import gunicorn
    import redis

    redis_version = redis.Redis.from_url(settings.REDIS_URL).info("server")["redis_version"]
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    load = " / ".join(f"{n:.1f}" for n in os.getloadavg())
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "Load average at the start (1, 5, 15 min)": load,
        "Memory": f"{memory_kb / 1024 / 1024:.1f} GB",
        "System": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": postgres.split()[0],
        "Redis": str(redis_version),
        "gunicorn": gunicorn.__version__,
        "wrk": wrk.split()[1] if wrk else "?",
    }


def prepare_database(options: Any, results: Any, say: Say) -> None:
    say("migrate")
    call_command("migrate", verbosity=0)
    say(f"bench_data --scale {options.scale}")
    started = time.monotonic()
    made = data.generate(data.Shape.scaled(options.scale))
    results.data_seconds = time.monotonic() - started
    results.data_counts = ", ".join(f"{n:,} {name}" for name, n in made.counts.items())
    say(f"data in {results.data_seconds:.1f} s: {results.data_counts}")
    # What autovacuum would do after such a load: planner statistics and the visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", verbosity=0, interactive=False)


def signed_in(users: list[User]) -> list[str]:
    """A session cookie per person, as if each had signed in (one bulk insert)."""
    engine = import_module(settings.SESSION_ENGINE)
    model = engine.SessionStore.get_model_class()
    store = engine.SessionStore()
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    backend = "django.contrib.auth.backends.ModelBackend"
    rows = []
    for user in users:
        key = store._get_new_session_key()
        payload = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend}
        payload[HASH_SESSION_KEY] = user.get_session_auth_hash()
        rows.append(model(session_key=key, session_data=store.encode(payload), expire_date=expires))
    model.objects.bulk_create(rows)
    return [f"{settings.SESSION_COOKIE_NAME}={row.session_key}" for row in rows]


def subjects(options: Any) -> Subjects:
    summit = Event.objects.get(slug=data.SUMMIT_SLUG)
    sample = Session.objects.get(event=summit, slug__startswith=data.SAMPLE_SLUG_PREFIX)
    fanout = Session.objects.get(event=summit, slug=data.FANOUT_SLUG)
    organizer = User.objects.get(email=data.ORGANIZER_EMAIL)
    feed_person = User.objects.get(email=data.delegate_email(0))
    feed_sessions = Signup.objects.filter(user=feed_person, status="signed_up").count()
    [organizer_cookie] = signed_in([organizer])
    token = CalendarFeedToken.issue(feed_person)
    sessions = Session.objects.filter(event=summit, status="published").count()
    public_sessions = Session.objects.public().filter(event=summit).count()  # cancelled too
    registrations = Registration.objects.filter(event=summit).count()
    agenda = reverse("sessions_app:agenda", args=[summit.slug])
    # Targets: issue #6's, raised by issue #19 (the agenda 10% -> 25%, the organizers' list
    # 5% -> 15%).
    pages = [
        Page("Home page", reverse("events:home"), "", None, summit.name.encode()),
        Page("Public agenda", agenda, "", 0.25, b'class="title"', sessions),
        Page("Session page", sample.get_absolute_url(), "", 0.15, sample.title.encode()),
        Page(
            "Full agenda .ics",
            reverse("sessions_app:download_agenda", args=[summit.slug]),
            "",
            0.25,
            b"BEGIN:VEVENT",
            sessions,
        ),
        Page(
            "Personal feed",
            reverse("sessions_app:calendar_feed", args=[token]),
            "",
            0.25,
            b"BEGIN:VEVENT",
            feed_sessions,
        ),
        Page(
            # Issue #16: apps poll it; pretalx serves the same export at 3.9 requests/s.
            "schedule.json",
            reverse("schedules:schedule_json", args=[summit.slug]),
            "",
            0.25,
            b'"abstract": ',
            public_sessions,
        ),
        Page(
            "Session .ics",
            reverse("sessions_app:download_session", args=[sample.pk]),
            "",
            None,
            b"BEGIN:VEVENT",
        ),
        Page(
            "Organizers' registrations",
            reverse("registrations:event_registrations", args=[summit.slug]),
            organizer_cookie,
            0.15,
            b'name="registrations" value=',
            min(registrations, 100),  # a page of the paginated list
        ),
    ]
    # Issue #16: the organizers' registrations through the API, a page of 50 (the default).
    api_path = reverse("api:registration_list") + f"?event={summit.slug}"
    bearer, count = f"Bearer {api_token.read_token(summit.slug)}", min(registrations, 50)
    pages.append(Page("Registrations API", api_path, "", 0.10, b'"badge_name":', count, bearer))
    csv_path = reverse("registrations:export_registrations", args=[summit.slug])
    pages.append(Page("CSV export", csv_path, organizer_cookie, None, b"\n", registrations + 1))
    registration_path = reverse("registrations:register", args=[data.CONTENTION_SLUG])
    queues = _registrant_queues(options.clients)
    # What each registrant loads before posting it: the network's cities (400 at full scale),
    # 249 countries, 91 languages; at least an option per city.
    cities = City.objects.filter(memberships__network__slug=data.NETWORK_SLUG).count()
    form = Page(
        "Registration form", registration_path, queues[0][0].cookie, None, b"<option", cities
    )
    pages.append(form)
    return Subjects(
        pages=pages,
        csv_path=csv_path,
        organizer_cookie=organizer_cookie,
        registration_path=registration_path,
        registrant_queues=queues,
        fanout_session_id=fanout.pk,
        summit_day=summit_day.prepare(organizer_cookie),
        fanout_emails={
            email.lower()
            for email in Signup.objects.filter(session=fanout, status="signed_up").values_list(
                "user__email", flat=True
            )
        },
    )


def _registrant_queues(clients: int) -> list[list[load.Registrant]]:
    people = list(User.objects.filter(email__startswith="registrant").order_by("email"))
    cities = list(City.objects.filter(memberships__network__slug=data.NETWORK_SLUG).order_by("pk"))
    cookies = signed_in(people)
    registrants = []
    for n, cookie in enumerate(cookies):
        city = data.registrant_city(n, cities)
        registrants.append(
            load.Registrant(cookie=cookie, country=city.country.code, city_id=city.pk)
        )
    return [registrants[n::clients] for n in range(clients)]


# --- serving and measuring ----------------------------------------------------------------------
def serve_and_measure(
    options: Any, env: dict[str, str], subjects: Subjects, results: Any, say: Say
) -> None:
    log = settings.VAR_DIR / "gunicorn.log"
    bind = f"127.0.0.1:{options.port}"
    args = procs.gunicorn_args(bind=bind, workers=options.workers, log_file=log)
    say(f"gunicorn: {options.workers} sync workers on {bind}")
    with procs.running(args, env=env, log=log) as gunicorn:
        procs.wait_for_http(f"http://{bind}/healthz/")
        base = f"http://{bind}"
        for page in subjects.pages:
            _check_page(base, page)
        results.ceilings.append(_wrk(options, base + "/bench/ceiling/", "", say, "ceiling"))
        for page in subjects.pages:
            if page.name == "CSV export":
                _measure_csv(options, subjects, gunicorn.pid, results, say)
            results.pages[page.name] = (
                page,
                _wrk(options, base + page.path, page.cookie, say, page.name, page.authorization),
            )
        results.ceilings.append(_wrk(options, base + "/bench/ceiling/", "", say, "ceiling again"))
        agenda = next(page for page in subjects.pages if page.name == "Public agenda")
        results.uncached_agenda_ms = _uncached_render(agenda.path)
        say(f"uncached agenda render: {results.uncached_agenda_ms:.1f} ms median")
        _contention(options, subjects, results, say)
        _summit_day(options, subjects, results, say)
        workers = procs.children(gunicorn.pid)
        results.gunicorn_peak_mb = max(procs.memory_mb(pid) for pid in workers)
    _fanout(options, env, subjects, results, say)
    from bench import reports_scenario

    log = settings.VAR_DIR / "celery-reports.log"
    results.reports = reports_scenario.measure(env, say, log)


def _check_page(base: str, page: Page) -> None:
    auth = {"Authorization": page.authorization} if page.authorization else {}
    request = urllib.request.Request(base + page.path, headers={"Cookie": page.cookie, **auth})
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
    if response.status != 200 or body.count(page.expect) < page.expect_count:
        raise RuntimeError(
            f"{page.name} ({page.path}) answered {response.status} without "
            f"{page.expect_count} × {page.expect!r}: not the page to measure."
        )


def _wrk(
    options: Any, url: str, cookie: str, say: Say, name: str, authorization: str = ""
) -> load.WrkResult:
    def run(seconds: int) -> load.WrkResult:
        return load.wrk(
            url,
            seconds=seconds,
            connections=options.connections,
            threads=options.threads,
            cookie=cookie,
            authorization=authorization,
        )

    run(1)  # warm-up
    result = run(options.seconds)
    say(
        f"{name}: {result.requests_per_second:,.0f} req/s, median {result.median_ms:.1f} ms"
        + (f", {result.errors} errors" if result.errors else "")
    )
    return result


def _uncached_render(path: str, iterations: int = 30) -> float:
    """The public agenda's first request after a change, in this process: the agenda's cache
    version is bumped before each request, as any change to a session does."""
    from summit import cache

    client = Client()
    timings = []
    for n in range(iterations + 3):
        cache.bump("agenda")
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if n >= 3:  # the first ones compile templates and open the connection
            timings.append(elapsed)
    return sorted(timings)[len(timings) // 2]


def _measure_csv(options: Any, subjects: Subjects, master: int, results: Any, say: Say) -> None:
    """Five downloads after a warm-up; memory is flat if no worker's peak grew meanwhile."""
    load.download(options.port, subjects.csv_path, cookie=subjects.organizer_cookie)
    before = max(procs.memory_mb(pid) for pid in procs.children(master))
    results.csv = [
        load.download(options.port, subjects.csv_path, cookie=subjects.organizer_cookie)
        for _ in range(5)
    ]
    after = max(procs.memory_mb(pid) for pid in procs.children(master))
    results.csv_memory_growth_mb = after - before
    best = min(d.total_s for d in results.csv)
    say(
        f"CSV: {results.csv[0].lines:,} lines in {best * 1000:.0f} ms, "
        f"peak memory grew {after - before:.1f} MB"
    )


def _contention(options: Any, subjects: Subjects, results: Any, say: Say) -> None:
    queues = subjects.registrant_queues
    say(f"contention: {len(queues)} clients, {sum(map(len, queues))} registrations")
    results.contention = load.register_all(options.port, subjects.registration_path, queues)
    forum = Event.objects.get(slug=data.CONTENTION_SLUG)
    statuses = Registration.objects.filter(event=forum).values_list("status", flat=True)
    results.contention_outcome = dict(Counter(statuses))
    results.over_limits = over_limits()
    c = results.contention
    say(
        f"contention: {c.succeeded} registered in {c.wall_s:.1f} s = {c.per_second:.0f}/s, "
        f"{len(c.failed)} failed, {len(results.over_limits)} limits exceeded"
    )


def _summit_day(options: Any, subjects: Subjects, results: Any, say: Say) -> None:
    day = subjects.summit_day
    results.checkin = summit_day.check_in_all(options.port, day)
    c = results.checkin
    say(f"check-in: {c.attempted} scans in {c.wall_s:.1f} s = {c.per_second:.0f}/s")
    results.offline = summit_day.fetch_offline_list(options.port, day)
    o = results.offline
    say(f"offline list: {o.entries} entries, {o.transferred:,} bytes in {o.seconds * 1000:.0f} ms")


def _fanout(options: Any, env: dict[str, str], subjects: Subjects, results: Any, say: Say) -> None:
    from sessions_app.services import move_session
    from summit.celery import app

    app.control.purge()  # the contention's registration mails: not this benchmark's subject
    results.fanout_expected = len(subjects.fanout_emails)
    log = settings.VAR_DIR / "celery.log"
    args = procs.celery_args(concurrency=options.celery_processes)
    with (
        procs.smtp_sink(options.smtp_port) as sink,
        procs.running(args, env=env, log=log) as worker,
    ):
        _wait_for_worker(app)
        say(f"fan-out: moving a session with {results.fanout_expected} attendees")
        session = Session.objects.select_related("room").get(pk=subjects.fanout_session_id)
        started = time.monotonic()
        move_session(
            session=session,
            starts_at=session.starts_at + dt.timedelta(minutes=15),
            room=session.room,
            by=User.objects.get(email=data.ORGANIZER_EMAIL),
        )
        deadline = started + 120
        while sink.total < results.fanout_expected and time.monotonic() < deadline:
            time.sleep(0.05)
        results.fanout_seconds = sink.last_at - started
        time.sleep(3)  # a duplicate would arrive now
        results.fanout_received = dict(sink.received)
        results.sheet = summit_day.time_sheet(
            subjects.summit_day.sheet_event_id, by=User.objects.get(email=data.ORGANIZER_EMAIL)
        )
        say(f"badge sheet: {results.sheet.badges} badges in {results.sheet.seconds:.1f} s")
        pids = [worker.pid, *procs.children(worker.pid)]
        results.celery_peak_mb = max(procs.memory_mb(pid) for pid in pids)
    say(f"fan-out: {sink.total} mails in {results.fanout_seconds:.1f} s")


def _wait_for_worker(app: Any, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline:
            raise RuntimeError("The Celery worker did not start.")
