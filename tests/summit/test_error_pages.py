from __future__ import annotations

from django.test import Client

from tests.factories import EventFactory


def test_unknown_page_gets_the_styled_404(client: Client, db: None) -> None:
    response = client.get("/events/no-such-event/")

    assert response.status_code == 404
    assert b"<h1>Page not found</h1>" in response.content
    assert b'href="/static/css/summit.css"' in response.content


def test_forbidden_page_gets_the_styled_403(client: Client, delegate: object) -> None:
    event = EventFactory()
    client.force_login(delegate)  # type: ignore[arg-type]

    response = client.get(f"/organizers/events/{event.slug}/registrations/")

    assert response.status_code == 403
    assert b"<h1>You may not see this page</h1>" in response.content
