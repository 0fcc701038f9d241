"""The demo summit: Nordic Safe Cities and the Strong Cities Network, from the 2022 seed.

Loading is idempotent: every row is found by its natural key (slugs, (name, country), (venue,
name), email) and updated, so a second run adds nothing. Each part of the demo has its module
with its data and its `load_*` functions (places, programme, delegates); `load_demo` calls them
in order, each reading what it needs from the `Demo` it is passed
(`demo.events["nsc-annual-summit-next"]`). A new part adds a module and one call here; an app
above demo (privacy) adds its part with add_demo_loader() in its AppConfig.ready().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from demo.checkin import checkin_login, load_checkin_staff
from demo.delegates import delegate_login, load_delegates, summarize_delegates
from demo.languages import load_languages
from demo.meetings import load_meetings, summarize_meetings
from demo.places import (
    ORGANIZER_EMAIL,
    ORGANIZER_PASSWORD,
    load_cities,
    load_events,
    load_memberships,
    load_networks,
    load_organizer,
    load_venues,
    summarize_places,
)
from demo.programme import load_programme, load_signups, summarize_programme
from demo.state import Demo
from outbox.services import mail_suppressed

# Parts added by apps above demo, run last, in the order added (privacy's notice).
_added: list[Callable[[Demo], None]] = []


def add_demo_loader(loader: Callable[[Demo], None]) -> None:
    if loader not in _added:
        _added.append(loader)


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> Demo:
    """Create or update every demo row; the next editions are dated from `today`."""
    demo = Demo(today=today or timezone.localdate())
    load_networks(demo)
    load_cities(demo)
    load_memberships(demo)
    load_venues(demo)
    load_events(demo)
    load_organizer(demo)
    load_programme(demo)
    with mail_suppressed():
        load_delegates(demo)
        load_signups(demo)
        load_meetings(demo)
    load_languages(demo)
    load_checkin_staff(demo)
    for loader in _added:
        loader(demo)
    return demo


def summarize_demo(demo: Demo) -> list[str]:
    """The lines the command prints: what is there, what is new, how to log in."""
    lines = [
        f"Demo loaded for {demo.today.isoformat()}:",
        *summarize_places(demo),
        *summarize_programme(),
        *summarize_delegates(),
        *summarize_meetings(),
        f"  {sum(demo.created.values())} new rows (a second run adds none)",
        delegate_login(),
        checkin_login(),
    ]
    if demo.organizer:
        lines.append(f"Organizer login: {ORGANIZER_EMAIL} / {ORGANIZER_PASSWORD}")
    return lines
