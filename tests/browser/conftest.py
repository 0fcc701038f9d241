from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """allauth counts attempts in the cache; a test must not inherit another test's count."""
    cache.clear()
