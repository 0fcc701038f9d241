"""A person's accepted meetings as items of their "My agenda" and personal feed
(sessions_app.agenda_items): registered in MeetingsConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from meetings import ical
from meetings.models import MeetingRequest
from sessions_app.agenda_items import PersonalItem


def personal_meetings(user_id: int) -> list[PersonalItem]:
    """The accepted meetings the person takes part in (one query). Confidential ones too:
    this is their own agenda, seen by them alone."""
    meetings = (
        MeetingRequest.objects.accepted()
        .filter(participants__registration__user_id=user_id)
        .select_related("event__venue", "requester__city", "recipient__city", "slot", "room")
        .distinct()
    )
    return [_item(meeting) for meeting in meetings]


def _item(meeting: MeetingRequest) -> PersonalItem:
    assert meeting.slot is not None
    return PersonalItem(
        uid=meeting.uid,
        sequence=meeting.sequence,
        title=ical.title(meeting),
        kind=_("Bilateral meeting"),
        starts_at=meeting.slot.starts_at,
        ends_at=meeting.slot.ends_at,
        time_zone=meeting.event.time_zone,
        where=ical.where(meeting),
        description=ical.description(meeting),
        url=reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk}),
        updated_at=meeting.updated_at,
        event_id=meeting.event_id,
        event_name=meeting.event.name,
        event_slug=meeting.event.slug,
    )
