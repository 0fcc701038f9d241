"""The agenda's sessions as plain rows (Listed): the columns it reads, the seat counts it
annotates, and how a row of JSON becomes a Listed. Used by sessions_app.agenda_views."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, JSONObject
from django.utils.safestring import SafeString, mark_safe

from sessions_app.models import Session, SessionQuerySet, Signup

# What the agenda reads of a session, by its key in the row's JSON object (as_json).
COLUMNS = {
    **{"pk": "pk", "format": "format", "starts_at": "starts_at", "ends_at": "ends_at"},
    **{"status": "status", "published_at": "published_at", "capacity": "capacity"},
    **{"languages": "languages", "seated": "seated", "room_id": "room_id", "room": "room__name"},
    **{"room_capacity": "room__capacity", "venue_id": "room__venue_id"},
    **{"venue": "room__venue__name", "time_zone": "room__venue__time_zone"},
}


class ThemeName(NamedTuple):
    """A theme as the agenda shows it: a Theme instance costs more to make than its row (a
    translated model's __init__)."""

    slug: str
    name: str  # in the active language, else the original


@dataclass
class Listed:
    """A session as the agenda lists it."""

    pk: int
    title: str
    format: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    signup_closes_at: dt.datetime
    cancelled: bool
    draft: bool  # never published: only organizers see it
    seats_left: int
    languages: list[str]
    room_id: int
    room: str
    venue_id: int
    venue: str
    time_zone: str
    themes: list[ThemeName] = field(default_factory=list)
    people: list[tuple[str, bool]] = field(default_factory=list)  # name, moderator or not
    interpretation: list[str] = field(default_factory=list)  # booked into (issue #18)


class AgendaRow(NamedTuple):
    """One session's row: the session, and its markup."""

    session: Listed
    clock: str  # on the venue's clocks
    html: SafeString


class DayRows(list[AgendaRow]):
    """A day's rows, with their markup joined: one template variable for the day, not one
    per row (300 variables cost the template a tenth of its time)."""

    @property
    def html(self) -> SafeString:
        return mark_safe("".join(row.html for row in self))


class RowText(JSONObject):
    """JSONObject as text, for json.loads: on PostgreSQL json_build_object (no jsonb to build,
    its keys sorted, then read back by Django's JSONField in Python); SQLite's is text."""

    # The text itself, not JSONField's value: json.loads reads it in C, at once.
    output_field = TextField()  # type: ignore[assignment,var-annotated]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = self.as_sql(compiler, connection, function="JSON_BUILD_OBJECT", **extra)
        return f"({sql})::text", params


def as_json(
    sessions: SessionQuerySet, no_policy: dt.timedelta, title: tuple[str, str]
) -> Iterable[dict[str, Any]]:
    """Each session's row as one JSON object, built by the database: psycopg decodes 20
    columns of 300 rows in Python (900 timestamps through the pure-Python time-zone loader),
    json.loads one string per row in C. `title`: the active language's column and the
    original's (the fallback done in from_json)."""
    # The moment sign-up closes, in SQL: an interval would come as PostgreSQL's text.
    closes_before = Coalesce(
        F("event__session_policy__signup_closes_before"),  # a left join: None without a policy
        Value(no_policy, output_field=DurationField()),
    )
    signup_closes_at = ExpressionWrapper(
        F("starts_at") - closes_before, output_field=DateTimeField()
    )
    columns = {key: F(path) for key, path in COLUMNS.items()}
    row = RowText(
        **columns, title=F(title[0]), original=F(title[1]), signup_closes_at=signup_closes_at
    )
    # rewrite(False): modeltranslation would rewrite the title's columns and copy every row.
    rows = cast(Any, sessions).rewrite(False).values_list(row, flat=True)
    return map(json.loads, rows)


@functools.lru_cache(maxsize=4096)
def moment(text: str) -> dt.datetime:
    """A timestamp as JSON has it (PostgreSQL: ISO 8601 with its offset; SQLite: the stored
    UTC text, no offset), as Django would have read it: aware, in UTC."""
    value = dt.datetime.fromisoformat(text)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def from_json(row: dict[str, Any]) -> Listed:
    capacity = row["capacity"] if row["capacity"] is not None else row["room_capacity"]
    languages = row["languages"]
    if isinstance(languages, str):  # SQLite's JSON_OBJECT keeps a JSON column's text
        languages = json.loads(languages)
    return Listed(
        pk=row["pk"],
        title=row["title"] or row["original"] or "",  # the active language's, else the original
        format=row["format"],
        starts_at=moment(row["starts_at"]),
        ends_at=moment(row["ends_at"]),
        signup_closes_at=moment(row["signup_closes_at"]),
        cancelled=row["status"] == Session.Status.CANCELLED,
        draft=row["published_at"] is None,
        seats_left=max(capacity - row["seated"], 0),
        languages=languages,
        room_id=row["room_id"],
        room=row["room"],
        venue_id=row["venue_id"],
        venue=row["venue"],
        time_zone=row["time_zone"],
    )


def with_seat_counts(sessions: SessionQuerySet) -> SessionQuerySet:
    # COUNT(session_id): the sign-up queue index holds the session and the status, so
    # PostgreSQL counts from the index alone (4 ms for 30,000 sign-ups, not 14). A plain
    # COUNT, not Count(): an aggregate adds a GROUP BY, which costs a fifth more, and without
    # one no sign-up counts 0 rather than NULL.
    seated = (
        Signup.objects.seated()
        .filter(session=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("session"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return sessions.annotate(seated=Subquery(seated, output_field=IntegerField()))
