"""Test settings: the real settings with fast, isolated overrides.

The database is whatever DATABASE_URL says (PostgreSQL in CI, SQLite on a laptop). Celery runs
eagerly unless a test starts a real worker (see tests/conftest.py: celery_worker).
"""

import os
import re

# pytest-xdist runs the suite in several processes (scripts/test.sh): pytest-django gives each its
# own test database (test_summit_gw0, ...); this gives each its own Redis database number, so one
# process's flushdb or broker queue never touches another's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get("REDIS_URL"):
    _url = os.environ["REDIS_URL"]
    _db = 1 + int(_worker[2:])
    os.environ["REDIS_URL"] = re.sub(r"(/\d*)?$", f"/{_db}", _url, count=1)

from summit.settings import *  # noqa: E402, F403
from summit.settings import REDIS_URL  # noqa: E402

DEBUG = False
SECRET_KEY = "tests-only-" + "y" * 40
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MAIL_CATCHER_DIR = ""
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each test run gets its own cache; Redis, when present, is the broker for real-worker tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Production's engine with Redis (summit/settings.py); one process per test worker shares this
# cache, so the tests see what a cached session does.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# With Redis, keep production's transport options (socket timeouts included).
CELERY_BROKER_URL = REDIS_URL or "memory://"
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
