"""The benchmark's API token (issue #16): made as an operator would, with api's
create_api_token command, since bench does not import api (its sibling in the layers)."""

from __future__ import annotations

import io

from django.core.management import call_command

from bench import data


def read_token(event_slug: str) -> str:
    """A new read token of the bench organizer's for one event; the raw secret."""
    raw = call_command(
        "create_api_token",
        by=data.ORGANIZER_EMAIL,
        name="Benchmark",
        scope="read",
        event=event_slug,
        stdout=io.StringIO(),
    )
    return str(raw)
