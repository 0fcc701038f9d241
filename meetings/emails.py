"""The mails of meetings, through the outbox: a notice to a coordinator at each step, and a
calendar invite (REQUEST or CANCEL) to each participant of an accepted meeting. Each in the
recipient's language; each idempotent by its key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.languages import mail_language
from events.ical import Method
from meetings import ical
from outbox.models import OutboundMail
from outbox.services import render_mail

if TYPE_CHECKING:
    from accounts.models import User
    from meetings.models import MeetingChange, MeetingRequest
    from registrations.models import Delegation


def meeting_url(meeting: MeetingRequest) -> str:
    return settings.SITE_URL + reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk})


def send_notice(
    meeting: MeetingRequest, change: MeetingChange, delegation: Delegation
) -> OutboundMail | None:
    """Tell a delegation's coordinator about one step (a history line); once per line."""
    coordinator = delegation.coordinator
    if coordinator is None:
        return None
    other = meeting.recipient if delegation.pk == meeting.requester_id else meeting.requester
    context: dict[str, object] = {
        "meeting": meeting,
        "change": change,
        "kind": change.kind,
        "name": str(coordinator),
        "other_city": other.city.name,
        "event": meeting.event,
        "slots": list(meeting.proposed_slots.all()),
        "meeting_url": meeting_url(meeting),
    }
    language = mail_language(to=coordinator.email, preference=coordinator.language)
    key = f"meeting:{meeting.pk}:change:{change.pk}:to:{coordinator.pk}"
    return render_mail("meeting_notice", context, to=coordinator.email, key=key, language=language)


def send_invite(
    meeting: MeetingRequest, user: User, *, method: Method | None = None
) -> OutboundMail:
    """One participant's calendar invite for the meeting as it is now: REQUEST while it is
    on, CANCEL once it is off (or for one who left it). Once per participant and SEQUENCE."""
    if method is None:
        method = "REQUEST" if meeting.status == "accepted" else "CANCEL"
    language = mail_language(to=user.email, preference=user.language)
    url = meeting_url(meeting)
    with translation.override(language):
        calendar = ical.meeting_invite(
            meeting, user, method=method, organizer=settings.SUMMIT_ORGANIZER_EMAIL, url=url
        )
    ics = calendar.to_ical().decode()
    context: dict[str, object] = {
        "meeting": meeting,
        "name": str(user),
        "cancelled": method == "CANCEL",
        "event": meeting.event,
        "venue": meeting.event.venue,
        "meeting_url": url,
    }
    key = f"meeting:{meeting.pk}:seq:{meeting.sequence}:user:{user.pk}:{method}"
    return render_mail(
        "meeting_invite",
        context,
        to=user.email,
        key=key,
        language=language,
        alternatives=[{"content": ics, "mimetype": f"text/calendar; method={method}"}],
        attachments=[{"filename": "invite.ics", "content": ics, "mimetype": "application/ics"}],
    )
