"""The mail each status transition sends: one per RegistrationChange, through the outbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation

from accounts.languages import mail_language
from events import ical
from outbox.models import OutboundMail
from outbox.services import MailAttachment, WrittenMail, queue_mail_later, write_mail
from registrations.mail_additions import MailAddition, approval_mail_additions
from registrations.models import Registration, RegistrationChange, RegistrationPolicy

Status = Registration.Status

# Statuses a promotion from the waiting list can lead to.
SEATED_FROM_WAITLIST = {Status.SUBMITTED, Status.PENDING_APPROVAL, Status.APPROVED}

MAIL_FOR_NEW_STATUS = {
    Status.SUBMITTED: "received",
    Status.PENDING_APPROVAL: "pending_approval",
    Status.APPROVED: "approved",
    Status.WAITLISTED: "waitlisted",
    Status.DECLINED: "declined",
    Status.CANCELLED: "cancelled",
}


def transition_name(change: RegistrationChange) -> str | None:
    """The mail a change sends (None for an edit that kept the status).

    Leaving the waiting list is "promoted" whatever the new seat status: the promoted mail says
    whether an approval is still needed.
    """
    if not change.is_transition:
        return None
    if change.old_status == Status.WAITLISTED and change.new_status in SEATED_FROM_WAITLIST:
        return "promoted"
    return MAIL_FOR_NEW_STATUS[Status(change.new_status)]


def approval_attachments(registration: Registration) -> list[MailAttachment]:
    """The approval mail's calendar: the event's days as one all-day entry, <slug>.ics.

    Not its sessions: the delegate has chosen none yet, and each session they choose comes
    with its own invite (events.ical.event_days_calendar says why a copy would hurt).
    """
    event = registration.event
    url = settings.SITE_URL + event.get_absolute_url()
    ics = ical.to_ics(ical.event_days_calendar(event, url=url))
    return [{"filename": f"{event.slug}.ics", "content": ics, "mimetype": "application/ics"}]


def send_transition_mail(change: RegistrationChange) -> OutboundMail | None:
    """Queue the change's mail to the delegate; idempotent by the change's id.

    Call it in the transaction that wrote the change: the outbox sends after commit, and a
    second call for the same change returns the same row instead of a second mail. The mail is
    written when it is sent (write_transition_mail): the services queue it under the event's
    seat lock, where rendering it would make every other registration of the event wait.
    """
    name = transition_name(change)
    if name is None:
        return None
    registration = change.registration
    return queue_mail_later(
        key=f"registration:{registration.pk}:{name}:{change.pk}",
        to=registration.user.email,
        writer=TRANSITION_WRITER,
        args={"change": change.pk},
    )


TRANSITION_WRITER = "registration-transition"


def write_transition_mail(args: dict[str, Any]) -> WrittenMail:
    """The mail of the change args["change"], in the delegate's language (registered as the
    outbox's TRANSITION_WRITER). It tells the transition the change records; what it says
    besides (the deadline for changes, a substitute's name) is as of the moment it is sent."""
    change = RegistrationChange.objects.select_related(
        "registration__user", "registration__event__venue__city", "registration__city"
    ).get(pk=args["change"])
    name = transition_name(change)
    assert name is not None, "only transitions are queued"
    registration = change.registration
    event = registration.event
    approved = change.new_status == Status.APPROVED
    attachments = approval_attachments(registration) if approved else None
    additions = _additions(registration) if approved else []
    context: dict[str, object] = {
        "registration": registration,
        "change": change,
        "event": event,
        "venue": event.venue,
        "policy": RegistrationPolicy.for_event(event),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "additions": additions,
    }
    return write_mail(
        f"registration_{name}",
        context,
        to=registration.user.email,
        language=registration.user.language,
        attachments=attachments,
        parts=[part for addition in additions for part in addition.parts],
    )


def _additions(registration: Registration) -> list[MailAddition]:
    """What the apps above add to the approval mail (the badge's QR code), in the delegate's
    language, as of now (the mail is written when it is first sent)."""
    language = mail_language(to=registration.user.email, preference=registration.user.language)
    with translation.override(language):
        return approval_mail_additions(registration)
