"""`manage.py create_api_token --by organizer@example.org --scope read [--event slug]`: make an
organizer's API token from the shell (a deployment script, the benchmark) and print it; as on
the organizers' page, it is shown this once and stored only hashed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.roles import is_organizer
from api.models import ApiToken
from api.services import create_api_token
from events.models import Event


class Command(BaseCommand):
    help = "Make an organizer's API token and print it (once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--by", required=True, help="The organizer's email address")
        parser.add_argument("--name", default="Command line", help="Who or what uses it")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default="read")
        parser.add_argument("--event", default="", help="An event's slug; empty: every event")

    def handle(self, *args: Any, **options: Any) -> str:
        user = User.objects.filter(email__iexact=options["by"]).first()
        if user is None or not is_organizer(user):
            raise CommandError(f"{options['by']} is not an organizer's address.")
        event = None
        if options["event"]:
            event = Event.objects.filter(slug=options["event"]).first()
            if event is None:
                raise CommandError(f"There is no event {options['event']!r}.")
        _token, raw = create_api_token(
            name=options["name"], scope=options["scope"], event=event, by=user
        )
        return raw
