"""An event in Reykjavík with approved delegates, check-in staff, and helpers to scan."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from checkin import services, tokens
from checkin.models import Checkin, CheckinList, CheckinStaff
from events.models import City, Event
from registrations.models import Registration
from tests.factories import CityFactory, EventFactory, UserFactory, VenueFactory
from tests.registrations.factories import RegistrationFactory
from tests.services import need


@pytest.fixture
def reykjavik(db: None) -> City:
    return CityFactory.create(name="Reykjavík", country="IS")


@pytest.fixture
def event(reykjavik: City) -> Event:
    venue = VenueFactory.create(name="Harpa", city=reykjavik, time_zone="Atlantic/Reykjavik")
    return EventFactory.create(
        name="Nordic Safe Cities Summit 2049",
        slug="nsc-2049",
        venue=venue,
        start_date=dt.date(2049, 4, 20),
        end_date=dt.date(2049, 4, 21),
    )


@pytest.fixture
def other_event(reykjavik: City) -> Event:
    return EventFactory.create(name="Another summit", slug="another-2049")


@pytest.fixture
def registration(event: Event, reykjavik: City, delegate: User) -> Registration:
    return RegistrationFactory.create(
        event=event,
        user=delegate,
        city=reykjavik,
        badge_name="Þórunn Ðögg Æsa Ørn Åsa Ärla Öst",
        office=Registration.Office.MAYOR,
    )


@pytest.fixture
def staff(event: Event) -> User:
    user: User = UserFactory.create(email="stina.staff@example.org", first_name="Stina")
    CheckinStaff.objects.create(event=event, user=user)
    return user


@pytest.fixture
def entrance(event: Event) -> CheckinList:
    return services.checkin_lists_for(event=event)[0]


def payload_of(registration: Registration) -> str:
    badge = services.ensure_badges(registrations=[registration])[registration.pk]
    return tokens.payload_for(badge.code)


def scan(checkin_list: CheckinList, staff: User, payload: str, **kwargs: Any) -> Checkin:
    kwargs.setdefault("nonce", uuid.uuid4().hex)
    return services.check_in(checkin_list=checkin_list, staff=staff, payload=payload, **kwargs)


def need_tools(*names: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    need(not missing, f"needs {', '.join(missing)}: apt-get install poppler-utils zbar-tools")


def decode_qr_codes(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """Rasterize each page with poppler's pdftoppm and read its QR codes with zbarimg (real
    tools, as a phone camera would see the print): the payloads per page.

    Each page is read at two resolutions and the codes found are put together: zbarimg misses
    about one code in forty at any one resolution (measured at 200 and 300 dpi alike, on
    random codes), seldom the same code at both, as a phone that misses a code tries again."""
    need_tools("pdftoppm", "zbarimg")
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "badges.pdf"
    source.write_bytes(pdf)
    found: list[set[str]] = []
    for dpi in ("200", "300"):
        prefix = tmp_path / f"page{dpi}"
        subprocess.run(["pdftoppm", "-r", dpi, "-png", source, prefix], check=True)
        for index, image in enumerate(sorted(tmp_path.glob(f"page{dpi}-*.png"))):
            if index == len(found):
                found.append(set())
            found[index] |= set(_zbar(image))
    return [sorted(codes) for codes in found]


def _zbar(image: Path) -> list[str]:
    run = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", image],
        capture_output=True,
        text=True,
        check=False,
    )
    return run.stdout.split()
