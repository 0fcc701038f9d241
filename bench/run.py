"""The whole benchmark (issue #6): `make bench`, i.e. bench/run.sh, which starts a private
PostgreSQL and Redis and then runs `python -m bench.run`. Writes docs/PERFORMANCE.md.

Order: fresh schema and data, collectstatic, gunicorn (production settings, DEBUG off) on
127.0.0.1; wrk for a fixed time against the ceiling and each page; the agenda's uncached render
in this process; CSV downloads; registration under contention; the invite fan-out through two
Celery worker processes to a real SMTP sink; peak memory; the report. Every load is bounded
and targets 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = BASE_DIR / "var" / "bench"


@dataclass
class Options:
    port: int = 8510
    smtp_port: int = 8525
    workers: int = 4
    seconds: int = 10
    connections: int = 16
    threads: int = 2
    scale: float = 1.0
    clients: int = 32
    celery_processes: int = 2
    output: Path = BASE_DIR / "docs" / "PERFORMANCE.md"
    only: str = ""  # "reports": that scenario alone, printed, PERFORMANCE.md left as it is


@dataclass
class Results:
    options: Options
    started_at: dt.datetime
    data_seconds: float = 0.0
    data_counts: str = ""
    pages: dict[str, Any] = field(default_factory=dict)  # name -> (path, WrkResult)
    page_queries: dict[str, Any] = field(default_factory=dict)  # name -> queries.Cost
    ceilings: list[Any] = field(default_factory=list)
    uncached_agenda_ms: float = 0.0
    csv: list[Any] = field(default_factory=list)  # Download
    csv_memory_growth_mb: float = 0.0
    contention: Any = None
    contention_outcome: dict[str, int] = field(default_factory=dict)
    over_limits: list[str] = field(default_factory=list)
    fanout_seconds: float = 0.0
    fanout_received: dict[str, int] = field(default_factory=dict)
    fanout_expected: int = 0
    checkin: Any = None  # bench.summit_day: check-in POSTs, the offline list, the badge sheet
    offline: Any = None
    sheet: Any = None
    reports: Any = None  # bench.reports_scenario.ReportFigures
    gunicorn_peak_mb: float = 0.0
    celery_peak_mb: float = 0.0
    machine: dict[str, str] = field(default_factory=dict)
    finished_at: dt.datetime | None = None


def parse_args(argv: list[str]) -> Options:
    defaults = Options()
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--workers", type=int, default=defaults.workers, help="gunicorn workers")
    parser.add_argument("--seconds", type=int, default=defaults.seconds, help="wrk time per URL")
    parser.add_argument("--connections", type=int, default=defaults.connections)
    parser.add_argument("--scale", type=float, default=defaults.scale, help="data set scale")
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument("--output", type=Path, default=defaults.output)
    parser.add_argument(
        "--only", choices=["reports"], default="", help="run one scenario alone, after the data"
    )
    args = parser.parse_args(argv)
    return Options(
        workers=args.workers,
        seconds=args.seconds,
        connections=args.connections,
        scale=args.scale,
        port=args.port,
        output=args.output,
        only=args.only,
    )


def bench_environment(options: Options) -> dict[str, str]:
    """Production settings over plain HTTP on 127.0.0.1 (see bench/settings.py)."""
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} is not set: run the benchmark with `make bench` (bench/run.sh).")
    site = f"http://127.0.0.1:{options.port}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": site,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SUMMIT_VAR_DIR": str(VAR),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(options.smtp_port),
        "LOG_LEVEL": "WARNING",
        # The API's per-token limit (600/min) would answer most of wrk's requests with 429;
        # per second, so the throttle's history per token stays as short as in production.
        "API_TOKEN_RATE": "100000/s",
        "PYTHONUNBUFFERED": "1",
    }


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def main(argv: list[str] | None = None) -> None:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    # Stopped from outside: unwind, so gunicorn, the workers and the sink are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench: stopped"))
    env = bench_environment(options)
    os.environ.update(env)
    for port in (options.port, options.smtp_port):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                sys.exit(f"Port {port} is in use: pass --port or stop what listens there.")
    import django

    django.setup()
    from bench import phases, report

    results = Results(options=options, started_at=dt.datetime.now(dt.UTC))
    results.machine = phases.machine()
    phases.prepare_database(options, results, say)
    if options.only == "reports":
        from bench import reports_scenario

        results.reports = reports_scenario.measure(env, say, VAR / "celery-reports.log")
        print("\n".join(reports_scenario.lines(results.reports)))
        return
    subjects = phases.subjects(options)
    from bench import queries

    results.page_queries = {page.name: queries.measure(page) for page in subjects.pages}
    phases.serve_and_measure(options, env, subjects, results, say)
    results.finished_at = dt.datetime.now(dt.UTC)
    load = " / ".join(f"{n:.1f}" for n in os.getloadavg())
    results.machine["Load average at the end (1, 5, 15 min)"] = load
    options.output.write_text(report.render(results, existing=_existing(options.output)))
    say(f"Wrote {options.output}")
    print(report.summary(results))


def _existing(path: Path) -> str:
    return path.read_text() if path.exists() else ""


if __name__ == "__main__":
    main()
