"""The coordinator's delegation page: members, statuses, missing data, pending invitations, and
substituting one member for another."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City
from registrations import invitations
from registrations.models import Delegation, Registration
from registrations.services import substitute_member
from tests.factories import UserFactory
from tests.registrations.conftest import Register, set_limits
from tests.registrations.factories import details

Status = Registration.Status


@pytest.fixture
def delegation(register: Register, delegate: User, outsider: User, copenhagen: City) -> Delegation:
    """Copenhagen: Dan (coordinator, with a phone) and Otto (no phone)."""
    register(copenhagen, user=delegate, badge_name="Dan Delegate", phone="+45 33 66 33 66")
    register(copenhagen, user=outsider, badge_name="Otto Outsider")
    return Delegation.objects.get(city=copenhagen)


def page_of(client: Client, delegation: Delegation) -> str:
    response = client.get(reverse("registrations:delegation_detail", args=[delegation.pk]))
    assert response.status_code == 200
    return response.content.decode()


def substitute_url(delegation: Delegation, registration: Registration) -> str:
    return reverse("registrations:substitute_member", args=[delegation.pk, registration.pk])


def substitution(email: str = "sam.substitute@example.org") -> dict[str, str]:
    return {
        "email": email,
        "badge_name": "Sam Substitute",
        "office": "councillor",
        "organization": "Copenhagen City Council",
    }


def test_page_lists_members_statuses_missing_data_and_pending_invitations(
    client: Client, delegate: User, outsider: User, delegation: Delegation
) -> None:
    invitations.invite_delegate(delegation=delegation, email="ivy@example.org", by=delegate)
    revoked = invitations.invite_delegate(
        delegation=delegation, email="rex@example.org", by=delegate
    )
    invitations.revoke_invitation(invitation=revoked, by=delegate)
    otto = Registration.objects.get(user=outsider)
    sam = UserFactory.create(email="sam.substitute@example.org")
    substitute_member(
        registration=otto, substitute=sam, details=details(badge_name="Sam Sub"), by=delegate
    )
    client.force_login(delegate)

    page = page_of(client, delegation)

    assert "Dan Delegate" in page
    assert "Otto Outsider" in page
    assert "Sam Sub" in page
    assert page.count("privacy notice not accepted") == 1  # Sam's, the substitute's
    assert "ivy@example.org" in page
    assert "rex@example.org" not in page
    assert 'status-cancelled">Cancelled' in page


def test_substitute_takes_the_seat_of_a_full_city_without_a_recount(
    client: Client, delegate: User, outsider: User, delegation: Delegation, policy: Any
) -> None:
    set_limits(policy, city_quota=2)
    otto = Registration.objects.get(user=outsider)
    sam = UserFactory.create(email="sam.substitute@example.org")
    client.force_login(delegate)

    response = client.post(substitute_url(delegation, otto), substitution())

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("registrations:delegation_detail", args=[delegation.pk]),
    )
    otto.refresh_from_db()
    new = Registration.objects.get(user=sam)
    assert (otto.status, new.status, new.replaces) == (Status.CANCELLED, Status.APPROVED, otto)
    assert (new.delegation, new.privacy_accepted_at, new.visibility) == (
        delegation,
        None,
        Registration.Visibility.ORGANIZERS,
    )


def test_substituting_the_coordinator_hands_over_the_delegation(
    client: Client, organizer: User, delegate: User, delegation: Delegation
) -> None:
    dan = Registration.objects.get(user=delegate)
    sam = UserFactory.create(email="sam.substitute@example.org")
    client.force_login(organizer)

    client.post(substitute_url(delegation, dan), substitution())

    delegation.refresh_from_db()
    assert delegation.coordinator == sam


def test_substitute_without_an_account_gets_a_clear_error_and_nothing_changes(
    client: Client, delegate: User, outsider: User, delegation: Delegation
) -> None:
    otto = Registration.objects.get(user=outsider)
    client.force_login(delegate)

    response = client.post(substitute_url(delegation, otto), substitution("nobody@example.org"))

    assert response.status_code == 200
    assert "Nobody has an account with nobody@example.org yet" in response.content.decode()
    otto.refresh_from_db()
    assert (otto.status, Registration.objects.count()) == (Status.APPROVED, 2)


def test_substitute_already_registered_is_refused(
    client: Client, delegate: User, outsider: User, delegation: Delegation
) -> None:
    otto = Registration.objects.get(user=outsider)
    client.force_login(delegate)

    response = client.post(substitute_url(delegation, otto), substitution(delegate.email))

    assert response.status_code == 200
    assert "dan.delegate@example.org is already registered for this event." in (
        response.content.decode()
    )
    otto.refresh_from_db()
    assert otto.status == Status.APPROVED


def test_substitute_form_with_overlong_and_missing_fields_gets_errors(
    client: Client, delegate: User, outsider: User, delegation: Delegation
) -> None:
    otto = Registration.objects.get(user=outsider)
    client.force_login(delegate)
    data = {**substitution(), "badge_name": "x" * 101, "office": "emperor", "organization": ""}

    response = client.post(substitute_url(delegation, otto), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 100 characters (it has 101)." in page
    assert "Select a valid choice. emperor is not one of the available choices." in page
    assert "This field is required." in page
    assert Registration.objects.count() == 2


def test_a_member_of_another_delegation_cannot_be_substituted_through_this_one(
    client: Client, delegate: User, delegation: Delegation, register: Register, malmo: City
) -> None:
    mia = register(malmo, badge_name="Mia Malmö")
    client.force_login(delegate)

    response = client.post(substitute_url(delegation, mia), substitution())

    assert response.status_code == 404
    mia.refresh_from_db()
    assert mia.status == Status.APPROVED


def test_an_invitation_of_another_delegation_cannot_be_revoked_through_this_one(
    client: Client, delegate: User, delegation: Delegation, register: Register, malmo: City
) -> None:
    mia = register(malmo, badge_name="Mia Malmö")
    theirs = invitations.invite_delegate(
        delegation=mia.delegation, email="x@example.org", by=mia.user
    )
    client.force_login(delegate)

    url = reverse("registrations:revoke_invitation", args=[delegation.pk, theirs.pk])
    response = client.post(url)

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_cancelled_member_has_no_seat_to_hand_over(
    client: Client, delegate: User, outsider: User, delegation: Delegation
) -> None:
    otto = Registration.objects.get(user=outsider)
    Registration.objects.filter(pk=otto.pk).update(status=Status.CANCELLED)
    UserFactory.create(email="sam.substitute@example.org")
    client.force_login(delegate)

    shown = client.get(substitute_url(delegation, otto))
    posted = client.post(substitute_url(delegation, otto), substitution())

    assert "there is no seat to hand over" in shown.content.decode()
    assert posted.status_code == 200
    assert "Only an active member can be substituted." in posted.content.decode()
    assert Registration.objects.count() == 2
