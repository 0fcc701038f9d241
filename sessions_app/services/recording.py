"""The changelog rows every change writes (SessionChange), their values as JSON."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from events.models import Network, Room
from sessions_app.models import (
    Session,
    SessionChange,
)
from sessions_app.signals import session_changed


def record_change(
    session: Session,
    kind: SessionChange.Kind,
    *,
    before: dict[str, object],
    after: dict[str, object],
    by: User | None,
) -> SessionChange:
    change = SessionChange.objects.create(
        session=session,
        revision=session.revision,
        kind=kind,
        before=jsonable(before),
        after=jsonable(after),
        changed_by=by,
        is_public=session.is_public,
    )
    session_changed.send(sender=SessionChange, change=change)
    return change


def snapshot(session: Session) -> dict[str, object]:
    return {
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": session.room,
    }


def jsonable(values: dict[str, object]) -> dict[str, object]:
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
