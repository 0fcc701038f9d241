"""Delegation invitations: the mail and its link, allauth's sign-up and login bringing the invitee
back, their own details, and every way a link can be wrong."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from outbox.models import OutboundMail
from registrations import invitations
from registrations.models import Delegation, DelegationInvitation, Registration
from tests.factories import UserFactory
from tests.registrations.conftest import Register, set_limits

Status = Registration.Status
INVITEE = "ivy.invitee@example.org"
DETAILS = {
    "badge_name": "Ivy Invitee",
    "office": "councillor",
    "organization": "Copenhagen City Council",
    "visibility": "delegates",
    "privacy_accepted": "on",
}


@pytest.fixture
def delegation(register: Register, delegate: User, copenhagen: City) -> Delegation:
    """Copenhagen's delegation, coordinated by Dan."""
    return register(copenhagen, user=delegate, badge_name="Dan Delegate").delegation


def invite_through_page(client: Client, delegation: Delegation, email: str = INVITEE) -> Any:
    url = reverse("registrations:invite_delegate", args=[delegation.pk])
    return client.post(url, {"email": email})


def invitation_mails(email: str = INVITEE) -> list[OutboundMail]:
    return list(
        OutboundMail.objects.filter(idempotency_key__startswith="invitation:", to=email).order_by(
            "pk"
        )
    )


def link_in(mail: OutboundMail) -> str:
    """The path of the mail's invitation link (the site's address is settings.SITE_URL)."""
    match = re.search(r"https?://\S+/invitations/\S+/", mail.body_text)
    assert match is not None
    assert match.group(0) in mail.body_html
    return urlsplit(match.group(0)).path


def mint(delegation: Delegation, email: str = INVITEE, *, by: User) -> str:
    """An invitation whose token the test knows (the real one exists only in the mail)."""
    invitation = invitations.invite_delegate(delegation=delegation, email=email, by=by)
    DelegationInvitation.objects.filter(pk=invitation.pk).update(
        token_hash=invitations.hash_token(f"token-{invitation.pk}")
    )
    return reverse("registrations:accept_invitation", args=[f"token-{invitation.pk}"])


# --- end to end ---------------------------------------------------------------------------------
def test_invitee_signs_up_verifies_logs_in_and_joins_the_delegation(
    client: Client, delegate: User, delegation: Delegation, event: Event, aarhus: City
) -> None:
    client.force_login(delegate)
    invite_through_page(client, delegation)
    [mail] = invitation_mails()
    link = link_in(mail)
    client.logout()

    # Anonymous: the link sends them to log in, and back.
    response = client.get(link)
    login = f"{reverse('account_login')}?next={quote(link)}"
    assert (response.status_code, response["Location"]) == (302, login)
    # They have no account: sign up (the login page links to sign-up with the same next).
    assert f"{reverse('account_signup')}?next={quote(link, safe='')}" in client.get(
        login
    ).content.decode().replace("&amp;", "&")
    signup = {"email": INVITEE, "password1": "a long pass phrase 42", "password2": ""}
    signup["password2"] = signup["password1"]
    response = client.post(f"{reverse('account_signup')}?next={quote(link)}", signup)
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("account_email_verification_sent"),
    )
    # Verify the address through allauth's own mail, then log in: next brings them back.
    confirmation = OutboundMail.objects.filter(to=INVITEE).exclude(pk=mail.pk).get()
    confirm = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", confirmation.body_text)
    assert confirm is not None
    client.post(confirm.group(1))
    credentials = {"login": INVITEE, "password": signup["password1"]}
    response = client.post(login, credentials)
    assert (response.status_code, response["Location"]) == (302, link)
    response = client.get(link)
    register_url = reverse("registrations:register", kwargs={"slug": event.slug})
    assert response["Location"].startswith(f"{register_url}?invitation=")
    form_page = client.get(response["Location"])
    assert "You were invited to join the delegation of Copenhagen" in form_page.content.decode()
    # Their details; the city comes from the invitation even if the post says otherwise.
    response = client.post(response["Location"], {**DETAILS, "country": "SE", "city": aarhus.pk})

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("registrations:my_registrations"),
    )
    ivy = User.objects.get(email=INVITEE)
    registration = Registration.objects.get(user=ivy)
    assert (registration.delegation, registration.city.name, registration.country.code) == (
        delegation,
        "Copenhagen",
        "DK",
    )
    assert (registration.status, registration.badge_name) == (Status.APPROVED, "Ivy Invitee")
    invitation = DelegationInvitation.objects.get()
    assert (invitation.registration, invitation.accepted_at is not None) == (registration, True)
    assert len(invitation_mails()) == 1


