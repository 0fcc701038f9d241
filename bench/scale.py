"""The scale run (issue #19): every benchmarked page at 1x and at 10x the bench summit (5,000
and 50,000 delegates, 300 and 3,000 sessions, 30,000 and 300,000 sign-ups), in this process
with Django's test client. A page passes when it makes the same queries at both sizes and its
median time served (from the cache, as nearly every request is) at 10x is within twice its time
at 1x. The uncached time, the first request after a change, is reported beside it.

`make bench-scale` (bench/run.sh --scale-run): PostgreSQL and Redis as for `make bench`, a fresh
database for each size, no gunicorn and no wrk (bench.queries). Writes its part of
docs/PERFORMANCE.md, between the scale markers, and keeps the rest of the page.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

from bench.run import Options, bench_environment, say

SIZES = (1.0, 10.0)
TIMED = 7  # uncached requests per page and size; the median is reported
BEGIN, END = "<!-- scale:begin: written by `make bench-scale` -->", "<!-- scale:end -->"


def main() -> None:
    options = Options()
    os.environ.update(bench_environment(options))
    import django

    django.setup()
    started = dt.datetime.now(dt.UTC)
    load_before = _load()
    runs = [_run(scale, options) for scale in SIZES]
    section = _render(runs, started=started, loads=(load_before, _load()))
    _write(options.output, section)
    say(f"Wrote {options.output}")
    print(section)


def _run(scale: float, options: Any) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from bench import data, phases, queries

    say(f"scale {scale:g}: fresh schema and data")
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    began = time.monotonic()
    made = data.generate(data.Shape.scaled(scale))
    seconds = time.monotonic() - began
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", verbosity=0, interactive=False)
    pages = phases.subjects(options).pages
    costs = {}
    for page in pages:
        costs[page.name] = (page, queries.measure(page, timed=TIMED))
        cost = costs[page.name][1]
        say(
            f"  {page.name}: {cost.uncached_queries}/{cost.cached_queries} queries, "
            f"{cost.cached_ms:.1f} ms served, {cost.uncached_ms:.1f} ms uncached"
        )
    return {"scale": scale, "counts": made.counts, "seconds": seconds, "costs": costs}


def _render(runs: list[dict[str, Any]], *, started: dt.datetime, loads: tuple[str, str]) -> str:
    small, large = runs
    lines = [
        BEGIN,
        f"## Scale run: {started:%Y-%m-%d %H:%M} UTC",
        "",
        "Command: `make bench-scale` (bench/scale.py). Each page requested in one process with "
        "Django's test client: its queries uncached (every cache version bumped first, as after "
        "a change) and cached, and the median of "
        f"{TIMED} requests served from the cache and of {TIMED} uncached. Load average "
        f"(1, 5, 15 min) at the start {loads[0]}, at the end {loads[1]}.",
        "",
        *(
            f"- {run['scale']:g}x: {_counts(run['counts'])} (generated in {run['seconds']:.0f} s)"
            for run in runs
        ),
        "",
        "| Page | Queries 1x (uncached / cached) | Queries 10x | Served 1x | Served 10x "
        "| 10x / 1x | Uncached 1x | Uncached 10x | Same queries, served within 2x |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, (_page, one) in small["costs"].items():
        ten = large["costs"][name][1]
        ratio = ten.cached_ms / one.cached_ms if one.cached_ms else 0
        same = (one.uncached_queries, one.cached_queries) == (
            ten.uncached_queries,
            ten.cached_queries,
        )
        verdict = "pass" if same and ratio <= 2 else "**FAIL**"
        lines.append(
            f"| {name} | {one.uncached_queries} / {one.cached_queries} | "
            f"{ten.uncached_queries} / {ten.cached_queries} | {one.cached_ms:.1f} ms | "
            f"{ten.cached_ms:.1f} ms | {ratio:.1f} | {one.uncached_ms:.1f} ms | "
            f"{ten.uncached_ms:.1f} ms | {verdict} |"
        )
    lines += [
        "",
        "Pages that list everything grow with the data by design (the CSV export of every "
        "registration, the agenda and calendar of every session, the registration form's "
        "list of the network's cities): ten times the rows is ten times the bytes.",
        END,
    ]
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


def _load() -> str:
    return " / ".join(f"{n:.1f}" for n in os.getloadavg())


def _write(path: Path, section: str) -> None:
    text = path.read_text() if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
