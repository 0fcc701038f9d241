"""The admin calls the services: history, seat lock and mails as on the organizer pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from outbox.models import OutboundMail
from registrations.models import Delegation, Registration, RegistrationChange, RegistrationPolicy
from tests.factories import UserFactory
from tests.registrations.conftest import Register, set_limits

Status = Registration.Status
CHANGELIST = "admin:registrations_registration_changelist"


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory.create(email="ada.admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin(client: Client, superuser: User) -> Client:
    client.force_login(superuser)
    return client


def test_approve_action_approves_through_the_service(
    admin: Client,
    superuser: User,
    register: Register,
    policy: RegistrationPolicy,
    copenhagen: City,
) -> None:
    set_limits(policy, requires_approval=True)
    first, second = register(copenhagen), register(copenhagen)

    response = admin.post(
        reverse(CHANGELIST), {"action": "approve", "_selected_action": [first.pk, second.pk]}
    )

    assert (response.status_code, response["Location"]) == (302, reverse(CHANGELIST))
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.APPROVED}
    assert (
        RegistrationChange.objects.filter(changed_by=superuser, new_status="approved").count() == 2
    )
    assert OutboundMail.objects.filter(idempotency_key__contains=":approved:").count() == 2


def test_decline_action_reports_a_refusal_and_declines_the_others(
    admin: Client, register: Register, copenhagen: City, organizer: User
) -> None:
    already, other = register(copenhagen, badge_name="Already Gone"), register(copenhagen)
    admin.post(
        reverse(CHANGELIST), {"action": "decline", "_selected_action": [already.pk]}, follow=True
    )

    response = admin.post(
        reverse(CHANGELIST),
        {"action": "decline", "_selected_action": [already.pk, other.pk]},
        follow=True,
    )

    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        "Already Gone: This registration is already declined.",
        "1 registration declined.",
    ]
    assert Registration.objects.get(pk=other.pk).status == Status.DECLINED


def test_confirm_city_action_confirms_the_proposed_city(admin: Client, register: Register) -> None:
    submitted = register(None, country="NO", proposed_city_name="Tromsø")

    admin.post(reverse(CHANGELIST), {"action": "confirm_city", "_selected_action": [submitted.pk]})

    assert City.objects.get(name="Tromsø").is_confirmed is True
    assert Registration.objects.get(pk=submitted.pk).status == Status.APPROVED


def test_changelist_filters_by_status_and_searches_by_email(
    admin: Client, register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1)
    register(copenhagen, badge_name="Seated Person")
    register(copenhagen, badge_name="Waiting Person")
    register(
        copenhagen, user=UserFactory.create(email="findme@example.org"), badge_name="Found Person"
    )

    by_status = admin.get(reverse(CHANGELIST), {"status__exact": "waitlisted"})
    by_email = admin.get(reverse(CHANGELIST), {"q": "findme@"})

    assert sorted(r.badge_name for r in by_status.context["cl"].result_list) == [
        "Found Person",
        "Waiting Person",
    ]
    assert [r.badge_name for r in by_email.context["cl"].result_list] == ["Found Person"]


def test_registration_page_shows_its_history_read_only(
    admin: Client, register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen, badge_name="Sophie Andersen")

    response = admin.get(reverse("admin:registrations_registration_change", args=[registration.pk]))

    assert response.status_code == 200
    assert b"Registered" in response.content
    assert b'name="badge_name"' not in response.content  # every field is read-only


def test_raising_a_delegation_quota_in_the_admin_promotes(
    admin: Client, register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, city_quota=1)
    seated = register(copenhagen)
    waiting = register(copenhagen, badge_name="Next In Line")
    delegation = seated.delegation

    response = admin.post(
        reverse("admin:registrations_delegation_change", args=[delegation.pk]),
        {
            "coordinator": seated.user.pk,
            "quota_override": "2",
            "registrations-TOTAL_FORMS": "2",
            "registrations-INITIAL_FORMS": "2",
            "registrations-MIN_NUM_FORMS": "0",
            "registrations-MAX_NUM_FORMS": "1000",
            "registrations-0-id": seated.pk,
            "registrations-0-delegation": delegation.pk,
            "registrations-1-id": waiting.pk,
            "registrations-1-delegation": delegation.pk,
        },
        follow=True,
    )

    assert "Promoted from the waiting list: Next In Line" in [
        str(m) for m in response.context["messages"]
    ]
    assert Delegation.objects.get().quota_override == 2
    assert Registration.objects.get(pk=waiting.pk).status == Status.APPROVED


def test_the_admin_refuses_a_coordinator_outside_the_delegation(
    admin: Client, register: Register, copenhagen: City, aarhus: City
) -> None:
    member = register(copenhagen)
    stranger = register(aarhus)

    response = admin.post(
        reverse("admin:registrations_delegation_change", args=[member.delegation.pk]),
        {
            "coordinator": stranger.user.pk,
            "quota_override": "",
            "registrations-TOTAL_FORMS": "1",
            "registrations-INITIAL_FORMS": "1",
            "registrations-MIN_NUM_FORMS": "0",
            "registrations-MAX_NUM_FORMS": "1000",
            "registrations-0-id": member.pk,
            "registrations-0-delegation": member.delegation.pk,
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "coordinator": ["The coordinator must be a registered member of the delegation."]
    }
    assert Delegation.objects.get(city=copenhagen).coordinator == member.user


def test_saving_a_policy_in_the_admin_promotes_the_waiting_list(
    admin: Client, register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1)
    register(copenhagen)
    waiting = register(copenhagen)

    response = admin.post(
        reverse("admin:registrations_registrationpolicy_change", args=[policy.pk]),
        {"capacity": "2", "city_quota": "", "country_quota": "", "requires_approval": ""},
    )

    assert response.status_code == 302
    assert Registration.objects.get(pk=waiting.pk).status == Status.APPROVED


def test_adding_a_policy_in_the_admin_saves_its_limits(admin: Client, event: Event) -> None:
    response = admin.post(
        reverse("admin:registrations_registrationpolicy_add"),
        {
            "event": event.pk,
            "capacity": "120",
            "city_quota": "4",
            "country_quota": "",
            "requires_approval": "on",
        },
    )

    assert response.status_code == 302
    policy = RegistrationPolicy.objects.get(event=event)
    assert (policy.capacity, policy.city_quota, policy.country_quota) == (120, 4, None)
    assert policy.requires_approval is True
