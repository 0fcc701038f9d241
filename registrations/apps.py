from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        # What the organizers' cached registrations list shows (summit/cache.py): a change to
        # any of these models makes it render afresh.
        from accounts.models import User
        from events.links import add_register_link
        from events.models import City, CityMembership, Event, Network, Venue
        from outbox.services import register_writer
        from registrations.emails import TRANSITION_WRITER, write_transition_mail
        from registrations.models import Registration
        from summit import cache

        # Registration mails are written when they are sent (registrations/emails.py).
        register_writer(TRANSITION_WRITER, write_transition_mail)
        # How to register, on the event's page and card while registration is open.
        add_register_link(label=_("Register"), url_name="registrations:register")

        # And the API's (api/organizer_views.py), whose times are on the venue's clocks.
        cache.watch(
            "registrations", Registration, User, City, CityMembership, Network, Event, Venue
        )
        # The registration form's list of cities (registrations/forms.py).
        cache.watch("cities", City)
