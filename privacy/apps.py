from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # Registers the tasks that services queue by name (summit/jobs.py).
        from privacy import tasks  # noqa: F401
