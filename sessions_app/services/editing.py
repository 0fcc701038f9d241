"""Creating and changing sessions: the one update_session, its named forms (move, cancel), and
duplicating; times checked in UTC, slugs kept unique."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import TypedDict, Unpack

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import Event, Network, Room
from events.translated import ORIGINAL, translation_fields
from sessions_app.emails import enqueue_change_mails
from sessions_app.models import (
    NOTIFYING_KINDS,
    Session,
    SessionChange,
    SessionPerson,
    Theme,
)
from sessions_app.services.agenda_lock import lock_agenda
from sessions_app.services.people import Billing, people_rows, rebill
from sessions_app.services.recording import record_change
from sessions_app.services.seats import SessionError, lock_session, promote_waitlist

Kind = SessionChange.Kind
# Foreign keys and M2M are checked by the services: skip full_clean's query per key.
KEYS = ["event", "room", "audience_network", "themes"]


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
    # Title and description in the other site languages, by column ("title_da": "…"); an
    # empty one falls back to the original (issue #18).
    translations: dict[str, str]


class SessionChanges(SessionDetails, total=False):
    title: str
    room: Room
    starts_at: dt.datetime
    ends_at: dt.datetime


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
    Takes the event's agenda lock (lock_agenda) first.
    """
    lock_agenda(event.pk)
    themes, people = details.pop("themes", []), details.pop("people", ())
    translated = checked_translations(details.pop("translations", {}))
    with translation.override(ORIGINAL):  # `title` is the original whoever writes it
        session = Session(
            event=event, title=title, room=room, starts_at=starts_at, ends_at=ends_at, **details
        )
    for column, text in translated.items():
        setattr(session, column, text)
    session.slug = session.slug or free_slug(event, title)
    validate_session(session)
    save_session(session)
    session.themes.set(themes)
    SessionPerson.objects.bulk_create(people_rows(session, people))
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

    Locks the event's agenda (lock_agenda), then the session's row: that order everywhere.
    """
    lock_agenda(session.event_id)
    return _update_locked(lock_session(session.pk), by=by, cancel=cancel, **changes)


def _update_locked(
    session: Session, *, by: User | None, cancel: bool, **changes: Unpack[SessionChanges]
) -> Session:
    """update_session's work on the session as locked: see there."""
    if session.is_cancelled:
        raise SessionError("cancelled", _("A cancelled session cannot be changed."))
    themes, people = changes.pop("themes", None), changes.pop("people", None)
    translated = checked_translations(changes.pop("translations", {}))
    before, after = apply_changes(session, {**changes, **translated})
    if themes is not None:
        retheme(session, themes, before, after)
    if people is not None:
        rebill(session, people, before, after)
    if cancel:
        before["status"], after["status"] = session.status, Session.Status.CANCELLED
        session.status = Session.Status.CANCELLED
    if not after:
        return session
    validate_session(session)
    kind = kind_of(after)
    if kind in NOTIFYING_KINDS:
        session.revision += 1
    save_session(session)
    record_change(session, kind, before=before, after=after, by=by)
    if kind in NOTIFYING_KINDS and session.is_public:
        transaction.on_commit(partial(enqueue_change_mails, session.pk, session.revision))
    if not cancel and {"room", "capacity"} & after.keys():
        promote_waitlist(session)
    return session


@transaction.atomic
def move_session(
    *,
    session: Session,
    starts_at: dt.datetime,
    by: User | None,
    room: Room | None = None,
    ends_at: dt.datetime | None = None,
) -> Session:
    """Move a session to another time and/or room; it keeps its room unless room is given and
    its length unless ends_at is given (a resize). See update_session.

    The room and length kept are the session's as committed once the locks are held, not as
    the caller read it: a move that waited for another writer does not undo that one's change.
    """
    lock_agenda(session.event_id)
    session = lock_session(session.pk)
    starts_at = as_utc(starts_at)
    ends_at = ends_at or starts_at + (session.ends_at - session.starts_at)
    return _update_locked(
        session,
        by=by,
        cancel=False,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room or session.room,
    )


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
    starts_at = as_utc(starts_at or session.starts_at)
    with translation.override(ORIGINAL):
        title, description = session.title, session.description
    copy = create_session(
        event=session.event,
        title=title,
        room=room or session.room,
        starts_at=starts_at,
        ends_at=starts_at + (session.ends_at - session.starts_at),
        by=by,
        description=description,
        translations={column: getattr(session, column) or "" for column in TRANSLATED_COLUMNS},
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


def apply_changes(
    session: Session, changes: dict[str, object]
) -> tuple[dict[str, object], dict[str, object]]:
    before, after = {}, {}
    with translation.override(ORIGINAL):  # `title` and `description` are the originals
        for name, value in changes.items():
            value = as_utc(value) if isinstance(value, dt.datetime) else value
            old = getattr(session, name)
            if name in TRANSLATED_COLUMNS:  # NULL and "" alike: no translation
                old = old or ""
            if old != value:
                before[name], after[name] = old, value
                setattr(session, name, value)
    return before, after


TRANSLATED_COLUMNS = frozenset(
    column for field in ("title", "description") for _code, column in translation_fields(field)
)


def checked_translations(translations: dict[str, str]) -> dict[str, str]:
    """Only the translation columns; a caller cannot reach another field this way."""
    unknown = set(translations) - TRANSLATED_COLUMNS
    if unknown:
        raise SessionError("unknown_translation", _("Unknown translation field."))
    return {column: (text or "").strip() for column, text in translations.items()}


def retheme(
    session: Session, themes: Sequence[Theme], before: dict[str, object], after: dict[str, object]
) -> None:
    current = list(session.themes.all())
    if set(themes) != set(current):
        before["themes"] = sorted(theme.slug for theme in current)
        after["themes"] = sorted(theme.slug for theme in themes)
        session.themes.set(themes)


def kind_of(after: dict[str, object]) -> SessionChange.Kind:
    if after.get("status") == Session.Status.CANCELLED:
        return Kind.CANCELLED
    if {"starts_at", "ends_at"} & after.keys():
        return Kind.MOVED
    if "room" in after:
        return Kind.ROOM_CHANGED
    return Kind.EDITED


def as_utc(value: dt.datetime) -> dt.datetime:
    """In UTC before any arithmetic: Python adds to and compares datetimes of one zone by the
    wall clock, so 90 minutes after 01:30 CEST on the night clocks go back would be wrong."""
    if not timezone.is_aware(value):
        raise SessionError("naive_time", _("Times must carry their time zone."))
    return value.astimezone(dt.UTC)


def validate_session(session: Session) -> None:
    session.starts_at, session.ends_at = as_utc(session.starts_at), as_utc(session.ends_at)
    if session.ends_at <= session.starts_at:
        raise SessionError("ends_before_start", _("A session must end after it starts."))
    if not session.room_is_at_event():
        raise SessionError("room_not_at_event", _("This room is not at one of the event's venues."))
    taken = Session.objects.filter(event_id=session.event_id, slug=session.slug)
    if taken.exclude(pk=session.pk).exists():
        raise SessionError("slug_taken", _("Another session of this event has this address."))
    session.full_clean(exclude=KEYS, validate_constraints=False)


def free_slug(event: Event, title: str) -> str:
    base = slugify(title)[:90] or "session"
    taken = set(
        Session.objects.filter(event=event, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_session(session: Session) -> None:
    # The unique constraint backs validate_session's slug check against a save at the same moment.
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as error:
        raise SessionError(
            "slug_taken", _("Another session of this event has this address.")
        ) from error