def test_invitee_with_an_account_logs_in_and_completes_the_form(
    client: Client, delegate: User, delegation: Delegation, event: Event
) -> None:
    ivy = UserFactory.create(email=INVITEE)
    link = mint(delegation, by=delegate)
    client.force_login(ivy)

    response = client.get(link, follow=True)
    final = client.post(response.redirect_chain[-1][0], DETAILS)

    assert (final.status_code, final["Location"]) == (
        302,
        reverse("registrations:my_registrations"),
    )
    assert Registration.objects.get(user=ivy).delegation == delegation


def test_invitee_over_the_city_quota_is_waitlisted_like_anyone(
    client: Client, delegate: User, delegation: Delegation, policy: Any
) -> None:
    set_limits(policy, city_quota=1)
    ivy = UserFactory.create(email=INVITEE)
    link = mint(delegation, by=delegate)
    client.force_login(ivy)

    register_url = client.get(link)["Location"]
    client.post(register_url, DETAILS)

    assert Registration.objects.get(user=ivy).status == Status.WAITLISTED


# --- the mail -----------------------------------------------------------------------------------
def test_each_invitation_sends_exactly_one_mail_with_an_escaped_html_link(
    delegate: User, delegation: Delegation
) -> None:
    invitation = invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)
    # A second send for the same invitation (a retried request) queues nothing new.
    invitations._send_invitation_mail(invitation, "another-token")

    [mail] = invitation_mails()
    assert mail.subject == (
        "You are invited to join the delegation of Copenhagen at Nordic Safe Cities Summit 2049"
    )
    assert "dan.delegate@example.org invites you to join the delegation of Copenhagen" in (
        mail.body_text
    )
    assert mail.idempotency_key == f"invitation:{invitation.pk}"


def test_the_token_is_stored_only_as_its_hash(delegate: User, delegation: Delegation) -> None:
    invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)
    [mail] = invitation_mails()
    token = link_in(mail).rstrip("/").rsplit("/", 1)[1]

    invitation = DelegationInvitation.objects.get()

    assert invitation.token_hash == invitations.hash_token(token) != token
    assert len(token) >= 40


def test_email_is_stored_lower_case_so_a_second_invite_in_capitals_is_refused(
    delegate: User, delegation: Delegation
) -> None:
    invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)

    with pytest.raises(invitations.InvitationError) as refused:
        invitations.invite_delegate(delegation=delegation, email=INVITEE.upper(), by=delegate)

    assert refused.value.code == "already_invited"
    assert len(invitation_mails()) == 1


# --- re-invite and revoke -----------------------------------------------------------------------
def test_reinviting_a_pending_address_is_refused_on_the_page(
    client: Client, delegate: User, delegation: Delegation
) -> None:
    client.force_login(delegate)
    invite_through_page(client, delegation)

    response = invite_through_page(client, delegation)

    assert response.status_code == 200
    assert "has been invited already; revoke that invitation" in response.content.decode()
    assert (DelegationInvitation.objects.count(), len(invitation_mails())) == (1, 1)


def test_revoked_link_is_dead_and_a_new_invitation_gets_a_new_link(
    client: Client, delegate: User, delegation: Delegation
) -> None:
    client.force_login(delegate)
    invite_through_page(client, delegation)
    first = DelegationInvitation.objects.get()
    client.post(reverse("registrations:revoke_invitation", args=[delegation.pk, first.pk]))
    invite_through_page(client, delegation)
    old_link, new_link = (link_in(mail) for mail in invitation_mails())
    ivy = UserFactory.create(email=INVITEE)
    client.force_login(ivy)

    old = client.get(old_link)
    new = client.get(new_link)

    assert (old.status_code, new.status_code) == (410, 302)
    assert "This invitation was withdrawn." in old.content.decode()
    assert old_link != new_link


