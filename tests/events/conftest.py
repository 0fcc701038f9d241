"""The demo as loaded on one fixed day, with the clock on that day: pages that say what is open
or past read the same whenever the tests run (they compare dates the demo derives from it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

DEMO_DAY = dt.date(2026, 11, 23)  # a Monday


@pytest.fixture
def on_demo_day(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    moment = dt.datetime.combine(DEMO_DAY, dt.time(12), tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return DEMO_DAY
