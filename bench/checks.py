"""What must hold after any load: no event, city, country or session over its limit."""

from __future__ import annotations

from django.db.models import Count, Q

from registrations.models import RegistrationPolicy
from registrations.seats import count_seats
from sessions_app.models import Session, Signup


def over_limits() -> list[str]:
    """Every limit that is exceeded, in words; empty when all hold."""
    problems = []
    for policy in RegistrationPolicy.objects.select_related("event"):
        seats = count_seats(policy)
        name = policy.event.slug
        if policy.capacity is not None and seats.total > policy.capacity:
            problems.append(f"{name}: {seats.total} seats held, capacity {policy.capacity}")
        for city_id, taken in seats.per_city.items():
            limit = seats.city_limit(city_id)
            if limit is not None and taken > limit:
                problems.append(f"{name}: city {city_id} holds {taken}, quota {limit}")
        for country, taken in seats.per_country.items():
            if policy.country_quota is not None and taken > policy.country_quota:
                problems.append(f"{name}: {country} holds {taken}, quota {policy.country_quota}")
    seated = Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP))
    for session in Session.objects.select_related("room").annotate(seated=seated):
        if session.seated > session.effective_capacity:  # type: ignore[attr-defined]
            problems.append(
                f"session {session.pk}: {session.seated} seated, "  # type: ignore[attr-defined]
                f"capacity {session.effective_capacity}"
            )
    return problems
