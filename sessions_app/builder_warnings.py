"""Warnings that apps above sessions_app show beside the builder's publish button.

sessions_app cannot import those apps (imports only go downward). An app that knows of a clash
the agenda cannot see, such as bilateral meetings at the time of a session their participants
sit in, registers a provider here in its AppConfig.ready(): a function from the event and its
sessions (as the builder read them) to (session, text) pairs, in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable

from events.models import Event
from sessions_app.models import Session

Provider = Callable[[Event, list[Session]], list[tuple[Session, str]]]
_providers: list[Provider] = []


def add_builder_warnings(provider: Provider) -> None:
    """Show `provider`'s warnings in the builder (once, however often added)."""
    if provider not in _providers:
        _providers.append(provider)


def builder_warnings(event: Event, sessions: list[Session]) -> list[tuple[Session, str]]:
    return [warning for provider in _providers for warning in provider(event, sessions)]
