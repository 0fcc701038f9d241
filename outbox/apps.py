from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Mail outbox")

    def ready(self) -> None:
        # Registers the tasks that services queue by name (summit/jobs.py).
        from outbox import tasks  # noqa: F401
