"""An organizer makes an API token in headless Chromium (write scope, one event, an end), and a
program uses it at once: it moves a published session through the API, the session's page
shows the new time, and after the organizer revokes it on the page the token is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from api.ids import session_public_id
from api.models import ApiToken
from tests.browser.a11y import open_as
from tests.factories import EventFactory, RoomFactory
from tests.sessions_app.factories import SessionFactory, local

DAY = dt.date(2049, 4, 20)


@pytest.mark.browser
def test_an_organizer_makes_a_token_a_program_moves_a_session_then_it_is_revoked(
    chromium: str, page: Page, site: str, organizer: User
) -> None:
    page.set_default_timeout(10_000)
    event = EventFactory.create(name="Nordic Safe Cities Summit 2049", start_date=DAY, end_date=DAY)
    room = RoomFactory.create(venue=event.venue, name="Festsalen")
    session = SessionFactory.create(
        event=event,
        room=room,
        title="Countering disinformation locally",
        starts_at=local(DAY, 10),
        ends_at=local(DAY, 11),
    )

    open_as(page, site, organizer, "en", reverse("api_tokens:list"))
    page.get_by_label("Name").fill("City CRM")
    page.get_by_label("Scope").select_option("write")
    page.get_by_label("Event").select_option(label=event.name)
    page.get_by_label("Expires").select_option(label="In 30 days")
    page.get_by_role("button", name="Make the token").click()
    raw = page.locator("#new-token").input_value()
    assert raw.startswith("smt_")
    token = ApiToken.objects.get()
    assert token.expires_at is not None

    moved = page.request.post(
        f"{site}/api/v1/sessions/{session_public_id(session.uid)}/move/",
        data={"starts_at": "2049-04-20T15:00:00+02:00"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert moved.status == 200, moved.text()
    assert moved.json()["starts_at"] == "2049-04-20T15:00:00+02:00"
    page.goto(site + session.get_absolute_url())
    expect(page.get_by_text("15:00").first).to_be_visible()

    open_as(page, site, organizer, "en", reverse("api_tokens:list"))
    page.get_by_role("button", name="Revoke City CRM").click()
    expect(page.get_by_text("The token “City CRM” is revoked.")).to_be_visible()
    refused = page.request.post(
        f"{site}/api/v1/sessions/{session_public_id(session.uid)}/cancel/",
        data={},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert (refused.status, refused.json()["code"]) == (401, "authentication_failed")
    session.refresh_from_db()
    assert (session.status, session.starts_at) == ("published", local(DAY, 15))
