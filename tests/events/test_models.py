from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import Event, RegistrationPhase, validate_time_zone
from events.templatetags.summit import format_local, format_local_span
from tests.factories import VenueFactory

OPENS = dt.datetime(2049, 1, 4, 8, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2049, 1, 25, 22, 59, tzinfo=dt.UTC)


def test_time_zone_validator_rejects_a_zone_that_is_not_iana() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_time_zone("Mars/Olympus")

    assert excinfo.value.messages == [
        "Mars/Olympus is not an IANA time zone such as Europe/Copenhagen."
    ]


def test_time_zone_validator_accepts_an_iana_zone() -> None:
    validate_time_zone("Europe/Helsinki")  # raises if it does not accept it


def test_venue_with_a_martian_time_zone_does_not_validate(db: None) -> None:
    venue = VenueFactory.build(time_zone="Mars/Olympus", city=VenueFactory().city)

    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean()

    assert excinfo.value.message_dict == {
        "time_zone": ["Mars/Olympus is not an IANA time zone such as Europe/Copenhagen."]
    }


@pytest.mark.parametrize(
    ("opens", "closes", "now", "phase"),
    [
        (None, None, CLOSES, RegistrationPhase.UNSCHEDULED),
        (OPENS, CLOSES, OPENS - dt.timedelta(seconds=1), RegistrationPhase.NOT_OPEN_YET),
        (OPENS, CLOSES, OPENS, RegistrationPhase.OPEN),
        (OPENS, CLOSES, CLOSES - dt.timedelta(seconds=1), RegistrationPhase.OPEN),
        (OPENS, CLOSES, CLOSES, RegistrationPhase.CLOSED),
        (OPENS, None, CLOSES, RegistrationPhase.OPEN),
    ],
)
def test_registration_phase_follows_the_opening_and_closing_times(
    opens: dt.datetime | None,
    closes: dt.datetime | None,
    now: dt.datetime,
    phase: RegistrationPhase,
) -> None:
    event = Event(registration_opens_at=opens, registration_closes_at=closes)

    assert event.registration_phase(now) == phase
    assert event.registration_is_open(now) is (phase == RegistrationPhase.OPEN)


def test_local_times_name_the_zone_in_the_repeated_hour_when_clocks_go_back() -> None:
    # 30 October 2022, Copenhagen: 02:00-03:00 happens twice, first CEST (00:00 UTC), then CET.
    first, second = (dt.datetime(2022, 10, 30, h, 30, tzinfo=dt.UTC) for h in (0, 1))

    assert format_local(first, "Europe/Copenhagen") == "30 October 2022, 02:30 CEST"
    assert format_local(second, "Europe/Copenhagen") == "30 October 2022, 02:30 CET"
    assert (
        format_local_span(
            dt.datetime(2022, 10, 29, 23, 30, tzinfo=dt.UTC), second, "Europe/Copenhagen"
        )
        == "30 October 2022, 01:30 CEST – 02:30 CET"
    )
    assert (
        format_local_span(
            dt.datetime(2022, 10, 24, 8, 0, tzinfo=dt.UTC),
            dt.datetime(2022, 10, 24, 9, 30, tzinfo=dt.UTC),
            "Europe/Copenhagen",
        )
        == "24 October 2022, 10:00–11:30 CEST"
    )
