from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = _("Sessions")

    def ready(self) -> None:
        # What the cached agenda, session pages and calendars show (summit/cache.py): a change
        # to any of these models makes them render afresh.
        from events.models import City, Event, Network, Room, Venue
        from sessions_app.models import (
            AgendaPublication,
            CalendarFeedToken,
            Session,
            SessionPerson,
            SessionPolicy,
            Signup,
            Theme,
        )
        from summit import cache

        cache.watch(
            "agenda",
            *(Session, Session.themes.through, SessionPerson, SessionPolicy, AgendaPublication),
            *(Theme, Event, Event.other_venues.through, Room, Venue, City, Network),
        )
        cache.watch("signups", Signup)
        # The personal feeds are cached by token; revoke_for() also tells, its update() cannot.
        cache.watch("feed-tokens", CalendarFeedToken)
