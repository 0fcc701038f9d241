"""Summit settings: one file, driven by environment variables.

Every default is safe for a laptop: SQLite, Celery on an embedded filesystem broker, mail to a
local catcher on 127.0.0.1:1025. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, the EMAIL_*
variables and DEBUG=0 (see README.md, "Configuration").
"""

from __future__ import annotations

import os
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SUMMIT_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "local-development-only-not-a-secret-" + "x" * 20)
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", f"127.0.0.1,localhost,{urlsplit(SITE_URL).hostname}")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    # Before the admin, so its translation-aware admin classes load first (issue #18).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "allauth",
    "allauth.account",
    "accounts",
    "events",
    "outbox",
    "registrations",
    "sessions_app",
    "checkin",
    "meetings",  # bilateral meetings between delegations (issue #17)
    "schedules",  # schedule.xml / schedule.json per event, for schedule apps
    "webhooks",
    "reports",
    "privacy",
    "rest_framework",
    "drf_spectacular",
    "api",  # the REST API (/api/v1/) and the organizers' API tokens
    "demo",  # the demo summit loader (manage.py load_demo); no models, no URLs
    "bench",  # the benchmark data generator (manage.py bench_data); no models, no URLs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.ClearSiteDataOnSignOutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After sign-in, a new version of a privacy notice is asked before anything else.
    "privacy.middleware.PrivacyNoticeMiddleware",
]

ROOT_URLCONF = "summit.urls"
WSGI_APPLICATION = "summit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles",
            ],
        },
    },
]
# Django's form rendering, with each input of an invalid group of choices tied to its errors.
FORM_RENDERER = "summit.forms.FormRenderer"

# --- Database: SQLite on a laptop, PostgreSQL via DATABASE_URL in production and CI.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'summit.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and shared cache. Without it, an embedded broker and a per-process cache.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "summit.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# With Redis, sessions are read from the cache, and from the database only when the cache lost
# them: a signed-in request saves a query. Not with the per-process cache: a session deleted in
# one process would live on in another's. Whatever deletes a session must go through the
# session store (as sign-out, a password change and privacy.erasure do), which drops the cached
# copy too.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")

# --- Accounts (django-allauth, current setting names).
AUTH_USER_MODEL = "accounts.User"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Summit] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
ACCOUNT_RATE_LIMITS: dict[str, str] = {}  # empty dict = allauth's built-in limits, all on
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "events:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "events:home"

# --- Registrations: a delegation invitation's link works this many days after it was sent.
DELEGATION_INVITATION_DAYS = envint("DELEGATION_INVITATION_DAYS", 14)

# --- Meetings: an unanswered request holds its proposed slots this long, then expires; a
# delegation has at most this many requests waiting for answers at once.
MEETING_REQUEST_HOLD_HOURS = envint("MEETING_REQUEST_HOLD_HOURS", 72)
MEETING_MAX_OPEN_REQUESTS = envint("MEETING_MAX_OPEN_REQUESTS", 10)

# --- Mail: every message is written to the outbox (same transaction as the change that caused
# it) and delivered by a Celery task through OUTBOX_DELIVERY_BACKEND. See outbox/.
EMAIL_BACKEND = "outbox.backends.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = env(
    "OUTBOX_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Summit <summit@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The ORGANIZER of calendar invites: a real mailbox, because calendar clients show it and some
