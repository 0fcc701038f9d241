"""A delegate whose registration ends (cancelled, declined) leaves their meetings."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from meetings import emails
from meetings.models import MeetingChange, MeetingParticipant, MeetingRequest
from meetings.services import common
from meetings.services.exchange import cancel_meeting
from registrations.models import Registration

Status = MeetingRequest.Status
LIVE = (Status.PENDING, Status.COUNTER_PROPOSED, Status.ACCEPTED)


@transaction.atomic
def leave_meetings(*, registration: Registration) -> int:
    """Take the person out of their open requests and agreed meetings; returns how many.

    A meeting goes on without them while their side has someone else: an agreed one sends
    them a CANCEL for their calendar copy and the others an update (SEQUENCE goes up). A side
    left with nobody calls the meeting off, as a cancellation by the organizers would (they
    stay listed, so their CANCEL reaches them too). Runs in the registration's transaction
    (registrations' registration_ended), under the delegations' locks like every meeting step.
    """
    places = MeetingParticipant.objects.filter(registration=registration, meeting__status__in=LIVE)
    count = 0
    for place in list(places.select_related("meeting__requester", "meeting__recipient")):
        meeting = place.meeting
        common.lock_delegations(meeting.requester, meeting.recipient)
        meeting = common.lock_meeting(meeting)
        others = meeting.participants.filter(side=place.side).exclude(pk=place.pk)
        note = _("%(name)s no longer takes part.") % {"name": registration.badge_name}
        if not others.exists():
            cancel_meeting(meeting=meeting, delegation=None, by=None, note=note)
        else:
            _go_on_without(meeting, place, note)
        count += 1
    return count


def _go_on_without(meeting: MeetingRequest, place: MeetingParticipant, note: str) -> None:
    if meeting.status == Status.ACCEPTED:
        meeting.sequence += 1
        meeting.save()
        emails.send_invite(meeting, place.registration.user, method="CANCEL")
        common.invite_on_commit(meeting)
    place.delete()
    common.record(meeting, MeetingChange.Kind.LEFT, by=None, note=note)
