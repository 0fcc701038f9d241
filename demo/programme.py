"""The demo agenda: the 2022 Nordic Safe Cities summit's two days and the London and Helsinki
dialogues, repeated for each next edition, and some delegates signed up for the next summit.

Each programme is written once in the venue's local wall-clock time, as (day of the event,
start, end); an edition places it on its own dates, so a next edition has the same local
times as 2022 whatever the daylight saving time. Sessions are created and published through
the services (create_session, add_session_person, publish_event_agenda), so every event has
a changelog. A session is found again by its (event, slug): a second load adds nothing.

The session titles follow the seed's themes; the programmes, times and people are
illustrative. The speakers are billed by role (name, office and city), never by a real
person's name: they are external guests, not registered delegates.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils.text import slugify

from accounts.models import User
from demo.delegates import EMAILS
from demo.programme_data import PROGRAMMES, SIGNUP_EVENT, SIGNUPS, THEMES, SessionRow
from events.models import Event, Room
from registrations.models import Registration
from sessions_app.models import AgendaPublication, Session, SessionChange, Signup, Theme
from sessions_app.services import add_session_person, create_session, publish_event_agenda
from sessions_app.signups import sign_up

if TYPE_CHECKING:
    from demo.state import Demo


def load_programme(demo: Demo) -> None:
    """Create and publish every event's agenda; on a later day, move the next editions'."""
    themes = load_themes(demo)
    for slug, rows in PROGRAMMES.items():
        event = demo.events[slug]
        rooms = {
            (room.venue.name, room.name): room
            for room in Room.objects.filter(venue__in=event.venues_in_order()).select_related(
                "venue__city"
            )
        }
        for row in rows:
            load_session(demo, event, row, rooms[row.venue, row.room], themes)
        if Session.objects.filter(event=event, status=Session.Status.DRAFT).exists():
            publication = publish_event_agenda(event=event, by=demo.organizer)
            demo.note(publication, True)


def load_themes(demo: Demo) -> dict[str, Theme]:
    themes = {}
    for name in THEMES:
        theme, created = Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        demo.note(theme, created)
        themes[theme.slug] = theme
    return themes


def load_session(
    demo: Demo, event: Event, row: SessionRow, room: Room, themes: dict[str, Theme]
) -> Session:
    starts_at, ends_at = session_times(event, row, room)
    session = Session.objects.filter(event=event, slug=row.slug).first()
    if session is not None:
        if (session.starts_at, session.ends_at) != (starts_at, ends_at):
            redate_session(session, starts_at, ends_at)
        if list(session.people.order_by("position").values_list("role", "name")) != [
            (person.role, person.name) for person in row.people
        ]:
            session.people.all().delete()
            bill_people(demo, session, row)
        return session
    session = create_session(
        event=event,
        title=row.title,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        by=demo.organizer,
        slug=row.slug,
        description=row.description,
        format=row.format,
        capacity=row.capacity,
        languages=["en"],
        audience=Session.Audience.OFFICES if row.audience_offices else Session.Audience.ALL,
        audience_offices=list(row.audience_offices),
        themes=[themes[slug] for slug in row.themes],
    )
    demo.note(session, True)
    bill_people(demo, session, row)
    return session


def bill_people(demo: Demo, session: Session, row: SessionRow) -> None:
    """The row's people, in its order. On an existing session, load_session calls this after
    removing people the programme no longer bills (a corrected programme reaches a database
    loaded before the fix), with no changelog line: a fix to demo data is no news."""
    for person in row.people:
        billed = add_session_person(
            session=session,
            role=person.role,
            name=person.name,
            office=person.office,
            city=demo.cities[person.city],
        )
        demo.note(billed, True)


def session_times(event: Event, row: SessionRow, room: Room) -> tuple[dt.datetime, dt.datetime]:
    """The row's local wall-clock times on the event's day, as aware UTC datetimes."""
    day = event.start_date + dt.timedelta(days=row.day)
    zone = room.venue.zone

    def at(hhmm: str) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=zone).astimezone(dt.UTC)

    return at(row.start), at(row.end)


def redate_session(session: Session, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """Follow the event to its new dates, as demo.places moves the event row itself.

    Not move_session: this is the demo staying ahead of today, not a change to announce, so
    it records no changelog line and mails nobody. The revision still goes up, and is marked
    as told, so that calendar clients of the feeds accept the new times.
    """
    Session.objects.filter(pk=session.pk).update(
        starts_at=starts_at,
        ends_at=ends_at,
        revision=F("revision") + 1,
        notified_revision=F("revision") + 1,
    )


def load_signups(demo: Demo) -> None:
    """Sign approved delegates up for sessions of the next summit (demo.delegates's
    delegates, by the local part of their address). A sign-up made before is left as it is."""
    emails = EMAILS
    event = demo.events[SIGNUP_EVENT]
    sessions = {s.slug: s for s in Session.objects.filter(event=event)}
    users = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    done = set(Signup.objects.filter(session__event=event).values_list("session_id", "user_id"))
    for slug, people in SIGNUPS:
        session = sessions[slug]
        for local_part in people:
            user = users[emails[local_part]]
            if (session.pk, user.pk) in done or not _is_approved(event, user.pk):
                continue
            demo.note(sign_up(session=session, user=user), True)


def _is_approved(event: Event, user_id: int) -> bool:
    # A reload on a day the next summit's registration is not open registers nobody new.
    return Registration.objects.filter(
        event=event, user_id=user_id, status=Registration.Status.APPROVED
    ).exists()


def summarize_programme() -> list[str]:
    sessions = Session.objects.filter(status=Session.Status.PUBLISHED)
    signups = Signup.objects.active()
    waitlisted = signups.filter(status=Signup.Status.WAITLISTED).count()
    return [
        f"  {sessions.count()} published sessions in {Theme.objects.count()} themes, "
        f"{AgendaPublication.objects.count()} agenda publications, "
        f"{SessionChange.objects.count()} changelog lines",
        f"  {signups.count()} session sign-ups ({waitlisted} on a waiting list)",
    ]
