"""Delegates' places in sessions: sign up (or join the waiting list), withdraw, and give up
every place when a registration ends. Each claim or release of a seat locks the session row
first (services.lock_session); a freed seat goes to the waiting list (services.promote_waitlist).
Refusals raise services.SessionError.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import CityMembership, Event
from registrations.models import Registration
from sessions_app.agenda_items import personal_items
from sessions_app.emails import send_signup_mail, send_withdrawal_mail
from sessions_app.models import Session, SessionPolicy, Signup
from sessions_app.services import SessionError, lock_session, promote_waitlist
from sessions_app.templatetags.session_tags import local_time, session_time


@transaction.atomic
def sign_up(
    *, session: Session, user: User, confirm_clash: bool = False, now: dt.datetime | None = None
) -> Signup:
    """Sign an approved delegate of the event up for a session, or put them on its waiting
    list when it is full, and mail them which.

    Refuses (SessionError): not_published, cancelled, closed (the event's sign-up deadline
    before the start), not_approved, audience_office, audience_network, already_signed_up,
    and clash (overlaps a session they chose or another item of their agenda, such as an
    accepted bilateral meeting; confirm_clash=True signs up anyway).
    """
    session = lock_session(session.pk)
    _check_open(session, now or timezone.now())
    registration = _approved_registration(session, user)
    _check_audience(session, registration)
    mine = Signup.objects.filter(session=session, user=user)
    if mine.active().exists():
        raise SessionError("already_signed_up", _("You have already chosen this session."))
    if not confirm_clash:
        _check_clash(session, user)
    seated = session.signups.seated().count() < session.effective_capacity
    previous = mine.aggregate(n=Max("personal_sequence"))["n"]
    signup = Signup.objects.create(
        session=session,
        user=user,
        status=Signup.Status.SIGNED_UP if seated else Signup.Status.WAITLISTED,
        personal_sequence=0 if previous is None else previous + 1,
    )
    send_signup_mail(signup, "signed_up" if seated else "waitlisted")
    return signup


@transaction.atomic
def withdraw(*, signup: Signup) -> Signup:
    """Withdraw from a session or its waiting list, and mail them (with a CANCEL for a seat
    given up). A freed seat goes to the first on the waiting list, who is mailed. Bumps the
    personal calendar sequence, so the CANCEL outranks their invite."""
    session = lock_session(signup.session_id)
    # Read after the lock: a promotion may have seated this sign-up meanwhile.
    signup = Signup.objects.select_related("user").get(pk=signup.pk)
    if not signup.is_active:
        raise SessionError("not_active", _("You are not signed up for this session."))
    held_seat = signup.status == Signup.Status.SIGNED_UP
    signup.status = Signup.Status.WITHDRAWN
    signup.personal_sequence += 1
    signup.save(update_fields=["status", "personal_sequence", "updated_at"])
    signup.session = session
    send_withdrawal_mail(signup, seated=held_seat)
    if held_seat:
        promote_waitlist(session)
    return signup


@transaction.atomic
def withdraw_from_event(*, user: User, event: Event) -> list[Signup]:
    """Give up every place a person holds at an event's sessions, because their registration
    ended (cancelled or declined). Each withdrawal mails and promotes as usual; sessions are
    locked in id order, the same order for every caller."""
    signups = Signup.objects.active().filter(user=user, session__event=event).order_by("session")
    return [withdraw(signup=signup) for signup in signups]


def withdraw_ended_registration(*, registration: Registration, **_: object) -> None:
    """Receiver of registrations' registration_ended (connected in SessionsAppConfig.ready)."""
    withdraw_from_event(user=registration.user, event=registration.event)


def _check_open(session: Session, now: dt.datetime) -> None:
    if session.is_cancelled:
        raise SessionError("cancelled", _("This session was cancelled."))
    if session.status != Session.Status.PUBLISHED:
        raise SessionError("not_published", _("This session is not open for sign-up."))
    closes_at = session.starts_at - SessionPolicy.for_event(session.event).signup_closes_before
    if now >= closes_at:
        when = local_time(closes_at, session.time_zone)
        raise SessionError(
            "closed", _("Sign-up for this session closed on %(when)s.") % {"when": when}
        )


def _approved_registration(session: Session, user: User) -> Registration:
    registration = (
        Registration.objects.filter(
            event_id=session.event_id, user=user, status=Registration.Status.APPROVED
        )
        .select_related("city")
        .first()
    )
    if registration is None:
        raise SessionError(
            "not_approved",
            _("Only approved delegates of %(event)s can sign up for its sessions.")
            % {"event": session.event.name},
        )
    return registration


def _check_audience(session: Session, registration: Registration) -> None:
    if session.audience == Session.Audience.OFFICES:
        if registration.office not in session.audience_offices:
            offices = ", ".join(
                str(Registration.Office(code).label) for code in session.audience_offices
            )
            raise SessionError(
                "audience_office",
                _("This session is open only to: %(offices)s.") % {"offices": offices},
            )
    elif session.audience == Session.Audience.NETWORK_MEMBERS:
        is_member = CityMembership.objects.filter(
            city_id=registration.city_id,
            network=session.audience_network,
            status=CityMembership.Status.MEMBER,
        ).exists()
        if not is_member:
            raise SessionError(
                "audience_network",
                _("This session is open only to member cities of %(network)s.")
                % {"network": session.audience_network},
            )


def _check_clash(session: Session, user: User) -> None:
    clash = (
        Signup.objects.active()
        .filter(user=user, session__starts_at__lt=session.ends_at)
        .filter(session__ends_at__gt=session.starts_at)
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session__room__venue")
        .order_by("session__starts_at")
        .first()
    )
    if clash is not None:
        other = clash.session
        raise SessionError(
            "clash",
            _("This overlaps “%(title)s” (%(when)s), which you have already chosen.")
            % {
                "title": other.title,
                "when": session_time(other.starts_at, other.ends_at, other.time_zone),
            },
        )
    # What apps above add to the person's agenda (sessions_app.agenda_items): their meetings.
    for item in personal_items(user.pk):
        if item.starts_at < session.ends_at and item.ends_at > session.starts_at:
            raise SessionError(
                "clash",
                _("This overlaps “%(title)s” (%(when)s), which is in your agenda.")
                % {
                    "title": item.title,
                    "when": session_time(item.starts_at, item.ends_at, item.time_zone),
                },
            )
