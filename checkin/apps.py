from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Check-in")

    def ready(self) -> None:
        # Registers the tasks that services queue by name (summit/jobs.py).
        from checkin import tasks  # noqa: F401
        from checkin.mail import badge_in_approval_mail
        from registrations.mail_additions import add_approval_mail_addition

        # The approval mail (registrations) shows the badge's QR code (checkin/mail.py).
        add_approval_mail_addition(badge_in_approval_mail)
