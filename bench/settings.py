"""Settings the benchmark serves with: production's (DEBUG off, PostgreSQL, Redis cache and
broker, whitenoise), plus the ceiling view's URL. Only bench/run.py uses them; the ceiling
view never exists in production.

The benchmark runs over plain HTTP on 127.0.0.1, so bench/run.py sets SECURE_SSL_REDIRECT,
SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE to 0 in the environment (README, "Configuration":
the overrides for a plain-HTTP trial); everything else comes from summit.settings unchanged.
"""

from summit.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
