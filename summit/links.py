"""Links that apps above add to a lower app's page: one mechanism for every such page.

A page cannot name the URLs of apps above its own: imports (and template URL names, which the
import linter cannot see) only go downward. The lower app makes a LinkHook for its page; an
app that offers something there registers a link in its AppConfig.ready(); the page shows every
registered link. Removing the app removes its links.

A hook with a name is also reachable from templates, `{% hook_links "events.register" event.slug
as links %}` (the `summit` tag library), for pages and fragments that many views render.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str


NAMED: dict[str, LinkHook] = {}


@dataclass
class LinkHook:
    """The links of one kind of page; each URL is reversed with the page's object as
    `keyword` (the event's slug, the delegation's pk)."""

    keyword: str
    name: str = ""
    _links: list[tuple[str | Promise, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.name:
            NAMED[self.name] = self

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


def named_links(name: str, value: object) -> list[ShownLink]:
    """The links of the hook called `name`; a misspelt name is an error, not an empty list."""
    return NAMED[name].links(value)
