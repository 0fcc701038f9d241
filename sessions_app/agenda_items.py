"""Items that apps above sessions_app add to a person's "My agenda" and personal feed.

sessions_app cannot import those apps (imports only go downward). An app with things a person
attends besides sessions, such as bilateral meetings, registers a provider here in its
AppConfig.ready(): a function from a user id to PersonalItems, and the cache version its data
lives under (the feed is cached). My agenda and the feed show every provider's items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from events.templatetags.summit import format_local_span


@dataclass(frozen=True)
class PersonalItem:
    """One entry of a person's own agenda, in the terms of a calendar entry."""

    uid: str
    sequence: int
    title: str
    kind: str  # translated label shown beside the title ("Bilateral meeting")
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    where: str
    description: str
    url: str  # absolute path on the site
    updated_at: dt.datetime
    event_id: int
    event_name: str
    event_slug: str


Provider = Callable[[int], list[PersonalItem]]
_providers: list[Provider] = []
_versions: list[str] = []


def add_personal_items(provider: Provider, *, depends_on: str) -> None:
    """Show `provider`'s items in My agenda and the personal feed (once, however often added)."""
    if provider not in _providers:
        _providers.append(provider)
    if depends_on not in _versions:
        _versions.append(depends_on)


def personal_items(user_id: int) -> list[PersonalItem]:
    items = [item for provider in _providers for item in provider(user_id)]
    return sorted(items, key=lambda item: (item.starts_at, item.uid))


def item_versions() -> list[str]:
    """The cache versions the providers' data lives under."""
    return list(_versions)


@dataclass(frozen=True)
class PersonalRow:
    """An item as My agenda shows it: local time at the venue, and in the viewer's zone."""

    item: PersonalItem
    when: str
    viewer_when: str


def personal_rows(user_id: int, viewer_zone: str) -> list[PersonalRow]:
    rows = []
    for item in personal_items(user_id):
        viewer_when = ""
        if viewer_zone and viewer_zone != item.time_zone:
            viewer_when = format_local_span(item.starts_at, item.ends_at, viewer_zone)
        when = format_local_span(item.starts_at, item.ends_at, item.time_zone)
        rows.append(PersonalRow(item=item, when=when, viewer_when=viewer_when))
    return rows
