"""The organizers' decisions on a delegation page: its quota override and its coordinator."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from registrations import services
from registrations.models import Delegation, Registration, RegistrationPolicy
from tests.registrations.conftest import Register, set_limits

Status = Registration.Status


@pytest.fixture
def organizer_client(client: Client, organizer: User) -> Client:
    client.force_login(organizer)
    return client


@pytest.fixture
def members(
    register: Register, delegate: User, outsider: User, copenhagen: City
) -> tuple[Registration, Registration]:
    """Dan (coordinator) and Otto, Copenhagen's two members."""
    dan = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    otto = register(copenhagen, user=outsider, badge_name="Otto Outsider")
    return dan, otto


def page_url(delegation: Delegation) -> str:
    return reverse("registrations:delegation_detail", args=[delegation.pk])


def quota_url(delegation: Delegation) -> str:
    return reverse("registrations:set_delegation_quota", args=[delegation.pk])


def coordinator_url(delegation: Delegation) -> str:
    return reverse("registrations:appoint_coordinator", args=[delegation.pk])


def texts(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def reloaded(delegation: Delegation) -> tuple[int | None, str]:
    delegation = Delegation.objects.select_related("coordinator").get(pk=delegation.pk)
    assert delegation.coordinator is not None
    return delegation.quota_override, delegation.coordinator.email


# --- the page ------------------------------------------------------------------------------------
def test_organizer_sees_the_quota_and_coordinator_forms_with_current_values(
    organizer_client: Client, members: tuple[Registration, Registration], policy: Any
) -> None:
    set_limits(policy, city_quota=3)
    dan, _otto = members

    response = organizer_client.get(page_url(dan.delegation))

    html = response.content.decode()
    assert response.status_code == 200
    assert ('id="quota-form"' in html, 'id="coordinator-form"' in html) == (True, True)
    assert "2 of 3 seats taken." in html
    assert "The event's quota per city (3) applies." in html
    assert response.context["coordinator_form"]["member"].value() == dan.pk


def test_coordinator_does_not_see_the_organizer_forms(
    client: Client, members: tuple[Registration, Registration], delegate: User
) -> None:
    client.force_login(delegate)

    response = client.get(page_url(members[0].delegation))

    html = response.content.decode()
    assert response.status_code == 200
    assert ('id="quota-form"' in html, 'id="coordinator-form"' in html) == (False, False)
    assert "quota_form" not in response.context


def test_organizer_detail_page_links_to_the_delegation_page(
    organizer_client: Client, members: tuple[Registration, Registration], event: Event
) -> None:
    dan, _otto = members
    detail = reverse("registrations:registration_detail", args=[event.slug, dan.pk])

    response = organizer_client.get(detail)

    assert f'href="{page_url(dan.delegation)}"' in response.content.decode()


def test_delegation_page_links_members_to_their_detail_pages_for_organizers(
    organizer_client: Client, members: tuple[Registration, Registration], event: Event
) -> None:
    _dan, otto = members

    response = organizer_client.get(page_url(otto.delegation))

    detail = reverse("registrations:registration_detail", args=[event.slug, otto.pk])
    assert f'href="{detail}"' in response.content.decode()


# --- the quota -----------------------------------------------------------------------------------
def test_organizer_sets_a_delegations_quota_override(
    organizer_client: Client, members: tuple[Registration, Registration]
) -> None:
    delegation = members[0].delegation

    response = organizer_client.post(quota_url(delegation), {"quota": "5"})

    assert (response.status_code, response["Location"]) == (302, page_url(delegation))
    assert texts(response) == ["The delegation's quota is saved."]
    assert reloaded(delegation) == (5, "dan.delegate@example.org")


def test_empty_quota_clears_the_override(
    organizer_client: Client, members: tuple[Registration, Registration]
) -> None:
    delegation = members[0].delegation
    Delegation.objects.filter(pk=delegation.pk).update(quota_override=4)

    response = organizer_client.post(quota_url(delegation), {"quota": ""})

    assert response.status_code == 302
    assert reloaded(delegation) == (None, "dan.delegate@example.org")


def test_raised_quota_promotes_the_waiting_list_and_says_who(
    organizer_client: Client,
    register: Register,
    policy: RegistrationPolicy,
    copenhagen: City,
    delegate: User,
) -> None:
    set_limits(policy, city_quota=1)
    dan = register(copenhagen, user=delegate, badge_name="Dan Delegate")
    waiting = register(copenhagen, badge_name="Wanda Waiting")
    assert waiting.status == Status.WAITLISTED

    response = organizer_client.post(quota_url(dan.delegation), {"quota": "2"})

    assert texts(response) == [
        "The delegation's quota is saved.",
        "Promoted from the waiting list: Wanda Waiting",
    ]
    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("many", "Enter a whole number."),
        ("2.5", "Enter a whole number."),
        (str(2**70), "Ensure this value is less than or equal to 10000."),
        ("9" * 500, "Ensure this value is less than or equal to 10000."),
    ],
)
def test_bad_quota_shows_a_clear_error_and_saves_nothing(
    organizer_client: Client, members: tuple[Registration, Registration], value: str, error: str
) -> None:
    delegation = members[0].delegation

    response = organizer_client.post(quota_url(delegation), {"quota": value})

    assert response.status_code == 200
    assert response.context["quota_form"].errors == {"quota": [error]}
    assert reloaded(delegation) == (None, "dan.delegate@example.org")


