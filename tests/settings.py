"""Test settings: the real settings with fast, isolated overrides.

The database is whatever DATABASE_URL says (PostgreSQL in CI, SQLite on a laptop). Celery runs
eagerly unless a test starts a real worker (see tests/conftest.py: celery_worker).
"""

from summit.settings import *  # noqa: F403
from summit.settings import REDIS_URL

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
# With Redis, keep production's transport options (socket timeouts included).
CELERY_BROKER_URL = REDIS_URL or "memory://"
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
