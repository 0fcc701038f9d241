"""Writes to sessions: create, change, publish; sign up, withdraw; tell the attendees.

Every change to a session goes through update_session (move_session and cancel_session are
named forms of it). It writes one SessionChange per call and bumps `revision` (the calendar
SEQUENCE) when attendees must be told: a new time, a new room, a cancellation. For a public
session the attendees are then told by a Celery task, in batches, after commit.

Seats: a service that claims or frees a seat locks the session row first (lock_session) and
counts only then, so no session is ever over capacity. Refusals raise SessionError.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TypedDict, Unpack

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import City, CityMembership, Event, Network, Room
from registrations.models import Registration
from sessions_app.emails import enqueue_change_mails, send_signup_mail, send_withdrawal_mail
from sessions_app.models import (
    NOTIFYING_KINDS,
    AgendaPublication,
    Session,
    SessionChange,
    SessionPerson,
    SessionPolicy,
    Signup,
    Theme,
)
from sessions_app.templatetags.session_tags import local_time, session_time

Kind = SessionChange.Kind
# Foreign keys and M2M are checked by the services: skip full_clean's query per key.
KEYS = ["event", "room", "audience_network", "themes"]


class SessionError(Exception):
    """A refusal to show to the person, with a stable code for views and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class SessionDetails(TypedDict, total=False):
    """The optional fields of a session, as a form's cleaned_data gives them."""

    slug: str
    description: str
    format: str
    capacity: int | None
    languages: list[str]
    join_url: str
    audience: str
    audience_offices: list[str]
    audience_network: Network | None
    themes: list[Theme]


class SessionChanges(SessionDetails, total=False):
    title: str
    room: Room
    starts_at: dt.datetime
    ends_at: dt.datetime


def lock_session(session_id: int) -> Session:
    """Lock the session's row until the transaction ends, and return it as committed now.

    Why: counting the seated sign-ups and inserting one more are two statements, so two
    transactions could both count 4 of 5 seats and both take the fifth. With the row lock each
    claim waits for the previous one to commit, and at READ COMMITTED the count after the lock
    sees that commit. Other sessions are not held up (of=self: not the room or the event).
    A capacity is no constraint the database could check for us. SQLite ignores FOR UPDATE
    but runs one writing transaction at a time anyway.

    The concurrency test replaces this function with a plain read, to show it keeps the limit.
    """
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("event__venue", "room__venue__city")
        .get(pk=session_id)
    )


# --- building the agenda ------------------------------------------------------------------------
@transaction.atomic
def create_session(
    *,
    event: Event,
    title: str,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User | None,
    **details: Unpack[SessionDetails],
) -> Session:
    """Create a draft session; the public sees it from the next publish_event_agenda.

    Conflicts (a busy room, a double-booked speaker, ...) are not refusals: the builder shows
    them from conflicts.event_conflicts. Refuses naive or reversed times and foreign rooms.
    """
    themes = details.pop("themes", [])
    session = Session(
        event=event, title=title, room=room, starts_at=starts_at, ends_at=ends_at, **details
    )
    session.slug = session.slug or _free_slug(event, title)
    _validate(session)
    _save(session)
    session.themes.set(themes)
    return session


@transaction.atomic
def update_session(
    *, session: Session, by: User | None, cancel: bool = False, **changes: Unpack[SessionChanges]
) -> Session:
    """The one way to change a session. Records one SessionChange for the call (nothing when
    nothing changed) and bumps the revision for a new time or room or a cancellation.

    For a public session such a change is mailed to its attendees after commit, in batches
    (tasks.notify_session_change). A larger capacity or room promotes from the waiting list;
    a smaller one bumps nobody. A cancelled session cannot change again: duplicate it instead,
    because calendars treat a cancelled UID as gone for good.
    """
    session = lock_session(session.pk)
    if session.is_cancelled:
        raise SessionError("cancelled", _("A cancelled session cannot be changed."))
    themes = changes.pop("themes", None)
    before, after = _apply(session, dict(changes))
    if themes is not None and set(themes) != set(session.themes.all()):
        before["themes"] = sorted(theme.slug for theme in session.themes.all())
        after["themes"] = sorted(theme.slug for theme in themes)
        session.themes.set(themes)
    if cancel:
        before["status"], after["status"] = session.status, Session.Status.CANCELLED
        session.status = Session.Status.CANCELLED
    if not after:
        return session
    _validate(session)
    kind = _kind_of(after)
    if kind in NOTIFYING_KINDS:
        session.revision += 1
    _save(session)
    _record(session, kind, before=before, after=after, by=by)
    if kind in NOTIFYING_KINDS and session.is_public:
        transaction.on_commit(partial(enqueue_change_mails, session.pk, session.revision))
    if not cancel and {"room", "capacity"} & after.keys():
        _promote(session)
    return session