# --- the coordinator ------------------------------------------------------------------------------
def test_organizer_appoints_another_member_as_coordinator(
    organizer_client: Client, members: tuple[Registration, Registration], organizer: User
) -> None:
    dan, otto = members

    response = organizer_client.post(coordinator_url(dan.delegation), {"member": otto.pk})

    assert (response.status_code, response["Location"]) == (302, page_url(dan.delegation))
    assert texts(response) == ["Otto Outsider now coordinates the delegation."]
    assert reloaded(dan.delegation) == (None, "otto.outsider@example.org")
    change = otto.changes.latest("pk")
    assert (change.description, change.changed_by) == ("Appointed coordinator", organizer)


@pytest.mark.parametrize("tampered", ["malmo", "cancelled", "", "abc", str(2**70), "<b>1</b>"])
def test_coordinator_outside_the_active_members_is_refused_clearly(
    organizer_client: Client,
    members: tuple[Registration, Registration],
    register: Register,
    malmo: City,
    tampered: str,
) -> None:
    dan, otto = members
    chosen = {
        "malmo": lambda: str(register(malmo, badge_name="Mia Malmö").pk),
        "cancelled": lambda: str(services.cancel_registration(registration=otto, by=None).pk),
    }.get(tampered, lambda: tampered)()

    response = organizer_client.post(coordinator_url(dan.delegation), {"member": chosen})

    assert response.status_code == 200
    expected = (
        "Choose a member of the delegation."
        if tampered == ""
        else ("Choose one of the delegation's registered members.")
    )
    assert response.context["coordinator_form"].errors == {"member": [expected]}
    assert reloaded(dan.delegation) == (None, "dan.delegate@example.org")


def test_a_refusal_of_the_service_shows_on_the_form(
    organizer_client: Client,
    members: tuple[Registration, Registration],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stands in for the member cancelling between the form's check and the service's lock.
    def refuse(**kwargs: Any) -> None:
        raise services.RegistrationError("coordinator_not_member", "Not a member any more.")

    monkeypatch.setattr(services, "appoint_coordinator", refuse)
    dan, otto = members

    response = organizer_client.post(coordinator_url(dan.delegation), {"member": otto.pk})

    assert response.status_code == 200
    assert response.context["coordinator_form"].errors == {"member": ["Not a member any more."]}
    assert "Not a member any more." in response.content.decode()
    assert reloaded(dan.delegation) == (None, "dan.delegate@example.org")
