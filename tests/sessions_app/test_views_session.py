"""The public session page (people, place, seats, escaped and sanitised text), and how closed
and past sessions show on the agenda and on their page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from events.models import Event
from sessions_app.models import Session, SessionPerson, SessionPolicy
from tests.sessions_app.conftest import MakeDelegate, agenda_url, seats_cells
from tests.sessions_app.factories import (
    SessionPersonFactory,
    SignupFactory,
    local,
)


# --- the session page ---------------------------------------------------------------------------
def test_the_session_page_shows_people_place_and_seats(
    session: Session, make_delegate: MakeDelegate
) -> None:
    SessionPersonFactory.create(
        session=session, name="Mette Moderator", role=SessionPerson.Role.MODERATOR
    )
    SessionPersonFactory.create(session=session, name="Sami Speaker", office="mayor")
    SignupFactory.create(session=session, user=make_delegate())

    response = Client().get(session.get_absolute_url())

    page = response.content.decode()
    assert [p.name for p in response.context["speakers"]] == ["Sami Speaker"]
    assert [p.name for p in response.context["moderators"]] == ["Mette Moderator"]
    assert "Workshop room 1, Copenhagen City Hall" in page
    assert "Rådhuspladsen 1, 1550 København V<br>Copenhagen, Denmark" in page
    assert "29 of 30 left" in page
    assert "20 April 2049, 10:00–11:30 CEST" in page


def test_a_script_in_a_title_is_shown_escaped(event: Event, session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(title='<script>alert("t")</script>')

    for url in (agenda_url(event), session.get_absolute_url()):
        page = Client().get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page


def test_the_description_is_markdown_rendered_and_sanitised(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(
        description=(
            "How **Copenhagen** works [together](https://example.org/a).\n\n"
            "<script>alert('s')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n'
            '[click](javascript:alert(2)) <a href="#" onclick="alert(3)">here</a>\n\n'
            "- one\n- two\n"
        )
    )

    response = Client().get(session.get_absolute_url())

    html = str(response.context["description"])
    assert "<strong>Copenhagen</strong>" in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow">together</a>' in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    for hostile in ("<script", "alert('s')", "<img", "onerror", "javascript:", "onclick"):
        assert hostile not in html
    assert "alert('s')" not in response.content.decode()


# --- closed and past sessions -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("closes_before", "now_before_start", "seats"),
    [
        (None, dt.timedelta(hours=2), "29 left"),  # no policy: it closes an hour before
        (None, dt.timedelta(minutes=30), "Sign-up closed"),
        (dt.timedelta(hours=3), dt.timedelta(hours=4), "29 left"),
        (dt.timedelta(hours=3), dt.timedelta(hours=2), "Sign-up closed"),
    ],
)
def test_the_agenda_says_sign_up_closed_once_the_events_deadline_has_passed(
    session: Session,
    make_delegate: MakeDelegate,
    monkeypatch: pytest.MonkeyPatch,
    closes_before: dt.timedelta | None,
    now_before_start: dt.timedelta,
    seats: str,
) -> None:
    if closes_before is not None:
        SessionPolicy.objects.create(event=session.event, signup_closes_before=closes_before)
    SignupFactory.create(session=session, user=make_delegate())
    now = session.starts_at - now_before_start
    monkeypatch.setattr("sessions_app.agenda_views.timezone.now", lambda: now)

    response = Client().get(agenda_url(session.event))

    assert seats_cells(response) == [seats]
    cell = f'<td class="seats"><span class="label">Seats: </span>{seats}</td>'
    assert cell in response.content.decode()


def test_a_past_events_agenda_and_session_page_show_no_seats_left(
    event: Event, session: Session, make_delegate: MakeDelegate, monkeypatch: pytest.MonkeyPatch
) -> None:
    attendee = make_delegate()
    SignupFactory.create(session=session, user=attendee)
    after = local(event.end_date + dt.timedelta(days=1), 9)
    monkeypatch.setattr("sessions_app.views.timezone.now", lambda: after)
    signed_in = Client()
    signed_in.force_login(attendee)

    agenda = Client().get(agenda_url(event))
    detail = Client().get(session.get_absolute_url()).content.decode()
    attendees_view = signed_in.get(session.get_absolute_url()).content.decode()

    assert seats_cells(agenda) == ["–"]
    assert "left" not in agenda.content.decode()
    for gone in ("left", "<dt>Seats</dt>", "Sign-up closed", "Sign-up closes", "Add to your"):
        assert gone not in detail, gone
    assert "This session has ended." in detail
    # Nothing to leave once it is over, for those who were signed up either.
    assert "This session has ended." in attendees_view
    assert "Withdraw" not in attendees_view
    assert "20 April 2049, 10:00–11:30 CEST" in detail
    assert "Workshop room 1, Copenhagen City Hall" in detail
