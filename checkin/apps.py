from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Check-in")

    def ready(self) -> None:
        # Registers the tasks that services queue by name (summit/jobs.py).
        from django.db.backends.signals import connection_created

        from checkin import tasks  # noqa: F401
        from checkin.mail import badge_in_approval_mail
        from checkin.search import register_sqlite_function
        from registrations.mail_additions import add_approval_mail_addition
        from registrations.organizer_links import add_organizer_link
        from registrations.registration_links import add_approved_link

        add_organizer_link(label=_("Badges and check-in"), url_name="checkin:badges_page")
        add_approved_link(label=_("My badge and QR code"), url_name="checkin:my_badge")

        # The approval mail (registrations) shows the badge's QR code (checkin/mail.py).
        add_approval_mail_addition(badge_in_approval_mail)
        # Name search folds case the same on SQLite as on PostgreSQL (checkin/search.py).
        connection_created.connect(register_sqlite_function, dispatch_uid="checkin_sqlite_lower")
