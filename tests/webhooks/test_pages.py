"""The organizers' webhook pages: who may open them, adding an endpoint with bad input refused
field by field, switching it off and on, retrying a failed delivery."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event
from webhooks.models import Delivery, Endpoint, EventType
from webhooks.services import emit

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(endpoint: Endpoint, event: Event) -> Delivery:
    emit(event_type=EventType.SESSION_MOVED, event=event, key="k", data={"title": "<b>x</b>"})
    Delivery.objects.update(status=Delivery.Status.FAILED, attempts=8, last_error="HTTP 500")
    return Delivery.objects.get()


def pages(endpoint: Endpoint, failed: Delivery) -> list[tuple[str, str]]:
    return [
        ("get", reverse("webhooks:endpoints")),
        ("post", reverse("webhooks:endpoints")),
        ("get", reverse("webhooks:endpoint", kwargs={"pk": endpoint.pk})),
        ("post", reverse("webhooks:switch", kwargs={"pk": endpoint.pk})),
        ("post", reverse("webhooks:retry", kwargs={"pk": failed.pk})),
    ]


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("delegate", 403)])
def test_only_organizers_open_or_change_anything(
    client: Client, delegate: User, endpoint: Endpoint, failed: Delivery, who: str, expected: int
) -> None:
    if who == "delegate":
        client.force_login(delegate)
    for method, url in pages(endpoint, failed):
        response = getattr(client, method)(url, {"active": "0"})
        assert response.status_code == expected, (method, url)
        if expected == 302:
            assert response["Location"].startswith("/accounts/login/")
    endpoint.refresh_from_db()
    failed.refresh_from_db()
    assert endpoint.is_active
    assert failed.status == Delivery.Status.FAILED
    assert Endpoint.objects.count() == 1


def test_an_organizer_adds_an_endpoint_and_sees_its_secret_once_added(
    client: Client, organizer: User, event: Event
) -> None:
    client.force_login(organizer)
    response = client.post(
        reverse("webhooks:endpoints"),
        {
            "url": "https://crm.example.org/summit",
            "description": "Network CRM",
            "event_types": ["registration.approved", "session.moved"],
            "event": event.pk,
        },
        follow=True,
    )

    endpoint = Endpoint.objects.get()
    assert (endpoint.url, endpoint.event, endpoint.event_types) == (
        "https://crm.example.org/summit",
        event,
        ["registration.approved", "session.moved"],
    )
    assert endpoint.secret.startswith("whsec_")
    assert len(endpoint.secret) > 30
    assert endpoint.secret in response.content.decode()
    assert "The endpoint is added." in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "ftp://crm.example.org/", "Enter a valid URL."),
        ("url", "javascript:alert(1)", "Enter a valid URL."),
        ("url", "https://example.org/" + "a" * 600, "Ensure this value has at most 500"),
        ("event_types", ["nothing.happened"], "Select a valid choice."),
        ("event_types", [], "This field is required."),
        ("event", "987654", "Select a valid choice."),
        ("event", "abc", "Select a valid choice."),
        ("description", "x" * 201, "Ensure this value has at most 200"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_adds_nothing(
    client: Client, organizer: User, field: str, value: Any, message: str
) -> None:
    client.force_login(organizer)
    data: dict[str, Any] = {
        "url": "https://crm.example.org/",
        "event_types": ["registration.created"],
        "event": "",
        "description": "",
    }
    data[field] = value

    response = client.post(reverse("webhooks:endpoints"), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not Endpoint.objects.exists()


def test_a_nul_character_is_refused_on_its_field_not_a_500(client: Client, organizer: User) -> None:
    client.force_login(organizer)
    response = client.post(
        reverse("webhooks:endpoints"),
        {"url": "https://a.example/", "event_types": ["session.moved"], "description": "a\x00b"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"] == ["Null characters are not allowed."]
    assert not Endpoint.objects.exists()


def test_switching_off_and_on(client: Client, organizer: User, endpoint: Endpoint) -> None:
    client.force_login(organizer)
    url = reverse("webhooks:switch", kwargs={"pk": endpoint.pk})

    client.post(url, {"active": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    client.post(url, {"active": "1"})
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_a_failed_delivery_is_shown_escaped_and_retried_once(
    client: Client, organizer: User, endpoint: Endpoint, failed: Delivery
) -> None:
    client.force_login(organizer)
    page = client.get(reverse("webhooks:endpoint", kwargs={"pk": endpoint.pk})).content.decode()
    assert "HTTP 500" in page
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page

    retry = reverse("webhooks:retry", kwargs={"pk": failed.pk})
    first = client.post(retry, follow=True).content.decode()
    second = client.post(retry, follow=True).content.decode()

    assert "The delivery is queued again." in first
    assert "Only a failed delivery can be retried." in second
    failed.refresh_from_db()
    assert failed.status != Delivery.Status.FAILED


def test_unknown_ids_are_404(client: Client, organizer: User) -> None:
    client.force_login(organizer)
    assert client.get(reverse("webhooks:endpoint", kwargs={"pk": 999999})).status_code == 404
    assert client.post(reverse("webhooks:retry", kwargs={"pk": 999999})).status_code == 404
    assert client.get("/organizers/webhooks/abc/").status_code == 404
