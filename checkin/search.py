"""Finding a person by name or city on the check-in page, the same on SQLite and PostgreSQL.

`icontains` on SQLite folds only ASCII letters (its LIKE and LOWER() know no other case), so a
lowercase "þór" did not find "Þórunn" there while PostgreSQL did. Both sides are folded instead:
the query in Python, the column by Folded(), which is LOWER() on PostgreSQL (Unicode-aware in
a UTF-8 database) and, on SQLite, a function registered on each new connection that calls
Python's str.lower(), the same folding as PostgreSQL's for the letters of Nordic names.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Func, Q, QuerySet

from registrations.models import ACTIVE_STATUSES, Registration

SQLITE_FUNCTION = "summit_lower"


class Folded(Func):
    function = "LOWER"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)


def fold(value: str | None) -> str | None:
    return None if value is None else value.lower()


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: teach a new SQLite connection summit_lower()."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


def search_registrations(event_id: int, query: str, *, limit: int) -> list[Registration]:
    """Active registrations of the event whose badge name or city contains `query`, any case."""
    needle = query.lower()
    rows: QuerySet[Registration] = Registration.objects.filter(
        event_id=event_id, status__in=ACTIVE_STATUSES
    )
    rows = rows.annotate(name_folded=Folded("badge_name"), city_folded=Folded("city__name"))
    rows = rows.filter(Q(name_folded__contains=needle) | Q(city_folded__contains=needle))
    rows = rows.select_related("city", "delegation__city").order_by("badge_name", "pk")
    return list(rows[:limit])