def test_revoking_twice_says_so_and_changes_nothing(
    client: Client, delegate: User, delegation: Delegation
) -> None:
    invitation = invitations.invite_delegate(delegation=delegation, email=INVITEE, by=delegate)
    invitations.revoke_invitation(invitation=invitation, by=delegate)
    client.force_login(delegate)
    url = reverse("registrations:revoke_invitation", args=[delegation.pk, invitation.pk])

    response = client.post(url, follow=True)

    assert "This invitation was already used or revoked." in response.content.decode()


def test_inviting_someone_already_registered_is_refused(
    client: Client, delegate: User, outsider: User, delegation: Delegation, register: Register
) -> None:
    register(delegation.city, user=outsider)
    client.force_login(delegate)

    response = invite_through_page(client, delegation, outsider.email.upper())

    assert response.status_code == 200
    assert "is already registered for this event" in response.content.decode()
    assert DelegationInvitation.objects.count() == 0


def test_invalid_email_gets_a_form_error(
    client: Client, delegate: User, delegation: Delegation
) -> None:
    client.force_login(delegate)

    response = invite_through_page(client, delegation, "<script>alert(1)</script>")

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    assert DelegationInvitation.objects.count() == 0


# --- wrong links --------------------------------------------------------------------------------
def test_used_link_shows_a_clear_page(
    client: Client, delegate: User, delegation: Delegation
) -> None:
    ivy = UserFactory.create(email=INVITEE)
    link = mint(delegation, by=delegate)
    client.force_login(ivy)
    client.post(client.get(link)["Location"], DETAILS)

    response = client.get(link)

    assert response.status_code == 410
    assert "This invitation has already been used." in response.content.decode()


def test_unknown_token_shows_a_clear_page(client: Client, delegate: User) -> None:
    client.force_login(delegate)

    response = client.get(reverse("registrations:accept_invitation", args=["x" * 5000]))

    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_someone_elses_token_is_refused_and_registers_nothing(
    client: Client, delegate: User, outsider: User, delegation: Delegation, event: Event
) -> None:
    link = mint(delegation, by=delegate)
    client.force_login(outsider)
    token = link.rstrip("/").rsplit("/", 1)[1]
    register_url = reverse("registrations:register", kwargs={"slug": event.slug})

    shown = client.get(link)
    posted = client.post(f"{register_url}?invitation={token}", DETAILS)

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert "This invitation was sent to another email address." in shown.content.decode()
    assert "otto.outsider@example.org" in shown.content.decode()
    assert not Registration.objects.filter(user=outsider).exists()
    assert DelegationInvitation.objects.get().accepted_at is None


def test_token_on_another_events_form_is_refused(
    client: Client, delegate: User, delegation: Delegation
) -> None:
    from tests.factories import EventFactory

    other = EventFactory.create(name="Another summit")
    ivy = UserFactory.create(email=INVITEE)
    token = mint(delegation, by=delegate).rstrip("/").rsplit("/", 1)[1]
    client.force_login(ivy)
    url = reverse("registrations:register", kwargs={"slug": other.slug})

    response = client.post(f"{url}?invitation={token}", DETAILS)

    assert response.status_code == 404
    assert not Registration.objects.filter(user=ivy).exists()


def test_script_in_the_invitees_name_is_escaped_on_the_delegation_page(
    client: Client, delegate: User, delegation: Delegation
) -> None:
    ivy = UserFactory.create(email=INVITEE)
    link = mint(delegation, by=delegate)
    client.force_login(ivy)
    client.post(client.get(link)["Location"], {**DETAILS, "badge_name": "<script>x()</script>"})
    client.force_login(delegate)

    page = client.get(reverse("registrations:delegation_detail", args=[delegation.pk]))

    assert "&lt;script&gt;x()&lt;/script&gt;" in page.content.decode()
    assert "<script>x()" not in page.content.decode()
