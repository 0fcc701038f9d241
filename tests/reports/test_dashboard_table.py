"""The plain tables' rows (made in reports/panels.py, not by the template): each label escaped
once, linked where the row leads, and the number cell in the reader's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Event
from tests.sessions_app.factories import SessionFactory, SignupFactory

pytestmark = pytest.mark.django_db


def session_row(client: Client, event: Event, language: str) -> str:
    session = SessionFactory.create(event=event, title="Cities & <b>youth</b>", capacity=12)
    for _ in range(3):
        SignupFactory.create(session=session)
    url = reverse("reports:dashboard", kwargs={"slug": event.slug})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    link = reverse("sessions_app:session_detail", kwargs={"pk": session.pk})
    start = page.index(f'<tr><th scope="row"><a href="{link}">')
    return page[start : page.index("</tr>", start) + 5]


def test_a_session_row_escapes_its_title_and_links_to_the_session(
    organizer_client: Client, event: Event
) -> None:
    row = session_row(organizer_client, event, "en")

    link = row.split('"')[3]
    assert row == (
        f'<tr><th scope="row"><a href="{link}">Cities &amp; &lt;b&gt;youth&lt;/b&gt;</a></th>'
        "\n                      <td>3 of 12</td></tr>"
    )


def test_a_rows_number_cell_is_translated(organizer_client: Client, event: Event) -> None:
    row = session_row(organizer_client, event, "da")

    assert row.endswith("<td>3 af 12</td></tr>")
