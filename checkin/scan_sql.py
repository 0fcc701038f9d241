"""The badge scan's hot path on PostgreSQL: two statements instead of the ORM's five.

services.check_in is the reference (and SQLite's path); this gives the same record and the same
answer for every outcome (tests/checkin/test_scan_sql.py runs each through both):

1. the list with its event and session, whether this person may check in there (the rules of
   services.may_check_in), the badge and its person, and the lock on the person's
   registration row, with its status read under the lock;
2. after the lock, in a new snapshot (READ COMMITTED): this nonce's record, the person's last
   valid record here, and the insert of the new record with its result.

The lock has to be taken in a statement of its own: a statement's snapshot is taken when it
starts, so a read in the statement that waited for the lock would not see the record the scan
before it committed, and two devices would both check the person in.

The record is inserted without Model.save(), so no post_save is sent: nothing listens to
Checkin's (summit.cache watches no check-in model). Rare outcomes (a nonce sent again, or two
scans of nobody with one nonce at once) read the first record with the ORM, as
services.check_in does.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from accounts.models import User
from checkin import results, services, tokens
from checkin.models import Badge, Checkin, CheckinList
from events.models import City, Event, Venue
from registrations.models import Delegation, Registration
from sessions_app.models import Session

Result = Checkin.Result
M = TypeVar("M", bound=Model)


def available() -> bool:
    return connection.vendor == "postgresql"


# The columns of the list's event, venue and session are named in the Python code that reads
# them (_list_from_row); {titles}: the session's title in the active language and its
# fallbacks, as modeltranslation resolves it.
LOCK_SQL = """
WITH list AS (
    SELECT l.id, l.event_id, l.session_id, e.name AS event_name, e.venue_id, v.time_zone,
           {titles},
           (%(superuser)s::boolean
            OR (%(active)s::boolean AND EXISTS (
                SELECT 1 FROM auth_permission p
                JOIN django_content_type ct ON ct.id = p.content_type_id
                WHERE ct.app_label = 'events' AND p.codename = 'change_event'
                  AND (EXISTS (SELECT 1 FROM accounts_user_user_permissions up
                               WHERE up.permission_id = p.id AND up.user_id = %(user)s)
                       OR EXISTS (SELECT 1 FROM auth_group_permissions gp
                                  JOIN accounts_user_groups ug ON ug.group_id = gp.group_id
                                  WHERE gp.permission_id = p.id AND ug.user_id = %(user)s))))
            OR EXISTS (SELECT 1 FROM checkin_checkinstaff cs
                       WHERE cs.event_id = l.event_id AND cs.user_id = %(user)s)) AS allowed
    FROM checkin_checkinlist l
    JOIN events_event e ON e.id = l.event_id
    JOIN events_venue v ON v.id = e.venue_id
    LEFT JOIN sessions_app_session s ON s.id = l.session_id
    WHERE l.id = %(list)s AND e.slug = %(slug)s
),
locked AS (
    SELECT r.id, r.status FROM registrations_registration r
    WHERE r.id = (SELECT registration_id FROM checkin_badge WHERE code = %(code)s::varchar)
      AND (SELECT allowed FROM list)
    FOR UPDATE
)
SELECT list.*, b.id, b.revoked_at, r.id, r.event_id, r.user_id, locked.status, r.badge_name,
       r.office, r.city_id, c.name, r.delegation_id, d.city_id, dc.name,
       EXISTS (SELECT 1 FROM sessions_app_sessionperson sp
               WHERE sp.session_id = list.session_id AND sp.user_id = r.user_id),
       (SELECT su.status FROM sessions_app_signup su
        WHERE su.session_id = list.session_id AND su.user_id = r.user_id
          AND su.status IN ('signed_up', 'waitlisted') LIMIT 1)
