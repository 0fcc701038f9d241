from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Registers the tasks that services queue by name (summit/jobs.py).
        from registrations.delegation_links import add_delegation_link
        from reports import tasks  # noqa: F401

        add_delegation_link(
            label=_("The delegation's figures"), url_name="reports:delegation_dashboard"
        )
