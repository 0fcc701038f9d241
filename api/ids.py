"""A session's public id: the UUID inside its calendar UID.

sessions_app gives every session the UID "session-<uuid>@<host>" (new_session_uid), fixed at
creation. The API names a session by that UUID alone, so a client that holds a calendar entry,
a schedule.json guid and an API record agree on who is who, and the host can change without
the ids changing. The rule itself is sessions_app's `session_uuid` (the schedule exports use
it too): a UID of another form (the bench's "session-bench-0001@host") gets a name-based
UUID of itself. This module adds what the API needs to find a session by that id.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from sessions_app.models import Session, session_uuid

# A UID whose UUID is the one written in it; sessions_app.models.SESSION_UID says the same.
STANDARD_UID_REGEX = (
    r"^session-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}@"
)


def session_public_id(uid: str) -> uuid.UUID:
    """The UUID that stands for the session with this calendar UID."""
    return session_uuid(uid)


def session_uid_prefix(public_id: uuid.UUID) -> str:
    """The start of the UID of the session with this public id, when its UID is of the
    standard form (for `uid__startswith`)."""
    return f"session-{public_id}@"


def find_session(sessions: Any, public_id: uuid.UUID) -> Session:
    """The session of `sessions` (a queryset) with this public id, or Http404. By the UUID
    written in its UID (one indexed lookup); failing that, among the few sessions whose UID is
    of another form, whose UUID is derived from the whole UID."""
    found = sessions.filter(uid__startswith=session_uid_prefix(public_id)).first()
    if found is not None:
        return found
    others = sessions.exclude(uid__regex=STANDARD_UID_REGEX).prefetch_related(None).order_by()
    for pk, uid in others.values_list("pk", "uid").iterator():
        if session_public_id(uid) == public_id:
            return sessions.get(pk=pk)
    raise Http404
