"""The benchmark summit's agenda (sessions, people, the publication) and its sign-ups: the
half of bench/data.py's generator that concerns sessions."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.utils.text import slugify

from accounts.models import User
from bench.shape import FANOUT_SLUG, OFFICES, Shape, ShapeError
from bench.vocabulary import (
    ANGLES,
    DAYS,
    FIRST_HOUR,
    FIRST_NAMES,
    HOURS,
    LANGUAGES,
    LAST_NAMES,
    THEMES,
    TOPICS,
    WORDS,
)
from events.models import City, Event, Room, Venue
from sessions_app.models import (
    AgendaPublication,
    Session,
    SessionChange,
    SessionPerson,
    SessionPolicy,
    Signup,
    Theme,
)


class AgendaMaker:
    """Mixed into the generator, which sets these before it calls _sessions and _signups."""

    shape: Shape
    rng: random.Random
    now: dt.datetime
    counts: Counter[str]
    cities: list[City]
    rooms: list[Room]
    venues: list[Venue]
    organizer: User

    def _sessions(self, event: Event) -> list[Session]:
        """Sessions spread over rooms and hours so that no room is used twice at once: session n
        is in room n % R (R rooms), at the room's (n // R)-th slot shifted by 5 slots per room;
        check_shape refuses more sessions than rooms have slots."""
        themes = Theme.objects.bulk_create(Theme(name=name, slug=slugify(name)) for name in THEMES)
        host = settings.SITE_URL.split("://", 1)[-1].split(":")[0].split("/")[0] or "bench"
        sessions = []
        for n in range(self.shape.sessions):
            room = self.rooms[n % len(self.rooms)]
            slot = (n // len(self.rooms) + (n % len(self.rooms)) * 5) % (DAYS * HOURS)
            starts_at = self._local(event, room, slot)
            title, slug = self._title(n, room)
            sessions.append(
                Session(
                    event=event,
                    title=title,
                    slug=slug,
                    description=self._description(),
                    format=Session.Format.PLENARY if room.capacity >= 300 else self._format(),
                    room=room,
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(minutes=50),
                    languages=self.rng.choice(LANGUAGES),
                    status=Session.Status.PUBLISHED,
                    uid=f"session-bench-{n:04d}@{host}",
                    published_at=self.now,
                )
            )
        sessions = Session.objects.bulk_create(sessions)
        Session.themes.through.objects.bulk_create(
            Session.themes.through(session=s, theme=theme)
            for s in sessions
            for theme in self.rng.sample(themes, self.rng.choice((1, 1, 2)))
        )
        self._people(sessions)
        self._publication(event, sessions)
        self.counts.update(sessions=len(sessions), themes=len(themes))
        return sessions

    def _local(self, event: Event, room: Room, slot: int) -> dt.datetime:
        day, hour = divmod(slot, HOURS)
        zone = zoneinfo.ZoneInfo(next(v.time_zone for v in self.venues if v.pk == room.venue_id))
        local = dt.datetime.combine(
            event.start_date + dt.timedelta(days=day), dt.time(FIRST_HOUR + hour), tzinfo=zone
        )
        return local.astimezone(dt.UTC)

    def _title(self, n: int, room: Room) -> tuple[str, str]:
        if n == 0:
            return "Opening plenary", FANOUT_SLUG
        topic = TOPICS[n % len(TOPICS)]
        title = f"{topic}: {self.rng.choice(ANGLES)} {self.cities[n % len(self.cities)].name}"
        return title, f"s{n:03d}-{slugify(title)[:80]}"

    def _description(self) -> str:
        sentences = [
            " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(8, 16))).capitalize()
            + "."
            for _ in range(self.rng.randint(3, 6))
        ]
        points = "\n".join(
            f"- {self.rng.choice(WORDS)} and {self.rng.choice(WORDS)}" for _ in "abc"
        )
        return " ".join(sentences) + "\n\nWhat you take home:\n\n" + points

    def _format(self) -> str:
        choices = [Session.Format.WORKSHOP, Session.Format.PANEL, Session.Format.DIALOGUE]
        return str(self.rng.choice(choices))

    def _people(self, sessions: list[Session]) -> None:
        """One to three external guests per session, each billed once (no double booking)."""
        people: list[SessionPerson] = []
        for session in sessions:
            for position in range(self.rng.randint(1, 3)):
                n = len(people)
                first = FIRST_NAMES[n % len(FIRST_NAMES)]
                last = LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]
                people.append(
                    SessionPerson(
                        session=session,
                        role=SessionPerson.Role.MODERATOR if position == 0 else "speaker",
                        name=f"{first} {last} {n // (len(FIRST_NAMES) * len(LAST_NAMES)) + 1}",
                        office=self.rng.choice(OFFICES),
                        city=self.rng.choice(self.cities),
                        position=position,
                    )
                )
        SessionPerson.objects.bulk_create(people)
        self.counts["speakers"] = len(people)

    def _publication(self, event: Event, sessions: list[Session]) -> None:
        SessionPolicy.objects.create(event=event)
        publication = AgendaPublication.objects.create(
            event=event, number=1, published_by=self.organizer
        )
        SessionChange.objects.bulk_create(
            SessionChange(
                session=s,
                revision=0,
                kind=SessionChange.Kind.ADDED,
                after={"title": s.title, "starts_at": s.starts_at.isoformat()},
                changed_by=self.organizer,
                is_public=True,
                publication=publication,
            )
            for s in sessions
        )

    # --- sign-ups -------------------------------------------------------------------------------
    def _signups(self, sessions: list[Session], delegates: list[User]) -> None:
        """The opening plenary gets the first FANOUT delegates; delegate 0 gets FEED sessions;
        the rest are drawn at random, never over a session's capacity, never two at one time."""
        capacity = [s.room.capacity for s in sessions]
        seated = [0] * len(sessions)
        hours: list[set[dt.datetime]] = [set() for _ in delegates]
        pairs: list[tuple[int, int]] = []

        def take(d: int, s: int) -> bool:
            if seated[s] >= capacity[s] or sessions[s].starts_at in hours[d]:
                return False
            seated[s] += 1
            hours[d].add(sessions[s].starts_at)
            pairs.append((d, s))
            return True

        for d in range(self.shape.fanout):
            take(d, 0)
        for s in range(1, len(sessions)):
            if len(hours[0]) >= self.shape.feed:
                break
            take(0, s)
        if len(hours[0]) != self.shape.feed:
            raise ShapeError("Not enough sessions at distinct hours for the feed delegate.")
        self._fill(take, pairs, len(sessions), len(delegates))
        Signup.objects.bulk_create(
            (
                Signup(session=sessions[s], user=delegates[d], status=Signup.Status.SIGNED_UP)
                for d, s in pairs
            ),
            batch_size=5000,
        )
        self.counts["signups"] = len(pairs)

    def _fill(
        self,
        take: Callable[[int, int], bool],
        pairs: list[tuple[int, int]],
        sessions: int,
        people: int,
    ) -> None:
        attempts = 0
        # Delegate 0 and the opening plenary are complete; everyone else is drawn at random.
        while len(pairs) < self.shape.signups:
            attempts += 1
            if attempts > 50 * self.shape.signups or people < 2 or sessions < 2:
                raise ShapeError(
                    f"Cannot place {self.shape.signups} sign-ups: only {len(pairs)} fit the "
                    "seats and hours. Ask for fewer sign-ups or more sessions or delegates."
                )
            take(self.rng.randrange(1, people), self.rng.randrange(1, sessions))