def move_session(
    *,
    session: Session,
    starts_at: dt.datetime,
    room: Room,
    by: User | None,
    ends_at: dt.datetime | None = None,
) -> Session:
    """Move a session to another time and/or room; it keeps its length unless ends_at is given
    (a resize). See update_session."""
    starts_at = _utc(starts_at)
    ends_at = ends_at or starts_at + (session.ends_at - session.starts_at)
    return update_session(session=session, by=by, starts_at=starts_at, ends_at=ends_at, room=room)


def cancel_session(*, session: Session, by: User | None) -> Session:
    """Cancel a session; a public one is mailed to its attendees. See update_session."""
    return update_session(session=session, by=by, cancel=True)


@transaction.atomic
def duplicate_session(
    *,
    session: Session,
    by: User | None,
    starts_at: dt.datetime | None = None,
    room: Room | None = None,
) -> Session:
    """A new draft with the session's details, themes and people, at another time or room if
    given: a new UID and no sign-ups (a copy is a new calendar entry)."""
    starts_at = _utc(starts_at or session.starts_at)
    copy = create_session(
        event=session.event,
        title=session.title,
        room=room or session.room,
        starts_at=starts_at,
        ends_at=starts_at + (session.ends_at - session.starts_at),
        by=by,
        description=session.description,
        format=session.format,
        capacity=session.capacity,
        languages=list(session.languages),
        join_url=session.join_url,
        audience=session.audience,
        audience_offices=list(session.audience_offices),
        audience_network=session.audience_network,
        themes=list(session.themes.all()),
    )
    SessionPerson.objects.bulk_create(
        SessionPerson(
            session=copy,
            role=p.role,
            user_id=p.user_id,
            name=p.name,
            office=p.office,
            city_id=p.city_id,
            position=p.position,
        )
        for p in session.people.all()
    )
    return copy


@transaction.atomic
def add_session_person(
    *,
    session: Session,
    role: str = SessionPerson.Role.SPEAKER,
    user: User | None = None,
    name: str = "",
    office: str = "",
    city: City | None = None,
) -> SessionPerson:
    """Bill a speaker or moderator: a registered person (name, office and city are taken from
    their registration at the event unless given) or an external guest (name required)."""
    registration = (
        Registration.objects.active().filter(event_id=session.event_id, user=user).first()
        if user is not None
        else None
    )
    if registration is not None:
        name, office = name or registration.badge_name, office or registration.office
        city = city or registration.city
    name = " ".join((name or (str(user) if user else "")).split())
    if not name:
        raise SessionError("person_unnamed", _("Give the speaker's name."))
    if user is not None and session.people.filter(user=user).exists():
        raise SessionError("person_twice", _("This person is already billed for this session."))
    position = session.people.count()
    return SessionPerson.objects.create(
        session=session,
        role=role,
        user=user,
        name=name,
        office=office,
        city=city,
        position=position,
    )


@transaction.atomic
def publish_event_agenda(*, event: Event, by: User | None) -> AgendaPublication:
    """Make the event's drafts public and record one publication: the sessions it added and the
    public changes made since the previous one. Nobody is mailed: nobody had these drafts."""
    # The policy row serialises two organizers publishing at once, and numbers stay unique.
    SessionPolicy.objects.get_or_create(event=event)
    SessionPolicy.objects.select_for_update().get(event=event)
    drafts = list(
        Session.objects.filter(event=event, status=Session.Status.DRAFT)
        .select_for_update(of=("self",))
        .select_related("room__venue")
    )
    pending = SessionChange.objects.filter(
        session__event=event, is_public=True, publication__isnull=True
    )
    if not drafts and not pending.exists():
        raise SessionError("nothing_to_publish", _("There is nothing new to publish."))
    last = AgendaPublication.objects.filter(event=event).aggregate(n=Max("number"))["n"] or 0
    publication = AgendaPublication.objects.create(event=event, number=last + 1, published_by=by)
    pending.update(publication=publication)
    now = timezone.now()
    Session.objects.filter(pk__in=[s.pk for s in drafts]).update(
        status=Session.Status.PUBLISHED,
        published_at=now,
        updated_at=now,
        # Earlier revisions of a draft were never seen: nobody is owed a mail for them.
        notified_revision=F("revision"),
    )
    SessionChange.objects.bulk_create(
        SessionChange(
            session=session,
            revision=session.revision,
            kind=Kind.ADDED,
            after=_jsonable(_snapshot(session)),
            changed_by=by,
            is_public=True,
            publication=publication,
        )
        for session in drafts
    )
    return publication


