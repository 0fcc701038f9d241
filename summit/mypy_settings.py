"""Settings for mypy's Django plugin only: the project's, with django-modeltranslation's
registrations off. Registering swaps each translated model's manager for a class made at run
time, which the plugin cannot resolve ("Could not resolve manager type"); the per-language
columns are read by name (events.translated), so type checking loses nothing."""

from summit.settings import *  # noqa: F403

MODELTRANSLATION_ENABLE_REGISTRATIONS = False
# The translation-aware admin classes need the registrations: load the admin without
# autodiscovering them (the plugin reads models, not admin classes).
INSTALLED_APPS = [  # noqa: F405
    "django.contrib.admin.apps.SimpleAdminConfig" if app == "django.contrib.admin" else app
    for app in INSTALLED_APPS  # noqa: F405
]
