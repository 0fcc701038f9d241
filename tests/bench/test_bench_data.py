"""The benchmark's data generator (bench/, issue #6), run tiny: the shape asked for, valid data
(every limit kept, nobody in two sessions at once), and the same data for the same seed."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import User
from bench import data
from bench.checks import over_limits
from events.models import City, Event, Room, Venue
from registrations.models import Delegation, Registration
from sessions_app.models import Session, Signup

SMALL = {
    "countries": 4,
    "cities": 12,
    "delegates": 60,
    "sessions": 24,
    "signups": 300,
    "fanout": 20,
    "feed": 6,
    "registrants": 32,
}


def generate(seed: int = 7, **counts: int) -> None:
    options = {**SMALL, **counts}
    call_command("bench_data", f"--seed={seed}", *(f"--{k}={v}" for k, v in options.items()))


def snapshot() -> dict[str, Any]:
    """The data by natural keys: ids, UIDs and timestamps are the database's."""
    sessions = Session.objects.select_related("room").prefetch_related("themes", "people")
    return {
        "cities": sorted(City.objects.values_list("name", "country")),
        "sessions": sorted(
            (
                s.slug,
                s.title,
                s.description,
                s.format,
                s.room.name,
                s.starts_at,
                s.ends_at,
                tuple(s.languages),
                tuple(sorted(t.slug for t in s.themes.all())),
                tuple((p.name, p.role, p.office) for p in s.people.all()),
            )
            for s in sessions
        ),
        "registrations": sorted(
            Registration.objects.values_list(
                "event__slug", "user__email", "city__name", "office", "status", "languages"
            ).order_by()
        ),
        "signups": sorted(Signup.objects.values_list("user__email", "session__slug", "status")),
    }


def test_bench_data_makes_the_shape_asked_for(db: None) -> None:
    generate()

    summit = Event.objects.get(slug=data.SUMMIT_SLUG)
    assert Event.objects.count() == 3
    assert Venue.objects.count() == 3
    assert Room.objects.count() == 12
    assert City.objects.count() == 12
    assert City.objects.values("country").distinct().count() == 4
    assert User.objects.filter(email__startswith="delegate").count() == 60
    assert Registration.objects.filter(event=summit).count() == 60
    assert Delegation.objects.filter(event=summit).count() == 12
    assert Session.objects.filter(event=summit, status=Session.Status.PUBLISHED).count() == 24
    assert Signup.objects.count() == 300
    fanout = Session.objects.get(slug=data.FANOUT_SLUG)
    assert fanout.signups.count() == 20
    assert Signup.objects.filter(user__email=data.delegate_email(0)).count() == 6
    registrants = User.objects.filter(email__startswith="registrant")
    assert registrants.count() == 32
    assert not Registration.objects.filter(user__in=registrants).exists()


def test_bench_data_keeps_every_limit_and_nobody_is_in_two_places(db: None) -> None:
    generate()

    assert over_limits() == []
    starts = Signup.objects.values_list("user_id", "session__starts_at")
    assert max(Counter(starts).values()) == 1
    sessions = Session.objects.values_list("room_id", "starts_at")
    assert max(Counter(sessions).values()) == 1


def run_and_undo(seed: int) -> dict[str, Any]:
    """Generate, take a snapshot, and roll back: the next run starts from an empty database."""
    with transaction.atomic():
        generate(seed=seed)
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


def test_bench_data_gives_the_same_data_for_the_same_seed(db: None) -> None:
    first, again, other = run_and_undo(7), run_and_undo(7), run_and_undo(8)

    assert first == again
    assert first["sessions"] != other["sessions"]


def test_bench_data_scales_every_count(db: None) -> None:
    call_command("bench_data", "--scale=0.01")

    shape = data.Shape.scaled(0.01)
    assert Session.objects.count() == shape.sessions
    assert Signup.objects.count() == shape.signups
    assert User.objects.filter(email__startswith="delegate").count() == shape.delegates


def test_bench_data_refuses_a_database_that_has_it_already(db: None) -> None:
    generate()

    with pytest.raises(CommandError, match="fresh database"):
        generate()


def test_bench_data_refuses_a_shape_it_cannot_make_valid(db: None) -> None:
    with pytest.raises(CommandError, match="Cannot place 100000 sign-ups"):
        generate(signups=100_000)

    assert not Session.objects.exists()


def test_room_sets_multiply_the_rooms_so_more_sessions_fit_without_sharing_a_room(
    db: None,
) -> None:
    generate(room_sets=3, sessions=800)  # 12 rooms hold 360 sessions at most

    assert Room.objects.count() == 36
    assert Room.objects.filter(name="Room A 3").count() == 1
    assert Session.objects.filter(status=Session.Status.PUBLISHED).count() == 800
    sessions = Session.objects.values_list("room_id", "starts_at")
    assert max(Counter(sessions).values()) == 1
    assert over_limits() == []


def test_more_sessions_than_the_rooms_have_hours_is_refused(db: None) -> None:
    with pytest.raises(CommandError, match="12 rooms hold at most 360 sessions"):
        generate(sessions=361)

    assert not Room.objects.exists()


def test_the_tenfold_shape_is_ten_times_the_summit_in_ten_times_the_rooms() -> None:
    one, ten = data.Shape.scaled(1), data.Shape.scaled(10)

    assert (ten.delegates, ten.sessions, ten.signups) == (50_000, 3_000, 300_000)
    assert (ten.cities, ten.room_sets) == (4_000, 10)
    assert ten.countries == one.countries == 40  # the countries the vocabulary has
    assert ten.fanout == 1_200  # the seats of the plenary hall
    data.check_shape(ten)
