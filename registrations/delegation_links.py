"""Links that apps above registrations add to a delegation's page (its coordinator's).

The page cannot name those apps' URLs itself: imports (and template URL names, which the
import linter cannot see) only go downward. An app that offers something per delegation, such
as the reports' dashboard of its figures, registers a link here in its AppConfig.ready().
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class DelegationLink:
    label: str | Promise  # translated when the page is rendered
    url_name: str  # reversed with the delegation's id as `pk`


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str


_registered: list[DelegationLink] = []


def add_delegation_link(*, label: str | Promise, url_name: str) -> None:
    """Show a link on every delegation's page (once, however often it is added)."""
    link = DelegationLink(label, url_name)
    if link not in _registered:
        _registered.append(link)


def delegation_links(pk: int) -> list[ShownLink]:
    return [
        ShownLink(str(link.label), reverse(link.url_name, kwargs={"pk": pk}))
        for link in _registered
    ]
