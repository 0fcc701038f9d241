"""Who may open each page of the check-in app: anonymous, a delegate, the delegate whose badge
it is, check-in staff of the event, staff of another event, an organizer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from checkin.models import CheckinList, CheckinStaff
from events.models import Event
from registrations.models import Registration
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str
    method: str
    kwargs: str  # which arguments: "", "event", "list", "registration", "delegation", "user"
    # expected status per persona: anonymous, outsider, owner, staff, foreign_staff, organizer
    expect: tuple[int, int, int, int, int, int]


LOGIN = 302
STAFF_PAGE = (LOGIN, 403, 403, 200, 403, 200)
ORGANIZER_PAGE = (LOGIN, 403, 403, 403, 403, 200)
ORGANIZER_POST = (LOGIN, 403, 403, 403, 403, 302)
PAGES = [
    Page("my_checkin_events", "get", "", (LOGIN, 200, 200, 200, 200, 200)),
    Page("service_worker", "get", "", (200, 200, 200, 200, 200, 200)),  # code, no data
    Page("choose_list", "get", "event", STAFF_PAGE),
    Page("checkin_page", "get", "list", STAFF_PAGE),
    Page("scan", "post", "list", STAFF_PAGE),
    Page("offline_list", "get", "list", STAFF_PAGE),
    Page("by_hand", "post", "list", (LOGIN, 403, 403, 302, 403, 302)),
    Page("my_badge", "get", "registration", (LOGIN, 404, 200, 404, 404, 200)),
    Page("my_badge_pdf", "get", "registration", (LOGIN, 404, 200, 404, 404, 200)),
    Page("badges_page", "get", "event", ORGANIZER_PAGE),
    Page("event_badges_pdf", "get", "event", ORGANIZER_PAGE),
    Page("delegation_badges_pdf", "get", "delegation", ORGANIZER_PAGE),
    Page("person_badge_pdf", "get", "person", ORGANIZER_PAGE),
    Page("reissue_badge", "post", "person", ORGANIZER_POST),
    Page("grant_staff", "post", "event", ORGANIZER_POST),
    Page("remove_staff", "post", "user", ORGANIZER_POST),
    Page("live_counts", "get", "event", ORGANIZER_PAGE),
    Page("live_counts_json", "get", "event", ORGANIZER_PAGE),
]
PERSONAS = ["anonymous", "outsider", "owner", "staff", "foreign_staff", "organizer"]


@pytest.fixture
def people(
    outsider: User, delegate: User, staff: User, organizer: User, other_event: Event
) -> dict[str, User | None]:
    foreign: User = UserFactory.create(email="fred.foreign@example.org")
    CheckinStaff.objects.create(event=other_event, user=foreign)
    return {
        "anonymous": None,
        "outsider": outsider,
        "owner": delegate,
        "staff": staff,
        "foreign_staff": foreign,
        "organizer": organizer,
    }


def url_of(page: Page, registration: Registration, entrance: CheckinList, staff: User) -> str:
    slug = registration.event.slug
    choices: dict[str, dict[str, Any]] = {
        "": {},
        "event": {"slug": slug},
        "list": {"slug": slug, "pk": entrance.pk},
        "registration": {"pk": registration.pk},
        "delegation": {"slug": slug, "pk": registration.delegation_id},
        "person": {"slug": slug, "pk": registration.pk},
        "user": {"slug": slug, "user_pk": staff.pk},
    }
    return reverse(f"checkin:{page.name}", kwargs=choices[page.kwargs])


POSTED = {
    "scan": {"payload": "garbage", "nonce": "nonce-access-1"},
    "by_hand": {"payload": "garbage", "nonce": "nonce-access-2"},
    "grant_staff": {"email": "olga.organizer@example.org"},
}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(
    page: Page,
    persona: str,
    people: dict[str, User | None],
    registration: Registration,
    entrance: CheckinList,
    staff: User,
) -> None:
    client = Client()
    user = people[persona]
    if user is not None:
        client.force_login(user)
    url = url_of(page, registration, entrance, staff)

    if page.method == "get":
        response = client.get(url)
    else:
        response = client.post(url, POSTED.get(page.name, {}))

    expected = page.expect[PERSONAS.index(persona)]
    assert response.status_code == expected
    if expected == LOGIN and persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_wrong_method_is_405(
    page: Page, organizer: User, registration: Registration, entrance: CheckinList, staff: User
) -> None:
    client = Client()
    client.force_login(organizer)
    url = url_of(page, registration, entrance, staff)

    response = client.post(url) if page.method == "get" else client.get(url)

    assert response.status_code == 405


def test_a_list_of_another_event_is_404_for_its_staff(
    event: Event, other_event: Event, staff: User
) -> None:
    foreign_list = CheckinList.objects.create(event=other_event)
    client = Client()
    client.force_login(staff)

    response = client.get(
        reverse("checkin:checkin_page", kwargs={"slug": event.slug, "pk": foreign_list.pk})
    )

    assert response.status_code == 404


def test_a_badge_of_a_waitlisted_registration_is_refused(
    registration: Registration, delegate: User
) -> None:
    Registration.objects.filter(pk=registration.pk).update(
        status=Registration.Status.WAITLISTED, waitlisted_at=registration.created_at
    )
    client = Client()
    client.force_login(delegate)

    response = client.get(reverse("checkin:my_badge", kwargs={"pk": registration.pk}))

    assert response.status_code == 403
