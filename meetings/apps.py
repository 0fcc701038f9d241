from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Bilateral meetings")

    def ready(self) -> None:
        from meetings import tasks  # noqa: F401  (registers the tasks queued by name)
        from meetings.agenda import personal_meetings
        from meetings.clashes import session_clashes
        from meetings.models import MeetingParticipant, MeetingRequest, MeetingRoom, MeetingSlot
        from registrations.delegation_links import add_delegation_link
        from registrations.organizer_links import add_organizer_link
        from registrations.signals import registration_ended
        from sessions_app.agenda_items import add_personal_items
        from sessions_app.builder_warnings import add_builder_warnings
        from summit import cache

        # The personal feed and "My agenda" show a person's accepted meetings (issue #17).
        add_personal_items(personal_meetings, depends_on="meetings")
        # The builder warns of accepted meetings a later session move clashes with.
        add_builder_warnings(session_clashes)
        add_organizer_link(label=_("Bilateral meetings"), url_name="meetings:event_meetings")
        add_delegation_link(label=_("Bilateral meetings"), url_name="meetings:delegation_meetings")
        registration_ended.connect(_left, dispatch_uid="meetings-leave")
        cache.watch("meetings", MeetingRequest, MeetingParticipant, MeetingRoom, MeetingSlot)


def _left(*, registration: object, **_: object) -> None:
    """Receiver of registrations' registration_ended: the person leaves their meetings."""
    from meetings.services.leaving import leave_meetings
    from registrations.models import Registration

    assert isinstance(registration, Registration)
    leave_meetings(registration=registration)
