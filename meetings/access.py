"""Who may open what: the two coordinators and the organizers act on a meeting; its
participants see it; everyone else gets 404 (a guessed id tells nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.roles import is_organizer
from events.models import Event
from meetings.models import MeetingRequest
from registrations.access import current_user
from registrations.models import Delegation


@dataclass(frozen=True)
class Viewer:
    meeting: MeetingRequest
    organizer: bool
    delegation: Delegation | None  # the side the person coordinates, if any

    @property
    def may_act(self) -> bool:
        return self.organizer or self.delegation is not None

    @property
    def may_cancel(self) -> bool:
        """Organizers and either side once agreed; while open, the requester (the invited
        side declines instead)."""
        meeting = self.meeting
        if meeting.status == MeetingRequest.Status.ACCEPTED:
            return self.may_act
        if not meeting.is_open:
            return False
        own = self.delegation
        return self.organizer or (own is not None and own.pk == meeting.requester_id)

    @property
    def answering(self) -> Delegation | None:
        """The delegation this person answers for now: their own side when it is its turn;
        for organizers, whichever side is awaited."""
        meeting = self.meeting
        if not meeting.is_open:
            return None
        if self.delegation is not None:
            return (
                self.delegation if meeting.side_of(self.delegation.pk) == meeting.awaiting else None
            )
        return meeting.delegation_of(meeting.awaiting) if self.organizer else None


def get_meeting(request: HttpRequest, pk: int) -> Viewer:
    rows = MeetingRequest.objects.for_lists().select_related(
        "requester__coordinator", "recipient__coordinator"
    )
    meeting = get_object_or_404(rows, pk=pk)
    user = current_user(request)
    organizer = is_organizer(user)
    own = None
    for delegation in (meeting.requester, meeting.recipient):
        if delegation.coordinator_id == user.pk:
            own = delegation
    if organizer or own is not None:
        return Viewer(meeting, organizer, own)
    if meeting.participants.filter(registration__user=user).exists():
        return Viewer(meeting, False, None)
    raise Http404


def get_acting(request: HttpRequest, pk: int) -> Viewer:
    """A meeting the person may act on (a POST): 404 for strangers, 403 for participants."""
    viewer = get_meeting(request, pk)
    if not viewer.may_act:
        raise PermissionDenied
    return viewer


def get_event_for_organizer(request: HttpRequest, slug: str) -> Event:
    if not is_organizer(request.user):
        raise PermissionDenied
    return get_object_or_404(Event.objects.select_related("venue"), slug=slug)
