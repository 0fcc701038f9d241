"""The organizers' read endpoints: delegations, a session's sign-ups, check-ins. What they show,
their filters, bad query parameters, who sees what, and a fixed query count at 10 and 1,000
rows."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from api.ids import session_public_id
from checkin.models import Checkin, CheckinList
from checkin.services import check_in
from events.models import City, Event
from registrations.models import Delegation
from sessions_app.models import Session, Signup
from tests.api.conftest import CheckedClient, bearer, make_token
from tests.api.test_access_matrix import PERSONAS
from tests.factories import CityFactory, UserFactory
from tests.registrations.factories import (
    DelegationFactory,
    RegistrationFactory,
    RegistrationPolicyFactory,
)
from tests.sessions_app.factories import SignupFactory


def get(api: CheckedClient, token: str, url: str) -> Any:
    return api.get(url, headers=bearer(token))


def signups_url(session: Session) -> str:
    return f"/api/v1/sessions/{session_public_id(session.uid)}/signups/"


# --- delegations ----------------------------------------------------------------------------------
@pytest.fixture
def copenhagen(event: Event) -> Delegation:
    """Copenhagen's delegation: 2 approved, 1 pending, 1 waitlisted, 1 cancelled; a quota of 3."""
    RegistrationPolicyFactory.create(event=event, city_quota=3)
    city = event.venue.city
    for status in ["approved", "approved", "pending_approval", "waitlisted", "cancelled"]:
        RegistrationFactory.create(event=event, city=city, status=status)
    return Delegation.objects.get(event=event, city=city)


