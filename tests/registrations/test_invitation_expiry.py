"""Delegation invitations expire: the link is refused after settings.DELEGATION_INVITATION_DAYS,
the mail and the coordinator's page say until when, and the address can be invited again.

Time moves through a fixed clock (django.utils.timezone.now), never by sleeping. Sessions expire
by the same clock, so each test logs in after moving it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations import invitations
from registrations.models import Delegation, DelegationInvitation, Registration
from tests.factories import UserFactory
from tests.registrations.conftest import Register
from tests.registrations.test_invitations import (
    DETAILS,
    INVITEE,
    invitation_mails,
    invite_through_page,
    link_in,
    mint,
)

SENT = dt.datetime(2049, 1, 10, 9, 0, tzinfo=dt.UTC)
# 14 days later, as the clocks of the venue (Copenhagen, CET in winter) show it.
EXPIRES_LOCAL = "24 January 2049, 10:00 CET"
EXPIRED_MESSAGE = (
    f"This invitation expired on {EXPIRES_LOCAL}. Ask the coordinator who invited you to send "
    "you a new invitation."
)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Every timezone.now() (the services', the model's, auto_now_add) reads this clock; set
    before any fixture, so the event's registration dates are relative to it too."""
    clock = Clock(SENT)
    monkeypatch.setattr("django.utils.timezone.now", clock)
    return clock


@pytest.fixture
def delegation(register: Register, delegate: User, copenhagen: City) -> Delegation:
    """Copenhagen's delegation, coordinated by Dan."""
    return register(copenhagen, user=delegate, badge_name="Dan Delegate").delegation


@pytest.fixture
def ivy(db: None) -> User:
    return UserFactory.create(email=INVITEE)


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


# --- when it expires ----------------------------------------------------------------------------
def test_invitation_expires_the_configured_number_of_days_after_it_is_sent(
    settings: Any, delegate: User, delegation: Delegation
) -> None:
    settings.DELEGATION_INVITATION_DAYS = 3

    invitation = invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)

    assert invitation.expires_at == SENT + dt.timedelta(days=3)
    assert DelegationInvitation.objects.get().expires_at == SENT + dt.timedelta(days=3)


def test_link_works_the_day_before_it_expires(
    client: Client, clock: Clock, delegate: User, delegation: Delegation, event: Event, ivy: User
) -> None:
    link = mint(delegation, by=delegate)
    clock.move(days=13)
    client.force_login(ivy)

    response = client.get(link)
    registered = client.post(response["Location"], DETAILS)

    form_url = reverse("registrations:register", kwargs={"slug": event.slug})
    assert (response.status_code, response["Location"]) == (
        302,
        f"{form_url}?invitation={token_of(link)}",
    )
    assert (registered.status_code, registered["Location"]) == (
        302,
        reverse("registrations:my_registrations"),
    )
    assert Registration.objects.get(user=ivy).delegation == delegation


# --- an expired link ----------------------------------------------------------------------------
def test_service_refuses_an_expired_link_and_says_whom_to_ask(
    clock: Clock, delegate: User, delegation: Delegation, ivy: User
) -> None:
    token = token_of(mint(delegation, by=delegate))
    clock.move(days=14)

    with pytest.raises(invitations.InvitationError) as refused:
        invitations.find_invitation(token=token, user=ivy)

    assert (refused.value.code, refused.value.message) == ("expired", EXPIRED_MESSAGE)


def test_accept_page_shows_the_expired_refusal_and_registers_nothing(
    client: Client, clock: Clock, delegate: User, delegation: Delegation, event: Event, ivy: User
) -> None:
    link = mint(delegation, by=delegate)
    clock.move(days=14, minutes=1)
    client.force_login(ivy)
    form_url = reverse("registrations:register", kwargs={"slug": event.slug})

    shown = client.get(link)
    posted = client.post(f"{form_url}?invitation={token_of(link)}", DETAILS)

    assert (shown.status_code, posted.status_code) == (410, 410)
    page = shown.content.decode()
    assert "This invitation cannot be used" in page
    assert EXPIRED_MESSAGE in page
    assert "Ask your delegation's coordinator" not in page  # the message says it already
    assert not Registration.objects.filter(user=ivy).exists()


