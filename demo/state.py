"""What one demo load produced, passed from each `load_*` function to the next."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import models

from accounts.models import User
from events.models import City, Event, Network, Venue


@dataclass
class Demo:
    """What one load produced, keyed for the next `load_*` function to look up."""

    today: dt.date
    networks: dict[str, Network] = field(default_factory=dict)  # by short name
    cities: dict[str, City] = field(default_factory=dict)  # by name
    venues: dict[str, Venue] = field(default_factory=dict)  # by name
    events: dict[str, Event] = field(default_factory=dict)  # by slug
    organizer: User | None = None
    created: Counter[str] = field(default_factory=Counter)  # rows created, by model name

    def note(self, obj: models.Model, created: bool) -> None:
        if created:
            self.created[type(obj).__name__] += 1
