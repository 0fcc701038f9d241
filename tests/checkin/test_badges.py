"""Badge PDFs read back with real tools: pdftoppm rasterizes, zbarimg decodes the QR code,
pdftotext reads the names; what zbarimg decodes then checks in."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from accounts.models import User
from checkin import badges, pdf, services
from checkin.models import Badge, Checkin, CheckinList, Role
from demo.checkin import STAFF_EMAIL
from demo.load import load_demo
from events.models import City, Event
from registrations.models import Registration
from sessions_app.models import SessionPerson
from tests.checkin.conftest import decode_qr_codes, need_tools, payload_of, scan
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db
Result = Checkin.Result


def badge_pdf(event: Event, registrations: list[Registration]) -> bytes:
    return pdf.single_badges(badges.cards_for(event, registrations), title="test")


def test_a_printed_badge_scans_and_checks_in_once(
    registration: Registration, entrance: CheckinList, staff: User, tmp_path: Path
) -> None:
    pages = decode_qr_codes(badge_pdf(registration.event, [registration]), tmp_path)

    assert pages == [[payload_of(registration)]]
    (payload,) = pages[0]
    first = scan(entrance, staff, payload)
    second = scan(entrance, staff, payload)
    assert (first.result, second.result) == (Result.VALID, Result.ALREADY_IN)
    assert second.previous == first


def test_a_reissued_badge_refuses_the_old_print(
    registration: Registration, entrance: CheckinList, staff: User, organizer: User, tmp_path: Path
) -> None:
    (old,) = decode_qr_codes(badge_pdf(registration.event, [registration]), tmp_path / "old")[0]

    services.reissue_badge(registration=registration, by=organizer)

    (new,) = decode_qr_codes(badge_pdf(registration.event, [registration]), tmp_path / "new")[0]
    assert old != new
    assert scan(entrance, staff, old).result == Result.REVOKED
    assert scan(entrance, staff, new).result == Result.VALID
    assert Badge.objects.filter(registration=registration).count() == 2


def test_the_badge_text_keeps_nordic_letters(registration: Registration, tmp_path: Path) -> None:
    need_tools("pdftotext")
    source = tmp_path / "badge.pdf"
    source.write_bytes(badge_pdf(registration.event, [registration]))

    text = subprocess.run(
        ["pdftotext", source, "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())

    assert "Þórunn Ðögg Æsa Ørn Åsa Ärla Öst" in text
    assert "Reykjavík, Iceland" in text
    assert "Mayor" in text
    assert "DELEGATE" in text
    assert "Nordic Safe Cities Summit 2049" in text


def test_a_sheet_holds_six_badges_a_page_each_readable(
    event: Event, reykjavik: City, tmp_path: Path
) -> None:
    people = [RegistrationFactory.create(event=event, city=reykjavik) for _ in range(7)]

    content = pdf.badge_sheets(badges.cards_for(event, people), title="sheet")

    pages = decode_qr_codes(content, tmp_path)
    assert [len(page) for page in pages] == [6, 1]
    assert sorted(sum(pages, [])) == sorted(payload_of(r) for r in people)


def test_only_approved_registrations_get_badges(event: Event, reykjavik: City) -> None:
    approved = RegistrationFactory.create(event=event, city=reykjavik)
    waiting = RegistrationFactory.create(
        event=event, city=reykjavik, status=Registration.Status.WAITLISTED
    )

    made = services.ensure_badges(registrations=[approved, waiting])

    assert list(made) == [approved.pk]
    assert badges.approved_registrations(event) == [approved]


def test_making_badges_twice_keeps_one_live_badge_each(registration: Registration) -> None:
    first = services.ensure_badges(registrations=[registration])
    again = services.ensure_badges(registrations=[registration])

    assert first[registration.pk].pk == again[registration.pk].pk
    assert Badge.objects.filter(registration=registration).count() == 1


def test_roles_come_from_the_programme_and_the_organizer_role(
    event: Event, reykjavik: City, organizer: User, staff: User
) -> None:
    session = SessionFactory.create(event=event)
    speaker, moderator, plain, boss, helper, press = (
        RegistrationFactory.create(event=event, city=reykjavik, **extra)
        for extra in ({}, {}, {}, {"user": organizer}, {"user": staff}, {})
    )
    SessionPerson.objects.create(session=session, user=speaker.user, name="S", role="speaker")
    SessionPerson.objects.create(session=session, user=moderator.user, name="M", role="moderator")
    everyone = [speaker, moderator, plain, boss, helper, press]
    made = services.ensure_badges(registrations=everyone)
    Badge.objects.filter(pk=made[press.pk].pk).update(role=Role.PRESS)

    cards = badges.cards_for(event, everyone)

    assert [card.role for card in cards] == [
        "speaker",
        "moderator",
        "delegate",
        "organizer",
        "staff",
        "press",
    ]


def test_a_badge_payload_holds_no_personal_data(registration: Registration) -> None:
    payload = payload_of(registration)

    assert len(payload) < 80
    for value in (registration.badge_name, registration.user.email, str(registration.pk)):
        assert value not in payload.split(":")


def test_the_demo_has_check_in_staff_at_every_event(db: None) -> None:
    demo = load_demo()

    staff = User.objects.get(email=STAFF_EMAIL)
    assert all(services.can_check_in(staff, event) for event in demo.events.values())
    assert not staff.has_perm("events.change_event")
