"""Mails are written in the recipient's language, whoever caused them and in whatever language
that person was using the site (issue #7). Test catalogs (conftest) stand in for the real ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.languages import mail_language
from accounts.models import User
from events.models import City, Event
from outbox.models import OutboundMail
from outbox.services import preview_mail
from registrations import invitations
from registrations.models import Registration
from sessions_app.signups import sign_up
from tests.factories import CityFactory, EventFactory, RoomFactory, UserFactory, VenueFactory
from tests.i18n.conftest import WriteCatalogs
from tests.registrations.factories import (
    DelegationFactory,
    RegistrationFactory,
    RegistrationPolicyFactory,
)
from tests.sessions_app.factories import SessionFactory, local

pytestmark = pytest.mark.django_db

APPROVED_EN = "Your registration for %(event)s is approved"
APPROVED_DA = "Din tilmelding til %(event)s er godkendt"
DEAR_EN, DEAR_DA = "Dear %(name)s,", "Kære %(name)s,"
SIGNED_UP_EN, SIGNED_UP_DA = "You are signed up: %(title)s", "Du er tilmeldt: %(title)s"
INVITED_EN = "You are invited to join the delegation of %(city)s at %(event)s"
INVITED_SV = "Du är inbjuden till delegationen från %(city)s vid %(event)s"
FIRST_DAY = dt.date(2049, 4, 20)


@pytest.fixture
def catalogs(test_catalogs: WriteCatalogs) -> None:
    test_catalogs(
        {
            "da": {APPROVED_EN: APPROVED_DA, DEAR_EN: DEAR_DA, SIGNED_UP_EN: SIGNED_UP_DA},
            "sv": {INVITED_EN: INVITED_SV},
        }
    )


@pytest.fixture
def copenhagen(db: None) -> City:
    return CityFactory.create(name="Copenhagen", country="DK")


@pytest.fixture
def event(copenhagen: City) -> Event:
    venue = VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)
    event = EventFactory.create(
        name="Nordic Safe Cities Summit 2049",
        venue=venue,
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + dt.timedelta(days=1),
    )
    RegistrationPolicyFactory.create(event=event, requires_approval=True)
    return event


def pending(event: Event, city: City, *, language: str) -> Registration:
    user = UserFactory.create(language=language)
    status = Registration.Status.PENDING_APPROVAL
    return RegistrationFactory.create(event=event, city=city, user=user, status=status)


def approval_mail(registration: Registration) -> OutboundMail:
    """As the worker writes it when it sends it."""
    mail = preview_mail(
        OutboundMail.objects.get(
            idempotency_key__startswith=f"registration:{registration.pk}:approved:"
        )
    )
    assert mail is not None
    return mail


def test_an_english_organizer_approving_sends_each_delegate_the_mail_in_their_own_language(
    catalogs: None, client: Client, organizer: User, event: Event, copenhagen: City
) -> None:
    danish = pending(event, copenhagen, language="da")
    english = pending(event, copenhagen, language="")
    client.force_login(organizer)
    url = reverse("registrations:decide_registrations", kwargs={"slug": event.slug})

    response = client.post(
        url,
        {"action": "approve", "registrations": [danish.pk, english.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    to_danish, to_english = approval_mail(danish), approval_mail(english)
    assert to_danish.subject == "Din tilmelding til Nordic Safe Cities Summit 2049 er godkendt"
    assert f"Kære {danish.badge_name}," in to_danish.body_text
    assert '<html lang="da">' in to_danish.body_html
    assert to_english.subject == "Your registration for Nordic Safe Cities Summit 2049 is approved"
    assert '<html lang="en">' in to_english.body_html


def test_a_session_invite_spells_its_dates_in_the_attendees_language(
    catalogs: None, event: Event, copenhagen: City
) -> None:
    attendee = UserFactory.create(language="da")
    RegistrationFactory.create(event=event, city=copenhagen, user=attendee)
    room = RoomFactory.create(venue=event.venue, name="Workshop room 1", capacity=30)
    session = SessionFactory.create(
        event=event,
        title="Countering disinformation locally",
        room=room,
        starts_at=local(FIRST_DAY, 10),
        ends_at=local(FIRST_DAY, 11, 30),
    )

    with translation.override("en"):  # the request that signed them up was in English
        signup = sign_up(session=session, user=attendee)

    mail = OutboundMail.objects.get(idempotency_key=f"signup:{signup.pk}:signed_up")
    assert mail.subject == "Du er tilmeldt: Countering disinformation locally"
    ics = mail.attachments[0]["content"].replace("\r\n ", "")  # unfold
    assert "20. april 2049" in ics  # Danish: "20. april", English: "20 April"
    assert "20 April 2049" not in ics


def test_an_invitation_is_in_the_invitees_language_when_the_address_has_an_account(
    catalogs: None, event: Event, copenhagen: City
) -> None:
    inviter = UserFactory.create(language="da")
    UserFactory.create(email="sara@malmo.example", language="sv")
    delegation = DelegationFactory.create(event=event, city=copenhagen)

    with translation.override("da"):
        invitations.invite_delegate(delegation=delegation, email="sara@malmo.example", by=inviter)

    mail = OutboundMail.objects.get(to="sara@malmo.example")
    expected = "Du är inbjuden till delegationen från Copenhagen vid Nordic Safe Cities Summit 2049"
    assert mail.subject == expected


def test_an_invitation_to_an_address_without_account_is_in_the_sites_default_language(
    catalogs: None, event: Event, copenhagen: City
) -> None:
    inviter = UserFactory.create(language="da")
    delegation = DelegationFactory.create(event=event, city=copenhagen)

    with translation.override("da"):
        invitations.invite_delegate(delegation=delegation, email="new@aarhus.example", by=inviter)

    mail = OutboundMail.objects.get(to="new@aarhus.example")
    assert mail.subject == (
        "You are invited to join the delegation of Copenhagen at Nordic Safe Cities Summit 2049"
    )


def test_allauths_password_reset_mail_follows_the_accounts_language_not_the_page(
    client: Client,
) -> None:
    UserFactory.create(email="freja@odense.example", language="da")

    client.post(
        reverse("account_reset_password"),
        {"email": "freja@odense.example"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    subject = OutboundMail.objects.get(to="freja@odense.example").subject
    with translation.override("da"):  # allauth's own Danish catalog
        danish = "[Summit] " + translation.gettext("Password Reset Email")
    assert danish != "[Summit] Password Reset Email"
    assert subject == danish


def test_signing_up_stores_the_language_of_the_page_and_confirms_in_it(client: Client) -> None:
    client.cookies["django_language"] = "fi"

    client.post(
        reverse("account_signup"),
        {
            "email": "aino@tampere.example",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )

    user = User.objects.get(email="aino@tampere.example")
    assert user.language == "fi"
    subject = OutboundMail.objects.get(to="aino@tampere.example").subject
    with translation.override("fi"):
        finnish = "[Summit] " + translation.gettext("Please Confirm Your Email Address")
    assert finnish != "[Summit] Please Confirm Your Email Address"
    assert subject == finnish


@pytest.mark.parametrize(
    ("preference", "expected"),
    [("da", "da"), ("nb-NO", "nb"), ("", "en"), ("de", "en"), ("klingon", "en")],
)
def test_mail_language_is_the_preference_when_summit_speaks_it_else_english(
    preference: str, expected: str
) -> None:
    assert mail_language(to="anyone@example.org", preference=preference) == expected


def test_mail_language_looks_the_address_up_when_the_caller_has_no_account_in_hand() -> None:
    UserFactory.create(email="Ida@Bergen.example", language="nb")

    assert mail_language(to="ida@bergen.example") == "nb"
    assert mail_language(to="nobody@example.org") == "en"
    assert mail_language(to="nobody@example.org", default="is") == "is"