# --- signing up ---------------------------------------------------------------------------------
@transaction.atomic
def sign_up(
    *, session: Session, user: User, confirm_clash: bool = False, now: dt.datetime | None = None
) -> Signup:
    """Sign an approved delegate of the event up for a session, or put them on its waiting
    list when it is full, and mail them which.

    Refuses (SessionError): not_published, cancelled, closed (the event's sign-up deadline
    before the start), not_approved, audience_office, audience_network, already_signed_up,
    and clash (overlaps a session they chose; confirm_clash=True signs up anyway).
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
        _promote(session)
    return signup


@transaction.atomic
def withdraw_from_event(*, user: User, event: Event) -> list[Signup]:
    """Give up every place a person holds at an event's sessions, because their registration
    ended (cancelled or declined). Each withdrawal mails and promotes as usual; sessions are
    locked in id order, the same order for every caller."""
    signups = Signup.objects.active().filter(user=user, session__event=event).order_by("session")
    return [withdraw(signup=signup) for signup in signups]


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


def _promote(session: Session) -> list[Signup]:
    """Seat the waiting list, first come first served, while seats are free. Needs the session
    lock. Nobody is promoted into a cancelled or already started session."""
    if session.status != Session.Status.PUBLISHED or session.starts_at <= timezone.now():
        return []
    free = session.effective_capacity - session.signups.seated().count()
    if free <= 0:
        return []
    promoted = list(session.signups.waitlist().select_related("user")[:free])
    for signup in promoted:
        signup.status = Signup.Status.SIGNED_UP
        signup.save(update_fields=["status", "updated_at"])
        signup.session = session
        send_signup_mail(signup, "promoted")
    return promoted


# --- shared steps -------------------------------------------------------------------------------
def _apply(
    session: Session, changes: dict[str, object]
) -> tuple[dict[str, object], dict[str, object]]:
    before, after = {}, {}
    for name, value in changes.items():
        value = _utc(value) if isinstance(value, dt.datetime) else value
        old = getattr(session, name)
        if old != value:
            before[name], after[name] = old, value
            setattr(session, name, value)
    return before, after


def _kind_of(after: dict[str, object]) -> SessionChange.Kind:
    if after.get("status") == Session.Status.CANCELLED:
        return Kind.CANCELLED
    if {"starts_at", "ends_at"} & after.keys():
        return Kind.MOVED
    if "room" in after:
        return Kind.ROOM_CHANGED
    return Kind.EDITED


def _utc(value: dt.datetime) -> dt.datetime:
    """In UTC before any arithmetic: Python adds to and compares datetimes of one zone by the
    wall clock, so 90 minutes after 01:30 CEST on the night clocks go back would be wrong."""
    if not timezone.is_aware(value):
        raise SessionError("naive_time", _("Times must carry their time zone."))
    return value.astimezone(dt.UTC)


def _validate(session: Session) -> None:
    session.starts_at, session.ends_at = _utc(session.starts_at), _utc(session.ends_at)
    if session.ends_at <= session.starts_at:
        raise SessionError("ends_before_start", _("A session must end after it starts."))
    if not session.room_is_at_event():
        raise SessionError("room_not_at_event", _("This room is not at one of the event's venues."))
    taken = Session.objects.filter(event_id=session.event_id, slug=session.slug)
    if taken.exclude(pk=session.pk).exists():
        raise SessionError("slug_taken", _("Another session of this event has this address."))
    session.full_clean(exclude=KEYS, validate_constraints=False)


def _free_slug(event: Event, title: str) -> str:
    base = slugify(title)[:90] or "session"
    taken = set(
        Session.objects.filter(event=event, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save(session: Session) -> None:
    # The unique constraint backs _validate's slug check against a save at the same moment.
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as error:
        raise SessionError(
            "slug_taken", _("Another session of this event has this address.")
        ) from error


def _record(
    session: Session,
    kind: SessionChange.Kind,
    *,
    before: dict[str, object],
    after: dict[str, object],
    by: User | None,
) -> SessionChange:
    return SessionChange.objects.create(
        session=session,
        revision=session.revision,
        kind=kind,
        before=_jsonable(before),
        after=_jsonable(after),
        changed_by=by,
        is_public=session.is_public,
    )


def _snapshot(session: Session) -> dict[str, object]:
    return {
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": session.room,
    }


def _jsonable(values: dict[str, object]) -> dict[str, object]:
    """Changelog values as JSON: times in ISO 8601 UTC, a room as its id, name and zone."""
    out: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, dt.datetime):
            out[name] = value.astimezone(dt.UTC).isoformat()
        elif isinstance(value, Room):
            out[name] = {"id": value.pk, "name": str(value), "time_zone": value.venue.time_zone}
        elif isinstance(value, Network):
            out[name] = {"id": value.pk, "name": value.name}
        else:
            out[name] = value
    return out
