"""Writes to sessions: create, change, publish, and tell the attendees. Signing up and
withdrawing are in sessions_app.signups, which builds on this module (the lock, the refusals,
the waiting list's promotion).

Every change to a session goes through update_session (move_session and cancel_session are
named forms of it). It writes one SessionChange per call and bumps `revision` (the calendar
SEQUENCE) when attendees must be told: a new time, a new room, a cancellation. For a public
session the attendees are then told by a Celery task, in batches, after commit.

Seats: a service that claims or frees a seat locks the session row first (lock_session) and
counts only then, so no session is ever over capacity. Refusals raise SessionError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypedDict, Unpack

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import City, Event, Network, Room
from registrations.models import Registration
from sessions_app.emails import enqueue_change_mails, send_signup_mail
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

Kind = SessionChange.Kind
# Foreign keys and M2M are checked by the services: skip full_clean's query per key.
KEYS = ["event", "room", "audience_network", "themes"]


class SessionError(Exception):
    """A refusal to show to the person, with a stable code for views and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Billing:
    """A speaker or moderator to bill: a registered person (`user`; name, office and city come
    from their registration at the event unless given) or an external guest (name required)."""

    role: str = SessionPerson.Role.SPEAKER
    user: User | None = None
    name: str = ""
    office: str = ""
    city: City | None = None


class SessionDetails(TypedDict, total=False):
    """The optional fields of a session, as a form's cleaned_data gives them; `people` in the
    order they are billed."""

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
    people: Sequence[Billing]


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
    themes, people = details.pop("themes", []), details.pop("people", ())
    session = Session(
        event=event, title=title, room=room, starts_at=starts_at, ends_at=ends_at, **details
    )
    session.slug = session.slug or _free_slug(event, title)
    _validate(session)
    _save(session)
    session.themes.set(themes)
    SessionPerson.objects.bulk_create(_people_rows(session, people))
    return session


@transaction.atomic
def update_session(
    *, session: Session, by: User | None, cancel: bool = False, **changes: Unpack[SessionChanges]
) -> Session:
    """The one way to change a session. Records one SessionChange for the call (nothing when
    nothing changed) and bumps the revision for a new time or room or a cancellation; other
    details (title, themes, people, languages, audience, join link...) are an edit.

    For a public session such a change is mailed to its attendees after commit, in batches
    (tasks.notify_session_change). A larger capacity or room promotes from the waiting list;
    a smaller one bumps nobody. A cancelled session cannot change again: duplicate it instead,
    because calendars treat a cancelled UID as gone for good.
    """
    session = lock_session(session.pk)
    if session.is_cancelled:
        raise SessionError("cancelled", _("A cancelled session cannot be changed."))
    themes, people = changes.pop("themes", None), changes.pop("people", None)
    before, after = _apply(session, dict(changes))
    if themes is not None:
        _retheme(session, themes, before, after)
    if people is not None:
        _rebill(session, people, before, after)
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
        promote_waitlist(session)
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
    """Bill one more speaker or moderator, after those billed (see Billing). Records nothing:
    the builder changes a session's people through update_session(people=...)."""
    if user is not None and session.people.filter(user=user).exists():
        raise SessionError(
            "person_twice", _("This person is already a speaker or moderator of this session.")
        )
    billing = Billing(role=role, user=user, name=name, office=office, city=city)
    [person] = _people_rows(session, [billing], first_position=session.people.count())
    person.save()
    return person


def _people_rows(
    session: Session, people: Sequence[Billing], *, first_position: int = 0
) -> list[SessionPerson]:
    """Unsaved rows for the people, positions in list order; one query for the registrations."""
    users = [person.user for person in people if person.user is not None]
    registrations = {
        registration.user_id: registration
        for registration in Registration.objects.active()
        .filter(event_id=session.event_id, user__in=users)
        .select_related("city")
    }
    if len(set(users)) < len(users):
        raise SessionError("person_twice", _("A person can be listed only once per session."))
    rows = []
    for position, person in enumerate(people, start=first_position):
        name, office, city = person.name, person.office, person.city
        registration = registrations.get(person.user.pk) if person.user else None
        if registration is not None:
            name, office = name or registration.badge_name, office or registration.office
            city = city or registration.city
        name = " ".join((name or str(person.user or "")).split())
        if not name:
            raise SessionError("person_unnamed", _("Give the speaker's name."))
        rows.append(
            SessionPerson(
                session=session,
                role=person.role,
                user=person.user,
                name=name,
                office=office,
                city=city,
                position=position,
            )
        )
    return rows


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


# --- the waiting list ---------------------------------------------------------------------------
def promote_waitlist(session: Session) -> list[Signup]:
    """Seat the waiting list, first come first served, while seats are free, and mail each
    person promoted. Needs the session lock (lock_session). Nobody is promoted into a cancelled
    or already started session. Called when a change here (room, capacity) or a withdrawal
    (sessions_app.signups) frees seats."""
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


def _retheme(
    session: Session, themes: Sequence[Theme], before: dict[str, object], after: dict[str, object]
) -> None:
    current = list(session.themes.all())
    if set(themes) != set(current):
        before["themes"] = sorted(theme.slug for theme in current)
        after["themes"] = sorted(theme.slug for theme in themes)
        session.themes.set(themes)


def _rebill(
    session: Session, people: Sequence[Billing], before: dict[str, object], after: dict[str, object]
) -> None:
    """Replace the session's people when the new list differs (who, role, office, city, order)."""
    current = list(session.people.all())
    rows = _people_rows(session, people)

    def billed(rows: list[SessionPerson]) -> list[tuple[object, ...]]:
        in_order = sorted(rows, key=lambda p: (p.role, p.position))
        return [(p.role, p.user_id, p.name, p.office, p.city_id) for p in in_order]

    if billed(rows) == billed(current):
        return
    before["people"], after["people"] = _names(current), _names(rows)
    session.people.all().delete()
    SessionPerson.objects.bulk_create(rows)


def _names(people: list[SessionPerson]) -> list[dict[str, str]]:
    in_order = sorted(people, key=lambda p: (p.role, p.position))
    return [{"name": p.name, "role": p.role} for p in in_order]


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
