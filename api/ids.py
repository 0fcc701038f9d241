"""A session's public id: the UUID inside its calendar UID.

sessions_app gives every session the UID "session-<uuid>@<host>" (new_session_uid), fixed at
creation. The API names a session by that UUID alone, so a client that holds a calendar entry
and one that holds an API record agree on who is who, and the host can change without the
ids changing.
"""

from __future__ import annotations

import re
import uuid

_UID = re.compile(r"^session-([0-9a-fA-F-]{36})@")


def session_public_id(uid: str) -> uuid.UUID:
    """The UUID in a session's calendar UID; ValueError for a UID not of that form."""
    match = _UID.match(uid)
    if match is None:
        raise ValueError(f"not a session UID: {uid!r}")
    return uuid.UUID(match.group(1))


def session_uid_prefix(public_id: uuid.UUID) -> str:
    """The start of the UID of the session with this public id (for `uid__startswith`)."""
    return f"session-{public_id}@"
