"""The organizers' registration endpoints: list and filters, approve and decline through the
registrations services (history and mail follow), and what each token may see."""

from __future__ import annotations

import json
from typing import Any

import pytest

from outbox.models import OutboundMail
from registrations.models import Registration
from summit import cache
from tests.api.conftest import CheckedClient, bearer, make_token
from tests.registrations.factories import RegistrationFactory

Status = Registration.Status


def body(response: Any) -> Any:
    return json.loads(response.content)


def post(api: CheckedClient, url: str, raw: str) -> Any:
    """An empty JSON body, as a client sends a decision."""
    return api.post(url, content_type="application/json", headers=bearer(raw))


def mail_keys(registration: Registration) -> list[str]:
    mails = OutboundMail.objects.filter(
        idempotency_key__startswith=f"registration:{registration.pk}:"
    )
    return list(mails.values_list("idempotency_key", flat=True))


def test_list_shows_registrations_with_organizer_fields(
    api: CheckedClient, read_token: str, pending: Registration
) -> None:
    response = api.get("/api/v1/registrations/", headers=bearer(read_token))
    assert response.status_code == 200
    [row] = body(response)["results"]
    assert row["id"] == pending.pk
    assert row["event"] == "nsc-2049"
    assert row["status"] == "pending_approval"
    assert row["email"] == pending.user.email
    assert row["phone"] == "+45 1234"
    assert row["city"]["name"] == "Copenhagen"
    assert row["created_at"].endswith(("+01:00", "+02:00"))  # the venue's clocks


def test_list_filters_by_event_status_country_and_city(
    api: CheckedClient, read_token: str, pending: Registration, elsewhere: Registration
) -> None:
    approved = RegistrationFactory.create(event=pending.event, city=pending.city)

    def ids(query: str) -> list[int]:
        response = api.get(f"/api/v1/registrations/?{query}", headers=bearer(read_token))
        return [row["id"] for row in body(response)["results"]]

    assert ids("") == [pending.pk, elsewhere.pk, approved.pk]
    assert ids("event=nsc-2049") == [pending.pk, approved.pk]
    assert ids("status=approved") == [approved.pk]
    assert ids("country=SE") == [elsewhere.pk]
    assert ids(f"city={pending.city_id}") == [pending.pk, approved.pk]
    assert ids("event=nsc-2049&status=pending_approval") == [pending.pk]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("status=maybe", "status"),
        ("country=dk", "country"),
        ("city=x", "city"),
        ("event=a b", "event"),
    ],
)
def test_bad_filters_are_400(
    api: CheckedClient, read_token: str, db: None, query: str, name: str
) -> None:
    response = api.get(f"/api/v1/registrations/?{query}", headers=bearer(read_token))
    assert response.status_code == 400
    assert list(body(response)["errors"]) == [name]


def test_approve_goes_through_the_service_so_the_mail_follows(
    api: CheckedClient, write_token: str, pending: Registration, organizer: Any
) -> None:
    response = post(api, f"/api/v1/registrations/{pending.pk}/approve/", write_token)
    assert response.status_code == 200
    assert body(response)["status"] == "approved"
    pending.refresh_from_db()
    assert pending.status == Status.APPROVED
    change = pending.changes.get(description="Approved")
    assert change.changed_by == organizer
    assert mail_keys(pending) == [f"registration:{pending.pk}:approved:{change.pk}"]


def test_decline_goes_through_the_service_so_the_mail_follows(
    api: CheckedClient, write_token: str, pending: Registration
) -> None:
    response = api.post(
        f"/api/v1/registrations/{pending.pk}/decline/",
        data={},
        content_type="application/json",
        headers=bearer(write_token),
    )
    assert response.status_code == 200
    assert body(response)["status"] == "declined"
    change = pending.changes.get(description="Declined")
    assert mail_keys(pending) == [f"registration:{pending.pk}:declined:{change.pk}"]


def test_a_refused_decision_is_a_409_with_the_service_code(
    api: CheckedClient, write_token: str, pending: Registration
) -> None:
    Registration.objects.filter(pk=pending.pk).update(status=Status.DECLINED)
    response = post(api, f"/api/v1/registrations/{pending.pk}/approve/", write_token)
    assert response.status_code == 409
    assert body(response)["code"] == "not_pending"
    assert mail_keys(pending) == []


def test_read_token_cannot_decide(
    api: CheckedClient, read_token: str, pending: Registration
) -> None:
    response = post(api, f"/api/v1/registrations/{pending.pk}/approve/", read_token)
    assert response.status_code == 403
    assert body(response)["code"] == "permission_denied"
    pending.refresh_from_db()
    assert pending.status == Status.PENDING_APPROVAL


def test_event_token_sees_and_decides_only_its_event(
    api: CheckedClient, other_event_token: str, pending: Registration, elsewhere: Registration
) -> None:
    listed = body(api.get("/api/v1/registrations/", headers=bearer(other_event_token)))
    assert [row["id"] for row in listed["results"]] == [elsewhere.pk]
    asked = api.get("/api/v1/registrations/?event=nsc-2049", headers=bearer(other_event_token))
    assert body(asked)["count"] == 0
    for path in ("", "approve/", "decline/"):
        url = f"/api/v1/registrations/{pending.pk}/{path}"
        if path:
            response = post(api, url, other_event_token)
        else:
            response = api.get(url, headers=bearer(other_event_token))
        assert response.status_code == 404, path
    pending.refresh_from_db()
    assert pending.status == Status.PENDING_APPROVAL
    approved = post(api, f"/api/v1/registrations/{elsewhere.pk}/approve/", other_event_token)
    assert approved.status_code == 200


def test_a_token_stops_working_when_its_maker_is_no_longer_an_organizer(
    api: CheckedClient, organizer: Any, pending: Registration
) -> None:
    raw = make_token(organizer)
    organizer.groups.clear()
    organizer.is_staff = False
    organizer.save()
    response = api.get("/api/v1/registrations/", headers=bearer(raw))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_requests_are_throttled_per_token(
    api: CheckedClient, read_token: str, organizer: Any, settings: Any, db: None
) -> None:
    settings.API_TOKEN_RATE = "2/min"
    other = make_token(organizer)
    statuses = [
        api.get("/api/v1/registrations/", headers=bearer(read_token)).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert api.get("/api/v1/registrations/", headers=bearer(other)).status_code == 200


# token (1), its maker's permissions (2), count, rows; cached, the page needs no query
@pytest.mark.parametrize("n", [2, 30])
def test_registration_list_queries(
    api: CheckedClient,
    read_token: str,
    pending: Registration,
    n: int,
    django_assert_num_queries: Any,
) -> None:
    RegistrationFactory.create_batch(n - 1, event=pending.event, city=pending.city)
    api.get("/api/v1/registrations/", headers=bearer(read_token))  # stamps last_used_at
    cache.bump_all()
    with django_assert_num_queries(5):
        response = api.get("/api/v1/registrations/", headers=bearer(read_token))
    assert body(response)["count"] == n
    with django_assert_num_queries(1):  # the token; the maker's role and the page are cached
        response = api.get("/api/v1/registrations/", headers=bearer(read_token))
    assert body(response)["count"] == n