FROM list
LEFT JOIN checkin_badge b ON b.code = %(code)s::varchar AND list.allowed
LEFT JOIN locked ON locked.id = b.registration_id
LEFT JOIN registrations_registration r ON r.id = locked.id
LEFT JOIN events_city c ON c.id = r.city_id
LEFT JOIN registrations_delegation d ON d.id = r.delegation_id
LEFT JOIN events_city dc ON dc.id = d.city_id
"""

# services._presence in SQL: a person is in after a valid entry, until a valid exit.
RECORD_SQL = """
WITH known AS (
    SELECT id FROM checkin_checkin WHERE checkin_list_id = %(list)s AND nonce = %(nonce)s
),
last AS (
    SELECT c.id, c.direction, c.created_at, u.id AS staff_id, u.first_name, u.last_name, u.email
    FROM checkin_checkin c LEFT JOIN accounts_user u ON u.id = c.staff_id
    WHERE c.checkin_list_id = %(list)s AND c.registration_id = %(registration)s
      AND c.result = 'valid'
    ORDER BY c.created_at DESC, c.id DESC LIMIT 1
),
decided AS (
    SELECT CASE
        WHEN %(refusal)s::varchar IS NOT NULL THEN %(refusal)s::varchar
        WHEN %(direction)s::varchar = 'entry' THEN
            CASE WHEN last.direction = 'entry' THEN 'already_in' ELSE 'valid' END
        ELSE CASE WHEN last.direction = 'entry' THEN 'valid' ELSE 'not_in' END
    END AS result
    FROM (SELECT 1) one LEFT JOIN last ON true
),
inserted AS (
    INSERT INTO checkin_checkin (checkin_list_id, registration_id, badge_id, staff_id, device,
        nonce, direction, method, result, previous_id, scanned_at, created_at)
    SELECT %(list)s::bigint, %(registration)s::bigint, %(badge)s::bigint, %(staff)s::bigint,
        %(device)s::varchar, %(nonce)s::varchar, %(direction)s::varchar, 'scan', decided.result,
        CASE WHEN decided.result = 'already_in' THEN (SELECT id FROM last) END,
        %(scanned_at)s::timestamptz, %(created_at)s::timestamptz
    FROM decided WHERE NOT EXISTS (SELECT 1 FROM known)
    ON CONFLICT (checkin_list_id, nonce) DO NOTHING
    RETURNING id, result, previous_id
)
SELECT (SELECT id FROM known), inserted.id, inserted.result, inserted.previous_id,
       last.created_at, last.staff_id, last.first_name, last.last_name, last.email
FROM (SELECT 1) one LEFT JOIN inserted ON true LEFT JOIN last ON true
"""


def scan_badge(
    *,
    slug: str,
    pk: int,
    staff: User,
    nonce: str,
    payload: str,
    device: str = "",
    direction: str = Checkin.Direction.ENTRY,
    scanned_at: dt.datetime | None = None,
) -> dict[str, Any] | None:
    """services.check_in of a scanned payload, answered as results.describe answers it; None
    when the event has no such list or `staff` may not check in there (nothing is written or
    locked: the caller answers 404 or 403 as checkin.access does)."""
    with transaction.atomic():
        return _scan(slug, pk, staff, nonce, payload, device, direction, scanned_at)


def _scan(
    slug: str,
    pk: int,
    staff: User,
    nonce: str,
    payload: str,
    device: str,
    direction: str,
    scanned_at: dt.datetime | None,
) -> dict[str, Any] | None:
    languages = resolution_order(get_language())
    titles = [build_localized_fieldname("title", lang) for lang in languages]
    lock_sql = LOCK_SQL.format(titles=", ".join(f"s.{title}" for title in titles))
    params = {
        "superuser": staff.is_active and staff.is_superuser,
        "active": staff.is_active,
        "user": staff.pk,
        "list": pk,
        "slug": slug,
        "code": tokens.code_from(payload),
    }
    with _prepared_cursor() as cursor:
        cursor.execute(lock_sql, params)
        row = cursor.fetchone()
        if row is None or not row[6 + len(titles)]:
            return None
        checkin_list, rest = _list_from_row(row, titles)
        badge, registration, refusal = _person_from_row(checkin_list, rest)
        created_at = timezone.now()
        cursor.execute(
            RECORD_SQL,
            {
                "list": checkin_list.pk,
                "nonce": nonce,
                "registration": registration.pk if registration else None,
                "refusal": refusal,
                "direction": direction,
                "badge": badge.pk if badge else None,
                "staff": staff.pk,
                "device": device[:64],
                "scanned_at": scanned_at,
                "created_at": created_at,
            },
        )
        known, new, result, previous_id, *last = cursor.fetchone()
    if new is None:
        return results.describe(_first_record(checkin_list, registration, nonce, known))
    record = _load(
        Checkin,
        id=new,
        device=device[:64],
        nonce=nonce,
        direction=direction,
        method=Checkin.Method.SCAN,
        result=result,
        scanned_at=scanned_at,
        created_at=created_at,
    )
    record.checkin_list, record.registration, record.badge = checkin_list, registration, badge
    record.staff = staff
    record.previous = _previous(previous_id, last)
    return results.describe(record)


def _list_from_row(row: tuple[Any, ...], titles: list[str]) -> tuple[CheckinList, tuple[Any, ...]]:
    list_id, event_id, session_id, event_name, venue_id, time_zone = row[:6]
    event = _load(Event, id=event_id, name=event_name, venue_id=venue_id)
    event.venue = _load(Venue, id=venue_id, time_zone=time_zone)
    checkin_list = _load(CheckinList, id=list_id, event_id=event_id, session_id=session_id)
    checkin_list.event = event
    values = list(row[6 : 6 + len(titles)])
    checkin_list.session = (
        _load(Session, id=session_id, **dict(zip(titles, values, strict=True)))
        if session_id is not None
        else None
    )
    return checkin_list, row[7 + len(titles) :]


def _person_from_row(
    checkin_list: CheckinList, row: tuple[Any, ...]
) -> tuple[Badge | None, Registration | None, str | None]:
    """The badge, its person (with the status read under the lock), and the result decided
    before the presence: services._check_in's order of checks."""
    badge_id, revoked_at, registration_id, *person = row
    if badge_id is None:
        return None, None, Result.UNKNOWN
    event_id, user_id, status, name, office, city_id, city, delegation_id, d_city_id, d_city = (
        person[:10]
    )
    is_person, signup_status = person[10:]
    registration = _load(
        Registration,
        id=registration_id,
        event_id=event_id,
        user_id=user_id,
        status=status,
        badge_name=name,
        office=office,
        city_id=city_id,
    )
    registration.delegation_id = delegation_id
    registration.city = _load(City, id=city_id, name=city)
    delegation = _load(Delegation, id=delegation_id, city_id=d_city_id)
    delegation.city = _load(City, id=d_city_id, name=d_city)
    registration.delegation = delegation
    badge = _load(Badge, id=badge_id, revoked_at=revoked_at, registration_id=registration_id)
    badge.registration = registration
    if not badge.is_live:
        return badge, registration, Result.REVOKED
    refusal = services.refusal(checkin_list, registration)
    if refusal is None and checkin_list.session_id is not None:
        refusal = services.session_refusal(is_person, signup_status)
    return badge, registration, refusal


