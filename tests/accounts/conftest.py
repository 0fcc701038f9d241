from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

SITE_URL = "https://summit.example.org"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """allauth counts attempts in the cache; a test must not inherit another test's count."""
    cache.clear()


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = SITE_URL
