from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = _("Schedule exports")

    def ready(self) -> None:
        # The agenda page links to the exports through sessions_app's hook: sessions_app sits
        # below this app and cannot name its URLs (docs/ARCHITECTURE.md).
        from sessions_app.agenda_links import add_agenda_link

        add_agenda_link(label=_("Schedule for apps (XML)"), url_name="schedules:schedule_xml")
        add_agenda_link(label=_("Schedule for apps (JSON)"), url_name="schedules:schedule_json")