def test_delegations_show_coordinator_seats_and_counts(
    api: CheckedClient, read_token: str, copenhagen: Delegation
) -> None:
    response = get(api, read_token, "/api/v1/delegations/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == copenhagen.pk
    assert row["event"] == "nsc-2049"
    assert row["city"]["name"] == copenhagen.city.name
    assert copenhagen.coordinator is not None
    assert row["coordinator"]["email"] == copenhagen.coordinator.email
    assert (row["quota"], row["quota_override"]) == (3, None)
    assert (row["approved"], row["pending"], row["waitlisted"]) == (2, 1, 1)


def test_delegation_filters(
    api: CheckedClient, read_token: str, copenhagen: Delegation, event: Event, other_event: Event
) -> None:
    malmo = DelegationFactory.create(
        event=event, city=CityFactory.create(name="Malmö", country="SE"), quota_override=5
    )
    DelegationFactory.create(event=other_event, city=malmo.city)

    def ids(query: str) -> list[int]:
        return [
            row["id"]
            for row in get(api, read_token, f"/api/v1/delegations/?{query}").json()["results"]
        ]

    assert ids("event=nsc-2049&country=SE") == [malmo.pk]
    assert ids(f"event=nsc-2049&city={malmo.city_id}") == [malmo.pk]
    assert ids("event=nsc-2049&has_coordinator=false") == [malmo.pk]
    assert ids("event=nsc-2049&has_coordinator=true") == [copenhagen.pk]
    assert len(ids("country=SE")) == 2
    row = get(api, read_token, "/api/v1/delegations/?country=SE&event=nsc-2049").json()["results"][
        0
    ]
    assert (row["quota"], row["coordinator"]) == (5, None)


def test_an_event_token_sees_only_its_events_delegations(
    api: CheckedClient, other_event_token: str, copenhagen: Delegation, other_event: Event
) -> None:
    theirs = DelegationFactory.create(event=other_event, city=CityFactory.create())

    rows = get(api, other_event_token, "/api/v1/delegations/").json()["results"]

    assert [row["id"] for row in rows] == [theirs.pk]


# --- sign-ups -------------------------------------------------------------------------------------
def test_signups_in_queue_order_with_the_registration(
    api: CheckedClient, read_token: str, session: Session, event: Event
) -> None:
    seated = RegistrationFactory.create(event=event, city=event.venue.city)
    SignupFactory.create(session=session, user=seated.user, status="signed_up")
    waiting = SignupFactory.create(session=session, status="waitlisted")
    SignupFactory.create(session=session, status="withdrawn")

    response = get(api, read_token, signups_url(session))

    rows = response.json()["results"]
    assert [row["status"] for row in rows] == ["signed_up", "waitlisted", "withdrawn"]
    assert rows[0]["registration"] == seated.pk
    assert rows[0]["person"]["email"] == seated.user.email
    assert rows[1]["registration"] is None  # signed up without a registration at the event
    assert rows[1]["session"] == str(session_public_id(session.uid))
    waitlist = get(api, read_token, signups_url(session) + "?status=waitlisted").json()
    assert [row["id"] for row in waitlist["results"]] == [waiting.pk]


def test_a_drafts_signups_are_readable_and_another_events_are_not(
    api: CheckedClient, other_event_token: str, read_token: str, draft: Session
) -> None:
    assert get(api, read_token, signups_url(draft)).json()["count"] == 0
    refused = get(api, other_event_token, signups_url(draft))
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")


# --- check-ins ------------------------------------------------------------------------------------
@pytest.fixture
def scans(event: Event, session: Session, organizer: User) -> list[Checkin]:
    """A valid entrance check-in, a repeat, an unknown code, and one at the session's list
    (not on it: the person did not sign up)."""
    person = RegistrationFactory.create(event=event, city=event.venue.city, badge_name="Ása")
    entrance = CheckinList.objects.create(event=event)
    at_session = CheckinList.objects.create(event=event, session=session)
    return [
        check_in(checkin_list=entrance, staff=organizer, nonce="1", registration=person),
        check_in(checkin_list=entrance, staff=organizer, nonce="2", registration=person),
        check_in(checkin_list=entrance, staff=organizer, nonce="3", payload="garbage"),
        check_in(checkin_list=at_session, staff=organizer, nonce="4", registration=person),
    ]


def test_checkins_oldest_first_with_list_person_and_result(
    api: CheckedClient, read_token: str, scans: list[Checkin], session: Session, organizer: User
) -> None:
    rows = get(api, read_token, "/api/v1/checkins/").json()["results"]

    assert [row["id"] for row in rows] == [scan.pk for scan in scans]
    assert [row["result"] for row in rows] == [scan.result for scan in scans]
    assert rows[0]["result"] == "valid"
    assert rows[0]["registration"]["badge_name"] == "Ása"
    assert rows[0]["list"] == {"entrance": True, "session": None, "name": rows[0]["list"]["name"]}
    assert rows[2]["registration"] is None
    assert rows[3]["list"]["session"] == str(session_public_id(session.uid))
    assert rows[0]["staff"] == organizer.email


def test_checkin_filters(
    api: CheckedClient, read_token: str, scans: list[Checkin], session: Session
) -> None:
    def ids(query: str) -> list[int]:
        return [
            row["id"]
            for row in get(api, read_token, f"/api/v1/checkins/?{query}").json()["results"]
        ]

    public_id = session_public_id(session.uid)
    assert ids(f"session={public_id}") == [scans[3].pk]
    assert ids("entrance=true") == [s.pk for s in scans[:3]]
    assert ids("entrance=false") == [scans[3].pk]
    assert ids("result=valid") == [scans[0].pk]
    assert ids("result=not_on_list") == [scans[3].pk]  # not signed up for the session
    assert ids("event=scn-london-2049") == []
    since = scans[1].created_at.isoformat().replace("+", "%2B")
    assert ids(f"since={since}") == [s.pk for s in scans[2:]]


def test_an_event_token_sees_no_other_events_checkins(
    api: CheckedClient, other_event_token: str, scans: list[Checkin]
) -> None:
    assert get(api, other_event_token, "/api/v1/checkins/").json()["count"] == 0


# --- bad query parameters -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/delegations/?city=abc",
        "/api/v1/delegations/?city=99999999999999999999",
        "/api/v1/delegations/?country=Denmark",
        "/api/v1/delegations/?has_coordinator=maybe",
        "/api/v1/delegations/?page=0",
        "/api/v1/checkins/?session=not-a-uuid",
        "/api/v1/checkins/?session=00000000-0000-0000-0000-000000000000",
        "/api/v1/checkins/?since=yesterday",
        "/api/v1/checkins/?since=0001-01-01T00:00:00%2B01:00",
        "/api/v1/checkins/?result=approved",
        "/api/v1/checkins/?direction=sideways",
        "/api/v1/checkins/?page_size=abc&page=-1",
    ],
)
def test_bad_query_parameters_are_clear_errors(
    api: CheckedClient, read_token: str, scans: list[Checkin], query: str
) -> None:
    response = get(api, read_token, query)

    assert response.status_code in (400, 404)
    body = response.json()
    assert body["status"] == response.status_code
    assert body["code"] in ("invalid", "not_found")


@pytest.mark.parametrize("status", ["seated", "SIGNED_UP", "x" * 1000])
def test_a_bad_signup_status_is_400(
    api: CheckedClient, read_token: str, session: Session, status: str
) -> None:
    response = get(api, read_token, signups_url(session) + f"?status={status}")
    assert (response.status_code, set(response.json()["errors"])) == (400, {"status"})


