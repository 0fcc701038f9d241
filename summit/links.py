"""Links that apps above add to a lower app's page: one mechanism for every such page.

A page cannot name the URLs of apps above its own: imports (and template URL names, which the
import linter cannot see) only go downward. The lower app makes a LinkHook for its page; an
app that offers something there registers a link in its AppConfig.ready(); the page shows every
registered link. Removing the app removes its links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str


@dataclass
class LinkHook:
    """The links of one kind of page; each URL is reversed with the page's object as
    `keyword` (the event's slug, the delegation's pk)."""

    keyword: str
    _links: list[tuple[str | Promise, str]] = field(default_factory=list)

    def add(self, *, label: str | Promise, url_name: str) -> None:
        """Show a link on every such page (once, however often it is added); the label is
        translated when the page is rendered."""
        if (label, url_name) not in self._links:
            self._links.append((label, url_name))

    def links(self, value: object) -> list[ShownLink]:
        return [
            ShownLink(str(label), reverse(url_name, kwargs={self.keyword: value}))
            for label, url_name in self._links
        ]
