"""The speakers and moderators billed on a session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from events.models import City
from registrations.models import Registration
from sessions_app.models import (
    Session,
    SessionPerson,
)
from sessions_app.services.agenda_lock import lock_agenda
from sessions_app.services.seats import SessionError


@dataclass(frozen=True)
class Billing:
    """A speaker or moderator to bill: a registered person (`user`; name, office and city come
    from their registration at the event unless given) or an external guest (name required)."""

    role: str = SessionPerson.Role.SPEAKER
    user: User | None = None
    name: str = ""
    office: str = ""
    city: City | None = None


@transaction.atomic
def add_session_person(
    *,
    session: Session,
    role: str = SessionPerson.Role.SPEAKER,
    user: User | None = None,
    name: str = "",
    office: str = "",
    city: City | None = None,
) -> SessionPerson:
    """Bill one more speaker or moderator, after those billed (see Billing). Records nothing:
    the builder changes a session's people through update_session(people=...)."""
    lock_agenda(session.event_id)  # a person billed twice at once is a conflict
    if user is not None and session.people.filter(user=user).exists():
        raise SessionError(
            "person_twice", _("This person is already a speaker or moderator of this session.")
        )
    billing = Billing(role=role, user=user, name=name, office=office, city=city)
    [person] = people_rows(session, [billing], first_position=session.people.count())
    person.save()
    return person


def people_rows(
    session: Session, people: Sequence[Billing], *, first_position: int = 0
) -> list[SessionPerson]:
    """Unsaved rows for the people, positions in list order; one query for the registrations."""
    users = [person.user for person in people if person.user is not None]
    registrations = {
        registration.user_id: registration
        for registration in Registration.objects.active()
        .filter(event_id=session.event_id, user__in=users)
        .select_related("city")
    }
    if len(set(users)) < len(users):
        raise SessionError("person_twice", _("A person can be listed only once per session."))
    rows = []
    for position, person in enumerate(people, start=first_position):
        name, office, city = person.name, person.office, person.city
        registration = registrations.get(person.user.pk) if person.user else None
        if registration is not None:
            name, office = name or registration.badge_name, office or registration.office
            city = city or registration.city
        name = " ".join((name or str(person.user or "")).split())
        if not name:
            raise SessionError("person_unnamed", _("Give the speaker's name."))
        rows.append(
            SessionPerson(
                session=session,
                role=person.role,
                user=person.user,
                name=name,
                office=office,
                city=city,
                position=position,
            )
        )
    return rows


def rebill(
    session: Session, people: Sequence[Billing], before: dict[str, object], after: dict[str, object]
) -> None:
    """Replace the session's people when the new list differs (who, role, office, city, order)."""
    current = list(session.people.all())
    rows = people_rows(session, people)

    def billed(rows: list[SessionPerson]) -> list[tuple[object, ...]]:
        in_order = sorted(rows, key=lambda p: (p.role, p.position))
        return [(p.role, p.user_id, p.name, p.office, p.city_id) for p in in_order]

    if billed(rows) == billed(current):
        return
    before["people"], after["people"] = billed_names(current), billed_names(rows)
    session.people.all().delete()
    SessionPerson.objects.bulk_create(rows)


def billed_names(people: list[SessionPerson]) -> list[dict[str, str]]:
    in_order = sorted(people, key=lambda p: (p.role, p.position))
    return [{"name": p.name, "role": p.role} for p in in_order]
