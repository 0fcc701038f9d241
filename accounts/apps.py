from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from accounts.middleware import mark_signed_out
        from accounts.roles import ensure_organizers_group, watch_roles

        watch_roles()  # is_organizer's cached answers (accounts.roles)
        post_migrate.connect(ensure_organizers_group, dispatch_uid="ensure_organizers_group")
        # Signing out clears the device's site data (accounts.middleware).
        user_logged_out.connect(mark_signed_out, dispatch_uid="clear_site_data_on_sign_out")
