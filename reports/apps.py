from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Registers the tasks that services queue by name (summit/jobs.py).
        from reports import tasks  # noqa: F401
