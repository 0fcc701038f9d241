from __future__ import annotations

import uuid

import pytest

from api.ids import session_public_id, session_uid_prefix
from sessions_app.models import session_uuid


def test_public_id_is_the_uuid_in_the_calendar_uid() -> None:
    uid = "session-6425d685-b264-4caa-b260-b7e9cc725211@summit.example.org"
    assert session_public_id(uid) == uuid.UUID("6425d685-b264-4caa-b260-b7e9cc725211")


def test_prefix_finds_the_uid_back() -> None:
    public_id = uuid.uuid4()
    uid = f"session-{public_id}@127.0.0.1"
    assert uid.startswith(session_uid_prefix(session_public_id(uid)))


@pytest.mark.parametrize(
    "uid",
    [
        "session-6425d685-b264-4caa-b260-b7e9cc725211@summit.example.org",
        "session-bench-0001@127.0.0.1",
        "imported@elsewhere",
    ],
)
def test_public_id_is_the_exports_guid(uid: str) -> None:
    """The API's id and schedule.json's guid are one identity (sessions_app.session_uuid)."""
    assert session_public_id(uid) == session_uuid(uid)
    assert session_public_id(uid) == session_public_id(uid)  # stable
