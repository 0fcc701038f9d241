"""The agenda lock: one event's agenda changes one writer at a time, whoever writes."""

from __future__ import annotations

from django.db import transaction

from sessions_app.models import SessionPolicy


def lock_agenda(event_id: int) -> None:
    """Lock the event's SessionPolicy row until the transaction ends (creating it if missing).

    Why: a write and the conflict check after it (the API's room clash, a publication's
    numbering) are several statements, so two transactions could each check without the
    other's uncommitted change and both write. Every service that changes what the conflicts
    read (a session's time, room, status or people) or publishes takes this lock first, so
    each waits for the previous writer to commit and, at READ COMMITTED, then sees its change.
    Other events are not held up. Always taken before any session row lock (lock_session), so
    two writers never wait on each other in opposite orders.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_agenda holds until commit: call it inside a transaction.")
    if _lock_row(event_id):
        return
    # No row yet: a concurrent insert of the same event waits on the primary key until the
    # first commits, and get_or_create then reads that row; lock it as above.
    SessionPolicy.objects.get_or_create(event_id=event_id)
    _lock_row(event_id)


def _lock_row(event_id: int) -> bool:
    rows = SessionPolicy.objects.select_for_update().filter(event_id=event_id)
    return bool(list(rows.values_list("pk", flat=True)))
