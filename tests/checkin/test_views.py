"""The check-in pages answer staff with the result and four facts about the person; the
organizers' pages print and reissue badges and grant the staff role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from checkin import offline, services
from checkin.models import Badge, Checkin, CheckinList, CheckinStaff
from events.models import City, Event
from registrations.models import Registration
from tests.checkin.conftest import decode_qr_codes, payload_of
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def scan_url(entrance: CheckinList) -> str:
    return reverse("checkin:scan", kwargs={"slug": entrance.event.slug, "pk": entrance.pk})


def post_scan(client: Client, entrance: CheckinList, **data: Any) -> Any:
    data.setdefault("nonce", "nonce-view-1")
    return client.post(scan_url(entrance), data)


def test_a_valid_scan_answers_with_four_facts_about_the_person(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    response = post_scan(logged_in(staff), entrance, payload=payload_of(registration))

    assert response.status_code == 200
    data = response.json()
    assert data["result"] == "valid"
    assert data["ok"] is True
    assert data["person"] == {
        "name": "Þórunn Ðögg Æsa Ørn Åsa Ärla Öst",
        "office": "Mayor",
        "city": "Reykjavík",
        "delegation": "Reykjavík",
    }
    assert data["list"] == "Entrance: Nordic Safe Cities Summit 2049"
    assert registration.user.email not in response.content.decode()


def test_a_second_scan_says_when_and_by_whom(
    registration: Registration, entrance: CheckinList, staff: User, organizer: User
) -> None:
    post_scan(logged_in(organizer), entrance, payload=payload_of(registration), nonce="first-0001")
    first = Checkin.objects.get()

    data = post_scan(
        logged_in(staff), entrance, payload=payload_of(registration), nonce="second-0002"
    ).json()

    assert data["result"] == "already_in"
    assert data["ok"] is False
    assert data["previous"] == {"at": first.created_at.isoformat(), "by": "Olga Person"}
    assert "by Olga Person" in data["reason"]


def test_a_repeated_post_returns_the_first_answer(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    client = logged_in(staff)
    first = post_scan(client, entrance, payload=payload_of(registration), nonce="same-nonce")
    again = post_scan(client, entrance, payload=payload_of(registration), nonce="same-nonce")

    assert first.json() == again.json()
    assert again.json()["result"] == "valid"
    assert Checkin.objects.count() == 1


def test_a_badge_of_another_event_shows_nobody(
    other_event: Event, reykjavik: City, entrance: CheckinList, staff: User
) -> None:
    elsewhere = RegistrationFactory.create(event=other_event, city=reykjavik)

    data = post_scan(logged_in(staff), entrance, payload=payload_of(elsewhere)).json()

    assert data["result"] == "other_event"
    assert data["person"] is None
    assert data["reason"] == "This badge is for another event."


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"payload": "garbage"},
        {"payload": "garbage", "nonce": "short"},
        {"payload": "garbage", "nonce": "has spaces in it"},
        {"nonce": "nonce-view-1"},
        {"payload": "garbage", "nonce": "nonce-view-1", "direction": "sideways"},
        {"registration": "abc", "nonce": "nonce-view-1"},
    ],
)
def test_a_malformed_request_is_a_400_with_the_reason(
    entrance: CheckinList, staff: User, data: dict[str, str]
) -> None:
    response = logged_in(staff).post(scan_url(entrance), data)

    assert response.status_code == 400
    assert response.json()["error"]
    assert Checkin.objects.count() == 0


def test_a_huge_payload_is_an_unknown_result(entrance: CheckinList, staff: User) -> None:
    data = post_scan(logged_in(staff), entrance, payload="A" * 100_000).json()

    assert data["result"] == "unknown"
    assert data["reason"] == "Not a Summit badge, or the code could not be read."


def test_a_registration_of_another_event_cannot_be_checked_in_by_hand(
    other_event: Event, reykjavik: City, entrance: CheckinList, staff: User
) -> None:
    elsewhere = RegistrationFactory.create(event=other_event, city=reykjavik)

    response = post_scan(logged_in(staff), entrance, registration=elsewhere.pk)

    assert response.status_code == 404
    assert Checkin.objects.count() == 0


def test_search_finds_people_of_the_event_and_shows_four_facts(
    registration: Registration,
    other_event: Event,
    reykjavik: City,
    entrance: CheckinList,
    staff: User,
) -> None:
    RegistrationFactory.create(event=other_event, city=reykjavik, badge_name="Þórdís Elsewhere")
    url = reverse("checkin:checkin_page", kwargs={"slug": entrance.event.slug, "pk": entrance.pk})

    response = logged_in(staff).get(url, {"q": "Þór"})

    assert response.status_code == 200
    assert [r.pk for r in response.context["matches"]] == [registration.pk]
    page = response.content.decode()
    assert "Þórunn Ðögg" in page
    assert "Þórdís Elsewhere" not in page
    assert registration.user.email not in page
    assert registration.organization not in page


def test_check_in_by_hand_without_javascript_shows_the_result(
    registration: Registration, entrance: CheckinList, staff: User
) -> None:
    url = reverse("checkin:by_hand", kwargs={"slug": entrance.event.slug, "pk": entrance.pk})
    data = {"registration": registration.pk, "nonce": "by-hand-0001"}

    response = logged_in(staff).post(url, data, follow=True)
    logged_in(staff).post(url, data)  # a double submit of the same form

    assert [str(m) for m in response.context["messages"]] == [
        "Valid: Þórunn Ðögg Æsa Ørn Åsa Ärla Öst. "
        "Checked in to Entrance: Nordic Safe Cities Summit 2049."
    ]
    assert Checkin.objects.get().method == Checkin.Method.MANUAL


def test_the_delegate_sees_their_qr_code_and_their_pdf_scans(
    registration: Registration, delegate: User, entrance: CheckinList, staff: User, tmp_path: Path
) -> None:
    client = logged_in(delegate)

    page = client.get(reverse("checkin:my_badge", kwargs={"pk": registration.pk}))
    badge_pdf = client.get(reverse("checkin:my_badge_pdf", kwargs={"pk": registration.pk}))

    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    assert badge_pdf["Content-Type"] == "application/pdf"
    (payload,) = decode_qr_codes(badge_pdf.content, tmp_path)[0]
    data = post_scan(logged_in(staff), entrance, payload=payload).json()
    assert data["result"] == "valid"


def test_my_registrations_links_to_the_badge(registration: Registration, delegate: User) -> None:
    response = logged_in(delegate).get(reverse("registrations:my_registrations"))

    assert reverse("checkin:my_badge", kwargs={"pk": registration.pk}) in response.content.decode()


def test_the_organizer_reissues_a_badge(
    registration: Registration, organizer: User, entrance: CheckinList, staff: User
) -> None:
    old = payload_of(registration)
    url = reverse(
        "checkin:reissue_badge", kwargs={"slug": registration.event.slug, "pk": registration.pk}
    )

    response = logged_in(organizer).post(url)

    assert response.status_code == 302
    assert Badge.objects.live().get(registration=registration).issued_by == organizer
    assert post_scan(logged_in(staff), entrance, payload=old).json()["result"] == "revoked"


def test_the_organizer_grants_and_removes_the_staff_role(
    event: Event, organizer: User, outsider: User
) -> None:
    client = logged_in(organizer)
    grant = reverse("checkin:grant_staff", kwargs={"slug": event.slug})

    client.post(grant, {"email": "OTTO.outsider@example.org"})
    granted = list(CheckinStaff.objects.values_list("user__email", "granted_by"))
    remove = reverse("checkin:remove_staff", kwargs={"slug": event.slug, "user_pk": outsider.pk})
    client.post(remove)

    assert granted == [("otto.outsider@example.org", organizer.pk)]
    assert not CheckinStaff.objects.exists()


@pytest.mark.parametrize(
    ("email", "error"),
    [("nobody@example.org", "Nobody has an account"), ("not-an-address", "valid email")],
)
def test_granting_the_role_to_a_bad_address_says_why(
    event: Event, organizer: User, email: str, error: str
) -> None:
    url = reverse("checkin:grant_staff", kwargs={"slug": event.slug})

    response = logged_in(organizer).post(url, {"email": email})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not CheckinStaff.objects.exists()


def test_the_event_badges_pdf_costs_the_same_queries_for_more_people(
    event: Event, reykjavik: City, organizer: User, tmp_path: Path
) -> None:
    client = logged_in(organizer)
    url = reverse("checkin:event_badges_pdf", kwargs={"slug": event.slug})

    def queries(people: int) -> int:
        for _ in range(people):
            RegistrationFactory.create(event=event, city=reykjavik)
        client.get(url)  # makes the missing badges
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    assert queries(2) == queries(8)
    pages = decode_qr_codes(client.get(url).content, tmp_path)
    assert [len(page) for page in pages] == [6, 4]


def test_a_typed_code_without_javascript_says_what_it_is(
    entrance: CheckinList, staff: User
) -> None:
    url = reverse("checkin:by_hand", kwargs={"slug": entrance.event.slug, "pk": entrance.pk})

    response = logged_in(staff).post(
        url, {"payload": "not-a-badge", "nonce": "typed-0001"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Unknown code. Not a Summit badge, or the code could not be read."
    ]


def test_the_offline_list_knows_badges_by_hash_only(
    registration: Registration,
    event: Event,
    reykjavik: City,
    entrance: CheckinList,
    staff: User,
    organizer: User,
) -> None:
    waiting = RegistrationFactory.create(
        event=event, city=reykjavik, status=Registration.Status.WAITLISTED
    )
    inside = RegistrationFactory.create(event=event, city=reykjavik)
    payloads = {r.pk: payload_of(r) for r in (registration, inside)}
    post_scan(logged_in(staff), entrance, payload=payloads[inside.pk])
    old = payloads[registration.pk]
    services.reissue_badge(registration=registration, by=organizer)
    url = reverse("checkin:offline_list", kwargs={"slug": event.slug, "pk": entrance.pk})

    response = logged_in(staff).get(url)

    entries = response.json()["entries"]
    assert response["Cache-Control"] == "no-store"
    assert entries[offline.key_of(old)] == {"result": "revoked"}
    assert entries[offline.key_of(payload_of(registration))]["result"] == "valid"
    assert entries[offline.key_of(payloads[inside.pk])]["result"] == "already_in"
    assert entries[offline.key_of(payload_of(inside))]["person"]["city"] == "Reykjavík"
    assert len(entries) == 3  # the waitlisted delegate has no badge
    body = response.content.decode()
    assert old not in body
    assert payload_of(registration) not in body
    assert registration.user.email not in body
    assert waiting.badge_name not in body
