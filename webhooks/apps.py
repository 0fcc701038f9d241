from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # Registers the tasks that services queue by name (summit/jobs.py), and listens to what
        # the apps below announce (webhooks/receivers.py).
        from webhooks import receivers, tasks  # noqa: F401
