from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Registers the tasks that services queue by name (summit/jobs.py).
        from demo.load import add_demo_loader
        from privacy import tasks  # noqa: F401
        from privacy.consents import notice_for_form, record_answers
        from privacy.demo import load_privacy_notice
        from privacy.middleware import ask_at_sign_in
        from registrations.consent import set_notice_reader
        from registrations.signals import consent_answered

        # The registration pages show the event's notice and tell what was agreed to
        # (registrations/consent.py); a new notice version is asked at the next sign-in.
        set_notice_reader(notice_for_form)
        consent_answered.connect(record_answers, dispatch_uid="privacy.record_answers")
        user_logged_in.connect(ask_at_sign_in, dispatch_uid="privacy.ask_at_sign_in")
        add_demo_loader(load_privacy_notice)
