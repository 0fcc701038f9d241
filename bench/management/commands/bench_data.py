from __future__ import annotations

import time
from dataclasses import fields, replace
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench.data import Shape, ShapeError, generate


class Command(BaseCommand):
    help = (
        "Generate the benchmark's summit (issue #6) in an empty database: 3 events, 40 "
        "countries, 400 cities, 5,000 delegates, 300 sessions in 12 rooms, 30,000 sign-ups. "
        "Deterministic: the same seed on the same day gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2027)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Every count times this, e.g. 0.01."
        )
        for field in fields(Shape):
            parser.add_argument(
                f"--{field.name}", type=int, help=f"Exact count (default {field.default} × scale)."
            )

    def handle(self, *args: Any, seed: int, scale: float, **options: Any) -> None:
        if scale <= 0:
            raise CommandError("The scale must be above 0.")
        exact = {f.name: options[f.name] for f in fields(Shape) if options.get(f.name) is not None}
        shape = replace(Shape.scaled(scale), **exact)
        started = time.monotonic()
        try:
            made = generate(shape, seed=seed)
        except ShapeError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{n} {name}" for name, n in made.counts.items())
        self.stdout.write(f"Bench data in {time.monotonic() - started:.1f} s: {counts}.")
