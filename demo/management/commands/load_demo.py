from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.load import load_demo, summarize_demo


class Command(BaseCommand):
    help = (
        "Load the demo summit (Nordic Safe Cities, Strong Cities Network) and a demo organizer. "
        "Safe to run again: it updates the same rows and moves the next editions' dates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. The organizer gets a known, printed password.",
        )

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this creates an organizer with a known password. "
                "Pass --force to load the demo anyway."
            )
        demo = load_demo()
        self.stdout.write("\n".join(summarize_demo(demo)))
