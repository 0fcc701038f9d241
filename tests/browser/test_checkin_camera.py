"""A phone-sized Chromium scans a printed badge through its camera and sees the green result.

Chromium's fake camera plays a Y4M file made from the badge PDF (pdftoppm), so the QR code is
read by the vendored jsQR from real video frames, posted with a nonce, and checked in.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser, Page, ViewportSize, expect

from checkin import badges, pdf, services
from checkin.models import Checkin, CheckinStaff
from tests.checkin.conftest import need_tools
from tests.factories import CityFactory, EventFactory, UserFactory
from tests.registrations.factories import RegistrationFactory
from tests.services import chromium_path

FRAME = (640, 480)
PHONE: ViewportSize = {"width": 390, "height": 844}


def badge_video(content: bytes, folder: Path) -> Path:
    """The first badge of `content` as a few frames of 4:2:0 Y4M, centred on white."""
    need_tools("pdftoppm")
    (folder / "badge.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", folder / "badge.pdf", folder / "badge"],
        check=True,
    )
    badge = Image.open(folder / "badge.png").convert("RGB")
    badge.thumbnail(FRAME)
    frame = Image.new("RGB", FRAME, "white")
    frame.paste(badge, ((FRAME[0] - badge.width) // 2, (FRAME[1] - badge.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (FRAME[0] // 2, FRAME[1] // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    video = folder / "badge.y4m"
    with video.open("wb") as out:
        out.write(f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            out.write(b"FRAME\n" + planes)
    return video


@pytest.fixture
def camera_browser(playwright: Any, chromium: str, tmp_path: Path) -> Iterator[Any]:
    """Launch Chromium with the fake camera once the video exists (the test makes it)."""
    launched: list[Browser] = []

    def launch(video: Path) -> Browser:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        launched.append(browser)
        return browser

    yield launch
    for browser in launched:
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_phone_scans_a_printed_badge_with_its_camera(
    camera_browser: Any, site: str, tmp_path: Path
) -> None:
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049")
    registration = RegistrationFactory.create(
        event=event, city=CityFactory.create(name="Tórshavn", country="FO"), badge_name="Sjúrður Ø"
    )
    staff = UserFactory.create()
    CheckinStaff.objects.create(event=event, user=staff)
    entrance = services.checkin_lists_for(event=event)[0]
    cards = badges.cards_for(event, [registration])
    video = badge_video(pdf.single_badges(cards, title="badge"), tmp_path)
    client = Client()
    client.force_login(staff)
    browser = camera_browser(video)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page: Page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(
        site + reverse("checkin:checkin_page", kwargs={"slug": event.slug, "pk": entrance.pk})
    )
    page.get_by_role("button", name="Scan with the camera").click()

    result = page.locator("#checkin-result")
    expect(result).to_have_attribute("data-result", "valid")
    expect(result).to_have_class("checkin-result ok")
    expect(result).to_contain_text("Sjúrður Ø")
    expect(result).to_contain_text("Tórshavn")
    page.get_by_role("button", name="Stop the camera").click()
    page.screenshot(path=str(tmp_path / "checkin-camera.png"), full_page=True)
    valid = Checkin.objects.filter(result=Checkin.Result.VALID)
    assert list(valid.values_list("registration", "method")) == [(registration.pk, "scan")]
    assert len(valid.get().device) == 32
