"""A delegate whose registration ends (cancelled or declined) gives up their session places."""

from __future__ import annotations

from accounts.models import User
from events.models import City, Room, Venue
from outbox.models import OutboundMail
from registrations.models import Registration
from registrations.services import cancel_registration, decline_registration
from sessions_app.models import Session, Signup
from sessions_app.signups import sign_up
from tests.factories import EventFactory
from tests.registrations.factories import RegistrationFactory
from tests.sessions_app.conftest import MakeDelegate
from tests.sessions_app.factories import SessionFactory


def test_cancelled_registration_withdraws_its_places_and_promotes_the_waiting_list(
    session: Session, make_delegate: MakeDelegate
) -> None:
    Session.objects.filter(pk=session.pk).update(capacity=1)
    leaving, waiting = make_delegate(), make_delegate()
    seat = sign_up(session=session, user=leaving)
    queued = sign_up(session=session, user=waiting)
    registration = Registration.objects.get(user=leaving, event=session.event)

    cancel_registration(registration=registration, by=leaving)

    seat.refresh_from_db()
    queued.refresh_from_db()
    assert (seat.status, queued.status) == (Signup.Status.WITHDRAWN, Signup.Status.SIGNED_UP)
    keys = set(OutboundMail.objects.values_list("idempotency_key", flat=True))
    assert {f"signup:{seat.pk}:withdrawn", f"signup:{queued.pk}:promoted"} <= keys


def test_declined_registration_leaves_another_events_places_alone(
    session: Session,
    make_delegate: MakeDelegate,
    organizer: User,
    city_hall: Venue,
    workshop_room: Room,
    copenhagen: City,
) -> None:
    user = make_delegate()
    other_event = EventFactory.create(venue=city_hall)
    RegistrationFactory.create(event=other_event, user=user, city=copenhagen)
    elsewhere = SessionFactory.create(event=other_event, room=workshop_room)
    here = sign_up(session=session, user=user)
    there = sign_up(session=elsewhere, user=user)

    decline_registration(
        registration=Registration.objects.get(user=user, event=session.event), by=organizer
    )

    here.refresh_from_db()
    there.refresh_from_db()
    assert (here.status, there.status) == (Signup.Status.WITHDRAWN, Signup.Status.SIGNED_UP)
