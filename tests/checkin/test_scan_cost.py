"""What a scan costs: the check-in POST is the summit day's busiest request (bench/summit_day.py),
so its queries are pinned, for check-in staff and for an organizer alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from checkin.models import Checkin, CheckinList
from registrations.models import Registration
from tests.checkin.conftest import payload_of

pytestmark = pytest.mark.django_db

# The user (middleware; the session comes from the cache); then on PostgreSQL
# (checkin/scan_sql.py) the lock
# statement (the list, its event, whether this person may check in there, the badge with the
# person, the lock on the registration with its status) and the record statement (this nonce's
# record or the person's last valid one, the new record): 4. Elsewhere (services.check_in): the
# list, the badge, the lock, the nonce's or last record, the new record: 7. Here 2 more, the
# savepoint and its release, as a test runs inside a transaction (in production the scan's
# transaction is the request's own).
SCAN_QUERIES = 5 if connection.vendor == "postgresql" else 8


def post(client: Client, entrance: CheckinList, **data: Any) -> Any:
    url = reverse("checkin:scan", kwargs={"slug": entrance.event.slug, "pk": entrance.pk})
    return client.post(url, data)


@pytest.mark.parametrize("who", ["staff", "organizer"])
def test_a_scan_costs_its_pinned_queries(
    who: str,
    request: pytest.FixtureRequest,
    registration: Registration,
    entrance: CheckinList,
    django_assert_num_queries: Any,
) -> None:
    client = Client()
    client.force_login(request.getfixturevalue(who))
    payload = payload_of(registration)

    with django_assert_num_queries(SCAN_QUERIES):
        response = post(client, entrance, payload=payload, nonce="nonce-cost-1")

    assert response.json()["result"] == "valid"
    assert response.json()["person"]["delegation"] == "Reykjavík"


def test_a_second_scan_and_a_repeated_one_cost_the_same(
    registration: Registration, entrance: CheckinList, staff: User, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.force_login(staff)
    payload = payload_of(registration)
    post(client, entrance, payload=payload, nonce="nonce-cost-1")

    with django_assert_num_queries(SCAN_QUERIES):
        again = post(client, entrance, payload=payload, nonce="nonce-cost-2")
    # The first answer, read back with the check-in it names and who made it: nothing written.
    with django_assert_num_queries(SCAN_QUERIES + 1):
        repeated = post(client, entrance, payload=payload, nonce="nonce-cost-2")

    assert again.json()["result"] == repeated.json()["result"] == "already_in"
    assert again.json()["previous"] == repeated.json()["previous"]
    assert Checkin.objects.count() == 2


def test_a_scan_of_someone_who_may_not_check_in_here_is_403_and_records_nothing(
    registration: Registration, entrance: CheckinList, outsider: User
) -> None:
    client = Client()
    client.force_login(outsider)
    response = post(client, entrance, payload=payload_of(registration), nonce="nonce-cost-3")

    assert response.status_code == 403
    assert not Checkin.objects.exists()