def _previous(previous_id: int | None, last: list[Any]) -> Checkin | None:
    if previous_id is None:
        return None
    created_at, staff_id, first_name, last_name, email = last
    previous = _load(Checkin, id=previous_id, created_at=created_at)
    previous.staff = (
        _load(User, id=staff_id, first_name=first_name, last_name=last_name, email=email)
        if staff_id is not None
        else None
    )
    return previous


def _first_record(
    checkin_list: CheckinList, registration: Registration | None, nonce: str, known: int | None
) -> Checkin:
    """The record this list already has with `nonce`, answered as services.check_in answers a
    repeated scan: with the list and person this scan read."""
    if known is None:  # a scan of nobody with this nonce committed while this one ran
        return Checkin.objects.get(checkin_list=checkin_list.pk, nonce=nonce)
    record = Checkin.objects.select_related("staff", "previous__staff").get(pk=known)
    record.checkin_list = checkin_list
    if registration is not None and record.registration_id == registration.pk:
        record.registration = registration
    return record


def _load(model: type[M], **values: Any) -> M:
    """An instance of `model` as the ORM makes one from a row of some of its columns."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _prepared_cursor() -> Any:
    """A cursor whose statements PostgreSQL plans once per connection: psycopg prepares them
    (planning the lock statement costs 1.2 ms of the server's CPU, running it 0.2 ms). Wrapped
    as connection.cursor() wraps Django's own cursors, so that execute wrappers and the query
    log (django_assert_num_queries) see its statements."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _prepared_cursor_class()(connection.connection)
        return connection._prepare_cursor(cursor)  # type: ignore[attr-defined]


@functools.cache
def _prepared_cursor_class() -> type:
    # Imported here: the PostgreSQL backend's module needs psycopg, which SQLite does not.
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]
        ServerBindingCursor,
    )

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            # Django turns psycopg's prepared statements off (a threshold of None), which its
            # client-side binding cursors never use anyway: on for this statement only.
            threshold = self.connection.prepare_threshold
            self.connection.prepare_threshold = sys.maxsize if threshold is None else threshold
            try:
                return super().execute(query, params, prepare=True)
            finally:
                self.connection.prepare_threshold = threshold

    return PreparedCursor
