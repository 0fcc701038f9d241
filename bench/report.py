"""docs/PERFORMANCE.md from a run's results. The generated part sits between two markers; the
rest of the file (the hand-written notes) is kept as it is on every run."""

from __future__ import annotations

from typing import Any

from bench import reports_scenario

BEGIN = "<!-- bench:begin: written by `make bench`, edits here are overwritten -->"
END = "<!-- bench:end -->"
HEADER = """# Performance

How fast Summit serves a real summit, measured against the machine's ceiling (issue #6).
Run `make bench` to measure again; it rewrites the part between the markers below.

"""


def render(results: Any, *, existing: str = "") -> str:
    generated = f"{BEGIN}\n{_body(results)}\n{END}"
    if BEGIN in existing and END in existing:
        before, rest = existing.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        return f"{before}{generated}{after}"
    return f"{HEADER}{generated}\n"


def ceiling(results: Any) -> float:
    rates = [c.requests_per_second for c in results.ceilings]
    return sum(rates) / len(rates) if rates else 0.0


def _mark(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def _body(r: Any) -> str:
    o = r.options
    minutes = (r.finished_at - r.started_at).total_seconds() / 60 if r.finished_at else 0
    lines = [
        f"## Latest run: {r.started_at:%Y-%m-%d %H:%M} UTC ({minutes:.1f} minutes)",
        "",
        "Command: `make bench` (bench/run.sh starts PostgreSQL and Redis as CI does, on private "
        "ports, then runs `python -m bench.run`).",
        "",
        "| Machine | |",
        "| --- | --- |",
        *(f"| {name} | {value} |" for name, value in r.machine.items()),
        "",
        f"Served by gunicorn, {o.workers} sync workers, production settings (`DEBUG=0`, "
        "PostgreSQL, Redis cache and broker, whitenoise) over plain HTTP on 127.0.0.1: "
        "`SECURE_SSL_REDIRECT`, `SESSION_COOKIE_SECURE` and `CSRF_COOKIE_SECURE` are 0, as the "
        "README says for a plain-HTTP trial. The ceiling is `/bench/ceiling/`, a view returning "
        "`ok` through the same middleware, served by the same gunicorn (bench/urls.py; it "
        "does not exist in production). Load: "
        f"`wrk -t{o.threads} -c{o.connections} -d{o.seconds}s --latency` per URL after a 1 s "
        "warm-up, all on the same machine as the server and the databases.",
        "",
        f"Data (`manage.py bench_data`, {r.data_seconds:.1f} s, target under 2 minutes): "
        f"{r.data_counts}.",
        "",
        *_pages(r),
        "",
        *_targets(r),
    ]
    return "\n".join(lines)


def _pages(r: Any) -> list[str]:
    top = ceiling(r)
    lines = [
        "### Pages",
        "",
        "| Page | Path | Queries (uncached / cached) | Requests/s | Median latency "
        "| Share of the ceiling | Target | |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for n, c in enumerate(r.ceilings):
        label = "Ceiling: minimal Django view" + (" (again, at the end)" if n else "")
        lines.append(
            f"| {label} | `/bench/ceiling/` | | {c.requests_per_second:,.0f} | "
            f"{c.median_ms:.1f} ms | {c.requests_per_second / top:.0%} | | |"
        )
    for page, result in r.pages.values():
        share = result.requests_per_second / top if top else 0
        target = f"≥ {page.target:.0%}" if page.target else ""
        verdict = _mark(share >= page.target) if page.target else ""
        if result.errors:
            verdict += f" ({result.errors} errors)"
        path = page.path if "feed" not in page.path else "/calendar/feed/<token>.ics"
        cost = r.page_queries.get(page.name)
        queries = f"{cost.uncached_queries} / {cost.cached_queries}" if cost else ""
        lines.append(
            f"| {page.name} | `{path}` | {queries} | {result.requests_per_second:,.0f} | "
            f"{result.median_ms:.1f} ms | {share:.1%} | {target} | {verdict} |"
        )
    lines += [
        "",
        f"Share of the ceiling: requests/s over the mean of the two ceiling runs ({top:,.0f}/s).",
    ]
    return lines


def _targets(r: Any) -> list[str]:
    c = r.contention
    best_csv = min(d.total_s for d in r.csv) if r.csv else 0
    first_csv = min(d.first_byte_s for d in r.csv) if r.csv else 0
    rows = r.csv[0].lines - 1 if r.csv else 0
    arrived = r.fanout_received
    once = sum(1 for count in arrived.values() if count == 1)
    exact = len(arrived) == r.fanout_expected and once == r.fanout_expected
    outcome = ", ".join(f"{n} {status}" for status, n in sorted(r.contention_outcome.items()))
    limits = "; ".join(r.over_limits[:5]) or "none"
    return [
        "### Other targets",
        "",
        "| Figure | Result | Target | |",
        "| --- | ---: | ---: | --- |",
        f"| Public agenda, uncached render (in process, first request after a change, "
        f"median of 30) | "
        f"{r.uncached_agenda_ms:.1f} ms | < 30 ms | {_mark(r.uncached_agenda_ms < 30)} |",
        f"| CSV export of {rows:,} registrations, whole download (best of 5) | "
        f"{best_csv * 1000:.0f} ms (first byte {first_csv * 1000:.0f} ms) | < 1 s | "
        f"{_mark(best_csv < 1)} |",
        f"| CSV export: growth of the workers' peak memory over 5 downloads | "
        f"{r.csv_memory_growth_mb:.1f} MB | flat (< 5 MB) | {_mark(r.csv_memory_growth_mb < 5)} |",
        f"| Registrations with {c.clients} concurrent clients (POSTs of the form) | "
        f"{c.per_second:.0f}/s ({c.succeeded} in {c.wall_s:.1f} s, POST median "
        f"{c.median_post_ms:.0f} ms) | ≥ 250/s | {_mark(c.per_second >= 250)} |",
        f"| Registrations refused or failed | {len(c.failed)} | 0 | {_mark(not c.failed)} |",
        f"| Limits exceeded after the contention (event, city, country, session) | "
        f"{len(r.over_limits)} | 0 | {_mark(not r.over_limits)} |",
        f"| {r.fanout_expected:,} update invites at the SMTP sink, 2 Celery processes | "
        f"{r.fanout_seconds:.1f} s | < 20 s | {_mark(exact and r.fanout_seconds < 20)} |",
        f"| Invites arrived exactly once, one per attendee | {once:,} of {r.fanout_expected:,}"
        f" ({sum(arrived.values()):,} mails) | all | {_mark(exact)} |",
        *_summit_day(r),
        f"| Peak RSS of a gunicorn worker | {r.gunicorn_peak_mb:.0f} MB | < 150 MB | "
        f"{_mark(r.gunicorn_peak_mb < 150)} |",
        f"| Peak RSS of a Celery worker process | {r.celery_peak_mb:.0f} MB | < 200 MB | "
        f"{_mark(r.celery_peak_mb < 200)} |",
        *(reports_scenario.lines(r.reports) if r.reports else []),
        "",
        f"Contention: {c.clients} client threads registered {c.attempted:,} people, each with "
        "their own signed-in session, for an event whose limits are smaller than the demand "
        "(capacity, quota per city and per country); each client GETs the form once for its "
        "CSRF token, then POSTs it for each of its people. A registration succeeds when the "
        f"form is accepted (a seat or the waiting list); outcome: {outcome}. Limits exceeded: "
        f"{limits}. The registration mails were queued but not delivered, nor written: they are "
        "written by the Celery worker when it sends them (README, the outbox), and the Celery "
        "queue is purged before the fan-out, which is measured alone.",
    ]


def _summit_day(r: Any) -> list[str]:
    """Issue #13's figures (bench/summit_day.py): check-in POSTs, the offline list, the sheet."""
    lines = []
    checkin, offline, sheet = r.checkin, r.offline, r.sheet
    if checkin is not None:
        share = checkin.per_second / ceiling(r) if ceiling(r) else 0.0
        lines.append(
            f"| Check-in POSTs with {checkin.clients} concurrent clients (scans of distinct "
            f"badges) | {checkin.per_second:,.0f}/s = {share:.1%} of the ceiling "
            f"({checkin.attempted:,} in {checkin.wall_s:.1f} s, POST median "
            f"{checkin.median_post_ms:.0f} ms, {len(checkin.failed)} not valid) | ≥ 20 % | "
            f"{_mark(share >= 0.20 and not checkin.failed)} |"
        )
    if offline is not None:
        ok = offline.status == 200 and offline.seconds < 1 and offline.transferred < 1_000_000
        lines.append(
            f"| Offline list of {offline.entries:,} delegates for a phone (gzip) | "
            f"{offline.seconds * 1000:.0f} ms, {offline.transferred / 1000:,.0f} kB "
            f"({offline.raw / 1000:,.0f} kB as JSON) | < 1 s, < 1 MB | {_mark(ok)} |"
        )
    if sheet is not None:
        ok = sheet.status == "ready" and sheet.seconds < 30
        lines.append(
            f"| Badge sheet of {sheet.badges:,} delegates, built by a Celery worker process | "
            f"{sheet.seconds:.1f} s ({sheet.size / 1e6:.1f} MB PDF, {sheet.status}) | < 30 s | "
            f"{_mark(ok)} |"
        )
    return lines


def summary(results: Any) -> str:
    return "\n".join([*_pages(results), "", *_targets(results)])