@pytest.mark.parametrize("public_id", ["00000000-0000-0000-0000-000000000000", "nope"])
def test_unknown_sessions_signups_are_404(
    api: CheckedClient, read_token: str, session: Session, public_id: str
) -> None:
    response = get(api, read_token, f"/api/v1/sessions/{public_id}/signups/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


# --- who may read ---------------------------------------------------------------------------------
ENDPOINTS = ["/api/v1/delegations/", "/api/v1/checkins/", "signups"]


@pytest.mark.parametrize("persona", [*PERSONAS, "this_event"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_reads_by_persona(
    api: CheckedClient,
    session: Session,
    scans: list[Checkin],
    copenhagen: Delegation,
    read_token: str,
    write_token: str,
    other_event_token: str,
    revoked_token: str,
    expired_token: str,
    delegate: User,
    organizer: User,
    persona: str,
    endpoint: str,
) -> None:
    tokens = {
        "this_event": make_token(organizer, scope="read", event=session.event),
        "read": read_token,
        "write": write_token,
        "other_event": other_event_token,
        "revoked": revoked_token,
        "expired": expired_token,
    }
    url = signups_url(session) if endpoint == "signups" else endpoint
    headers = bearer(tokens[persona]) if persona in tokens else {}
    if persona in ("delegate", "organizer"):
        api.force_login(delegate if persona == "delegate" else organizer)

    response = api.get(url, headers=headers)
    written = api.post(url, {}, content_type="application/json", headers=headers)

    expected = {"read": 200, "write": 200, "this_event": 200, "other_event": 200}.get(persona, 401)
    if endpoint == "signups" and persona == "other_event":
        expected = 404
    assert response.status_code == expected
    if expected == 200 and endpoint != "signups":
        mine = {"/api/v1/delegations/": 1, "/api/v1/checkins/": len(scans)}[endpoint]
        assert response.json()["count"] == (0 if persona == "other_event" else mine)
    # Writing: a dead or missing token 401, a read token 403 (the scope first), else 405.
    reads = ("read", "this_event")  # read tokens: the scope refuses a write first
    assert written.status_code == (403 if persona in reads else 405 if expected != 401 else 401)


# --- queries: the same count at 10 and 1,000 rows ------------------------------------------------
def many_delegations(event: Event, n: int, coordinator: User) -> None:
    cities = City.objects.bulk_create(
        City(name=f"City {i}", country="DK", is_confirmed=True) for i in range(n)
    )
    Delegation.objects.bulk_create(
        Delegation(event=event, city=city, coordinator=coordinator) for city in cities
    )


def many_signups(session: Session, n: int) -> None:
    users = User.objects.bulk_create(User(email=f"a{i}@example.org") for i in range(n))
    Signup.objects.bulk_create(Signup(session=session, user=u, status="signed_up") for u in users)


def many_checkins(event: Event, session: Session, n: int, staff: User) -> None:
    person = RegistrationFactory.create(event=event, city=event.venue.city)
    lists = [
        CheckinList.objects.create(event=event),
        CheckinList.objects.create(event=event, session=session),
    ]
    Checkin.objects.bulk_create(
        Checkin(
            checkin_list=lists[i % 2],
            registration=person,
            staff=staff,
            nonce=str(i),
            result=Checkin.Result.VALID,
        )
        for i in range(n)
    )


# token (1), count, rows; the sign-ups add the session. Its maker's role is read from the cache
# (accounts.roles.is_organizer), filled by the request before.
@pytest.mark.parametrize("n", [10, 1000])
@pytest.mark.parametrize(
    ("endpoint", "queries"), [("/api/v1/delegations/", 3), ("/api/v1/checkins/", 3), ("signups", 4)]
)
def test_read_list_queries(
    api: CheckedClient,
    read_token: str,
    session: Session,
    organizer: User,
    n: int,
    endpoint: str,
    queries: int,
    django_assert_num_queries: Any,
) -> None:
    event = session.event
    if endpoint == "signups":
        many_signups(session, n)
    elif "delegations" in endpoint:
        many_delegations(event, n, UserFactory.create())
    else:
        many_checkins(event, session, n, organizer)
    url = signups_url(session) if endpoint == "signups" else endpoint
    api.get(url, headers=bearer(read_token))  # stamps last_used_at
    with django_assert_num_queries(queries):
        response = api.get(url + "?page_size=200", headers=bearer(read_token))
    assert response.json()["count"] == n
    assert len(response.json()["results"]) == min(n, 200)
