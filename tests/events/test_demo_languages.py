"""Issue #18 in the demo: the next summit's workshop in Danish and Finnish, the needs totals of
the people holding its seats, and the builder's warning about what is not booked."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.languages import SESSION, SESSION_TEXTS
from demo.load import load_demo
from sessions_app.models import Session
from sessions_app.needs_totals import event_totals

SUMMIT = "nsc-annual-summit-next"


def test_the_demo_workshop_speaks_danish_and_finnish_and_shows_needs_and_a_warning(
    db: None,
) -> None:
    demo = load_demo()
    session = Session.objects.get(event__slug=SUMMIT, slug=SESSION)
    danish, finnish = Client(), Client()
    danish.cookies["django_language"], finnish.cookies["django_language"] = "da", "fi"

    assert SESSION_TEXTS["title_da"] in danish.get(session.get_absolute_url()).content.decode()
    assert SESSION_TEXTS["title_fi"] in finnish.get(session.get_absolute_url()).content.decode()
    per_session, _venues = event_totals(session.event)
    totals = per_session[session.pk]
    assert (totals.seated, dict(totals.interpretation), dict(totals.sign_language)) == (
        3,
        {"fi": 1},
        {"ils": 1},
    )
    organizer = Client()
    assert isinstance(demo.organizer, User)
    organizer.force_login(demo.organizer)
    builder = organizer.get(reverse("sessions_app:builder", args=[SUMMIT])).content.decode()
    assert "no interpreter is booked into" in builder
    assert "Finnish, International Sign" in builder
    needs = organizer.get(reverse("sessions_app:event_needs", args=[SUMMIT])).content.decode()
    assert "Interpretation into Finnish: 1" in needs
