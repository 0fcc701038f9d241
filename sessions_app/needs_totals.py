"""Needs of the people holding seats (issue #18): totals per session and per venue, for
organizers, in two queries whatever the size of the event; names only in `people_with_needs`,
which the organizer opens deliberately.

A person holds a seat in a session when their sign-up is "signed up" (not the waiting list);
their needs are those of their registration for the session's event. Per venue, each person
counts once however many of its sessions they hold seats in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from events.models import Event
from registrations.models import ACTIVE_STATUSES, FLAG_LABELS, Diet, RegistrationNeeds
from sessions_app.interpretation import bookings_by_session, language_name, offered
from sessions_app.models import InterpreterBooking, Session, Signup

FLAGS = tuple(FLAG_LABELS)


@dataclass
class Totals:
    seated: int = 0
    interpretation: Counter[str] = field(default_factory=Counter)
    sign_language: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    diets: Counter[str] = field(default_factory=Counter)

    def add(self, needs: RegistrationNeeds | None) -> None:
        self.seated += 1
        if needs is None:
            return
        if needs.interpretation_into:
            self.interpretation[needs.interpretation_into] += 1
        if needs.sign_language:
            self.sign_language[needs.sign_language] += 1
        self.flags.update(name for name in FLAGS if getattr(needs, name))
        self.diets.update(diet for diet in needs.diets if diet in Diet.values)

    @property
    def with_needs(self) -> bool:
        return bool(self.interpretation or self.sign_language or self.flags or self.diets)

    def rows(self) -> list[tuple[str, int]]:
        """(need in words, how many), for the page."""
        lines = [
            (_("Interpretation into %(language)s") % {"language": language_name(code)}, n)
            for code, n in sorted(self.interpretation.items())
        ]
        lines += [(language_name(code), n) for code, n in sorted(self.sign_language.items())]
        lines += [(str(FLAG_LABELS[name]), self.flags[name]) for name in FLAGS if self.flags[name]]
        lines += [(str(Diet(diet).label), n) for diet, n in sorted(self.diets.items())]
        return lines


def _seated(event: Event) -> list[tuple[int, int, int]]:
    """(session id, venue id, user id) of every seat held at the event (one query)."""
    signups = Signup.objects.filter(session__event=event, status=Signup.Status.SIGNED_UP)
    return list(signups.values_list("session_id", "session__room__venue_id", "user_id"))


def _needs_by_user(event: Event) -> dict[int, RegistrationNeeds]:
    rows = RegistrationNeeds.objects.filter(
        registration__event=event, registration__status__in=ACTIVE_STATUSES
    ).select_related("registration")
    return {row.registration.user_id: row for row in rows}


def event_totals(event: Event) -> tuple[dict[int, Totals], dict[int, Totals]]:
    """Totals per session id and per venue id (two queries)."""
    needs = _needs_by_user(event)
    per_session: dict[int, Totals] = defaultdict(Totals)
    per_venue: dict[int, Totals] = defaultdict(Totals)
    seen_at_venue: set[tuple[int, int]] = set()
    for session_id, venue_id, user_id in _seated(event):
        per_session[session_id].add(needs.get(user_id))
        if (venue_id, user_id) not in seen_at_venue:
            seen_at_venue.add((venue_id, user_id))
            per_venue[venue_id].add(needs.get(user_id))
    return dict(per_session), dict(per_venue)


def uncovered(totals: Totals, bookings: list[InterpreterBooking]) -> list[str]:
    """Languages people holding seats asked for that no interpreter is booked into."""
    booked = offered(bookings)
    wanted = [*totals.interpretation, *totals.sign_language]
    return sorted(language_name(code) for code in wanted if code not in booked)


def people_with_needs(session: Session) -> list[tuple[str, list[str]]]:
    """The names behind a session's totals: (badge name, their needs in words)."""
    users = Signup.objects.filter(session=session, status=Signup.Status.SIGNED_UP).values("user_id")
    rows = RegistrationNeeds.objects.filter(
        registration__event_id=session.event_id,
        registration__status__in=ACTIVE_STATUSES,
        registration__user_id__in=users,
    ).select_related("registration")
    found = [(row.registration.badge_name, row.lines()) for row in rows]
    return sorted((name, lines) for name, lines in found if lines)


def publish_warnings(event: Event, sessions: list[Session]) -> list[tuple[Session, list[str]]]:
    """Sessions whose seated people asked for interpretation or sign language that no
    interpreter is booked into, with those languages: the builder shows them by its publish
    button (three queries)."""
    per_session, _per_venue = event_totals(event)
    bookings = bookings_by_session(event)
    warnings = []
    for session in sessions:
        if session.is_cancelled or session.pk not in per_session:
            continue
        missing = uncovered(per_session[session.pk], bookings.get(session.pk, []))
        if missing:
            warnings.append((session, missing))
    return warnings
