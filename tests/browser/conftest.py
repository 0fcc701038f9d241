from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest


@pytest.fixture
def site(live_server: Any, settings: Any) -> str:
    """Run the site as production would, on the live server's address only."""
    settings.SITE_URL = live_server.url
    settings.ALLOWED_HOSTS = [urlsplit(live_server.url).hostname]
    settings.CSRF_TRUSTED_ORIGINS = [live_server.url]
    return str(live_server.url)