# send replies there even with RSVP=FALSE. A bare address; the default is DEFAULT_FROM_EMAIL's.
SUMMIT_ORGANIZER_EMAIL = env("SUMMIT_ORGANIZER_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1])
# A row left "sending" longer than this belongs to a dead worker; the sweeper re-queues it.
# It must exceed EMAIL_TIMEOUT so a slow but live send is never sent a second time.
OUTBOX_STALE_SECONDS = envint("OUTBOX_STALE_SECONDS", 300)
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", 8)
OUTBOX_RETRY_BASE_SECONDS = envint("OUTBOX_RETRY_BASE_SECONDS", 30)
# Webhooks (webhooks/services.py): the same pattern. A POST that takes longer than the timeout is
# tried again; "sending" longer than the stale time belongs to a dead worker.
# "Download my data" (privacy/data_export.py): how long a built ZIP can be downloaded.
DATA_EXPORT_DAYS = envint("DATA_EXPORT_DAYS", 7)
# An event's badge sheet built by a task (checkin/sheets.py): how long it can be downloaded.
BADGE_SHEET_HOURS = envint("BADGE_SHEET_HOURS", 12)
# How long a built funder report (reports/) can be downloaded before the sweep deletes it.
FUNDER_REPORT_HOURS = envint("FUNDER_REPORT_HOURS", 24)
WEBHOOK_TIMEOUT_SECONDS = envint("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_STALE_SECONDS = envint("WEBHOOK_STALE_SECONDS", 120)
WEBHOOK_MAX_ATTEMPTS = envint("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_RETRY_BASE_SECONDS = envint("WEBHOOK_RETRY_BASE_SECONDS", 30)
# How long deliveries are kept (the beat task purge-webhook-deliveries): delivered ones this many
# days after delivery; failed ones longer, after they failed for good, so they can be retried.
WEBHOOK_DELIVERED_KEEP_DAYS = envint("WEBHOOK_DELIVERED_KEEP_DAYS", 30)
WEBHOOK_FAILED_KEEP_DAYS = envint("WEBHOOK_FAILED_KEEP_DAYS", 90)
# The local mail catcher's Maildir; set, the mail it caught is readable at /dev/mail/.
MAIL_CATCHER_DIR = env("MAIL_CATCHER_DIR", str(VAR_DIR / "mail") if DEBUG else "")
# Retention (privacy/retention.py): dietary, accessibility, ID and phone fields are emptied this
# many days after an event's last day (organizers may change it per event), and the bodies of the
# mails about an event after MAIL_BODY_RETENTION_DAYS.
RETENTION_DAYS = envint("RETENTION_DAYS", 90)
MAIL_BODY_RETENTION_DAYS = envint("MAIL_BODY_RETENTION_DAYS", 30)

# --- Celery.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(_queue_dir / "control"),
        "polling_interval": 0.1,
    }
else:
    # Without socket timeouts redis-py waits forever on a broker that stops answering but keeps
    # the connection open (frozen, failover, firewall): the publishing request would hang. A
    # publish now gives up after about 3 x socket_timeout; BRPOP answers within 1 s, well inside.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_timeout": 2,
        "socket_connect_timeout": 2,
    }
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens after commit in a web request: fail fast when the broker is down, the
# outbox sweeper enqueues the work again later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "outbox.tasks.sweep_outbox", "schedule": 30.0},
    "sweep-webhooks": {"task": "webhooks.tasks.sweep_webhooks", "schedule": 30.0},
    "purge-webhook-deliveries": {
        "task": "webhooks.tasks.purge_webhook_deliveries",
        "schedule": 3600.0,
    },
    "sweep-erasures": {"task": "privacy.tasks.sweep_erasures", "schedule": 60.0},
    "sweep-badge-sheets": {"task": "checkin.tasks.sweep_badge_sheets", "schedule": 600.0},
    # Deletes expired funder reports and restarts one whose build a broker outage lost.
    "sweep-funder-reports": {"task": "reports.tasks.sweep_funder_reports", "schedule": 600.0},
    # Restarts a session-change fan-out that a broker outage lost (sessions_app.services).
    "sweep-session-changes": {
        "task": "sessions_app.tasks.sweep_session_changes",
        "schedule": 120.0,
    },
    # Meeting requests nobody answered in time; invites a broker outage lost (meetings/).
    "expire-meeting-requests": {
        "task": "meetings.tasks.expire_meeting_requests",
        "schedule": 300.0,
    },
    "sweep-meeting-invites": {"task": "meetings.tasks.sweep_meeting_invites", "schedule": 120.0},
    # One reminder per attendee before each session (sessions_app.reminders): a scan, not ETAs.
    "send-session-reminders": {
        "task": "sessions_app.tasks.send_session_reminders",
        "schedule": 300.0,
    },
    # Empties what is kept no longer (privacy.retention); idempotent, so hourly costs little.
    "purge-retention": {"task": "privacy.tasks.purge_retention", "schedule": 3600.0},
}

# --- The REST API (api/): JSON in and out, organizers' tokens, rate limits, OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousThrottle",
        "api.throttling.TokenThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    # Whose address an anonymous rate limit counts: without a proxy the peer's, behind the TLS
    # proxy the one it appended to X-Forwarded-For. Never the whole header, which anyone can
    # write (DRF's default when this is None).
    "NUM_PROXIES": 1 if envbool("BEHIND_TLS_PROXY", False) else 0,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # JSON only: ?format= is the sessions filter, not a renderer switch.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per anonymous address, and per token: "120/min", "5000/hour", ...
API_ANON_RATE = env("API_ANON_RATE", "120/min")
API_TOKEN_RATE = env("API_TOKEN_RATE", "600/min")
API_MAX_BODY_BYTES = envint("API_MAX_BODY_BYTES", 64 * 1024)
SPECTACULAR_SETTINGS = {
    "TITLE": "Summit API",
    "DESCRIPTION": (
        "Published events and their agenda (public); for organizers registrations, sessions "
        "(create, move, cancel), delegations, sign-ups and check-ins "
        "(an API token: Authorization: Bearer smt_…). Errors are JSON: status, code, detail."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the offices, wherever a list of them appears.
    "ENUM_NAME_OVERRIDES": {"OfficeEnum": "registrations.models.Registration.Office"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# --- Internationalisation. All times are stored in UTC and shown in the venue's time zone.
# URLs carry no language prefix (calendar feeds and links in mails must not change): the language
# is the signed-in user's choice (accounts.middleware), else the cookie set by the switcher, else
# Accept-Language. Each language is named in itself, as the switcher shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("da", "Dansk"),
    ("sv", "Svenska"),
    ("nb", "Norsk bokmål"),
    ("fi", "Suomi"),
    ("is", "Íslenska"),
]
# Content in every language (issue #18): django-modeltranslation adds one column per language
# to the fields listed in events/translation.py and sessions_app/translation.py. The English
# column is the original organizers write first; a language without its own text falls back to
# it (pages, mails, calendars and exports alike).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Session(title=...) fills the original too, whatever language is active.
MODELTRANSLATION_AUTO_POPULATE = "default"
# Our own catalogs, then Icelandic for django-allauth and django-countries, which ship none
# (scripts/thirdparty_catalogs.py): the first path that has a msgid wins, so ours do.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
# Our date and time formats where Django's do not suit (summit/formats/: British English, 24 h).
FORMAT_MODULE_PATH = ["summit.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files, served by whitenoise; nothing comes from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security: strict unless DEBUG. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