def test_link_revoked_before_it_expired_still_says_withdrawn(
    client: Client, clock: Clock, delegate: User, delegation: Delegation, ivy: User
) -> None:
    link = mint(delegation, by=delegate)
    invitations.revoke_invitation(invitation=DelegationInvitation.objects.get(), by=delegate)
    clock.move(days=30)
    client.force_login(ivy)

    response = client.get(link)

    assert response.status_code == 410
    assert "This invitation was withdrawn." in response.content.decode()


# --- inviting again -----------------------------------------------------------------------------
def test_reinviting_after_expiry_sends_a_new_link_and_the_old_one_stays_refused(
    client: Client, clock: Clock, delegate: User, delegation: Delegation, ivy: User
) -> None:
    client.force_login(delegate)
    invite_through_page(client, delegation)
    clock.move(days=14)
    client.force_login(delegate)

    response = invite_through_page(client, delegation)

    assert response.status_code == 302
    old, new = DelegationInvitation.objects.order_by("pk")
    assert (old.revoked_at, new.revoked_at, new.expires_at) == (
        SENT + dt.timedelta(days=14),
        None,
        SENT + dt.timedelta(days=28),
    )
    old_link, new_link = (link_in(mail) for mail in invitation_mails())
    client.force_login(ivy)
    refused, accepted = client.get(old_link), client.get(new_link)
    assert (refused.status_code, accepted.status_code) == (410, 302)
    assert EXPIRED_MESSAGE in refused.content.decode()


def test_reinviting_the_day_before_expiry_is_still_refused(
    clock: Clock, delegate: User, delegation: Delegation
) -> None:
    invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)
    clock.move(days=13)

    with pytest.raises(invitations.InvitationError) as refused:
        invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)

    assert refused.value.code == "already_invited"
    assert DelegationInvitation.objects.get().revoked_at is None


# --- what people are told -----------------------------------------------------------------------
def test_delegation_page_shows_when_each_link_expires_and_marks_expired_ones(
    client: Client, clock: Clock, delegate: User, delegation: Delegation
) -> None:
    invitations.invite_delegate(delegation=delegation, email="old@example.org", by=delegate)
    clock.move(days=10)
    invitations.invite_delegate(delegation=delegation, email="new@example.org", by=delegate)
    clock.move(days=5)
    client.force_login(delegate)

    response = client.get(reverse("registrations:delegation_detail", args=[delegation.pk]))

    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert (
        'old@example.org <span class="badge">expired</span> <span class="meta">invited 10 Jan 2049'
        ' · the link expired on <time datetime="2049-01-24T10:00+01:00">24 January 2049, 10:00'
        " CET</time></span>"
    ) in page
    assert (
        'new@example.org <span class="meta">invited 20 Jan 2049 · the link works until <time'
        ' datetime="2049-02-03T10:00+01:00">3 February 2049, 10:00 CET</time></span>'
    ) in page
    assert page.count('<span class="badge">expired</span>') == 1


def test_mail_says_until_when_the_link_works(delegate: User, delegation: Delegation) -> None:
    invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)

    [mail] = invitation_mails()

    until = f"The link works until {EXPIRES_LOCAL} (Europe/Copenhagen)."
    assert until in mail.body_text
    assert f"<p>{until}</p>" in mail.body_html


def test_mail_to_a_danish_account_writes_the_date_in_danish(
    delegate: User, delegation: Delegation
) -> None:
    UserFactory.create(email=INVITEE, language="da")

    invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)

    [mail] = invitation_mails()
    assert "24. januar 2049" in mail.body_text
    assert "24 January 2049" not in mail.body_text
