"""Links that apps above sessions_app add to the public agenda page.

The agenda cannot name those apps' URLs itself: imports (and template URL names, which the
import linter cannot see) only go downward. An app that offers something per event, such as
the schedule exports, registers a link here in its AppConfig.ready(); the agenda shows every
registered link. A link is the same for every viewer, so it may go into the cached page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class AgendaLink:
    label: str | Promise  # translated when the page is rendered
    url_name: str  # reversed with the event's slug as `slug`


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str


_registered: list[AgendaLink] = []


def add_agenda_link(*, label: str | Promise, url_name: str) -> None:
    """Show a link on every event's agenda page (once, however often it is added)."""
    link = AgendaLink(label, url_name)
    if link not in _registered:
        _registered.append(link)


def agenda_links(slug: str) -> list[ShownLink]:
    return [
        ShownLink(str(link.label), reverse(link.url_name, kwargs={"slug": slug}))
        for link in _registered
    ]
