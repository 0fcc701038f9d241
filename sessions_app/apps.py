from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = _("Sessions")

    def ready(self) -> None:
        # What the cached agenda, session pages and calendars show (summit/cache.py): a change
        # to any of these models makes them render afresh.
        from events.links import add_event_action
        from events.models import City, Event, Network, Room, Venue
        from registrations.signals import registration_ended
        from sessions_app import tasks  # noqa: F401  (registers the tasks queued by name)
        from sessions_app.models import (
            AgendaPublication,
            CalendarFeedToken,
            InterpreterBooking,
            Session,
            SessionPerson,
            SessionPolicy,
            Signup,
            Theme,
        )
        from sessions_app.signups import withdraw_ended_registration
        from summit import cache

        add_event_action(label=_("Agenda"), url_name="sessions_app:agenda")
        registration_ended.connect(withdraw_ended_registration, dispatch_uid="sessions-withdraw")

        cache.watch(
            "agenda",
            *(Session, Session.themes.through, SessionPerson, SessionPolicy, AgendaPublication),
            InterpreterBooking,  # what a session offers in interpretation (issue #18)
            *(Theme, Event, Event.other_venues.through, Room, Venue, City, Network),
        )
        cache.watch("signups", Signup)
        # The personal feeds are cached by token; revoke_for() also tells, its update() cannot.
        cache.watch("feed-tokens", CalendarFeedToken)
