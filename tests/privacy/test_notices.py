"""Privacy notices (#15 item 1): organizers publish versions per event, old ones stay readable,
and a new version is asked at the next sign-in, on a page that lets nothing else open until it
is answered and then goes on to where the person was going."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import Event
from privacy.consents import outstanding_notices, publish_notice
from privacy.models import Consent, PrivacyNotice
from tests.factories import EventFactory
from tests.privacy.support import queries_of
from tests.registrations.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db: None) -> Event:
    return EventFactory.create(name="Nordic Safe Cities Summit 2049", slug="nscs-2049")


@pytest.fixture
def registered(delegate: User, event: Event) -> User:
    RegistrationFactory.create(event=event, user=delegate)
    return delegate


def manage_url(event: Event) -> str:
    return reverse("privacy:manage_notice", kwargs={"slug": event.slug})


# --- organizers publish versions ----------------------------------------------------------------
def test_each_save_is_a_new_version_and_old_ones_stay_readable(
    client: Client, organizer: User, event: Event
) -> None:
    client.force_login(organizer)
    client.post(manage_url(event), {"text": "First words."})
    response = client.post(manage_url(event), {"text": "Second words."}, follow=True)

    assert "Version 2 is published." in response.content.decode()
    assert list(PrivacyNotice.objects.values_list("version", "text")) == [
        (2, "Second words."),
        (1, "First words."),
    ]
    client.logout()
    current = client.get(reverse("privacy:notice", kwargs={"slug": event.slug})).content.decode()
    old = client.get(
        reverse("privacy:notice_version", kwargs={"slug": event.slug, "version": 1})
    ).content.decode()
    assert "Second words." in current
    assert "First words." not in current
    assert "First words." in old
    assert "This is an earlier version." in old


def test_an_unknown_version_or_a_draft_events_notice_is_not_found(
    client: Client, organizer: User, event: Event
) -> None:
    publish_notice(event=event, text="Words.", by=organizer)
    draft = EventFactory.create(is_published=False)
    publish_notice(event=draft, text="Draft words.", by=organizer)
    for version in (2, 0, 2**40):
        url = reverse("privacy:notice_version", kwargs={"slug": event.slug, "version": version})
        assert client.get(url).status_code == 404
    assert client.get(reverse("privacy:notice", kwargs={"slug": draft.slug})).status_code == 404
    assert client.get("/events/nscs-2049/privacy/-1/").status_code == 404


def test_the_notice_page_costs_the_same_queries_for_one_version_and_for_ten(
    client: Client, organizer: User, event: Event
) -> None:
    url = reverse("privacy:notice", kwargs={"slug": event.slug})

    def count() -> int:
        return queries_of(client, url)

    publish_notice(event=event, text="One.", by=organizer)
    one = count()
    for n in range(9):
        publish_notice(event=event, text=f"Version {n + 2}.", by=organizer)
    assert count() == one


def test_without_a_notice_the_page_shows_the_standard_text(client: Client, event: Event) -> None:
    page = client.get(reverse("privacy:notice", kwargs={"slug": event.slug})).content.decode()
    assert "The organizers keep your details to run this event" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 20001, "Ensure this value has at most 20000 characters (it has 20001)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_bad_notice_text_is_refused_on_its_field(
    client: Client, organizer: User, event: Event, text: str, message: str
) -> None:
    client.force_login(organizer)
    response = client.post(manage_url(event), {"text": text})
    assert response.status_code == 400
    assert message in response.context["form"].errors["text"]
    assert not PrivacyNotice.objects.exists()


@pytest.mark.parametrize("name", ["privacy:manage_notice", "privacy:retention"])
@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("delegate", 403)])
def test_only_organizers_open_an_events_privacy_pages(
    client: Client, registered: User, event: Event, name: str, who: str, expected: int
) -> None:
    if who == "delegate":
        client.force_login(registered)
    url = reverse(name, kwargs={"slug": event.slug})
    assert client.get(url).status_code == expected
    assert client.post(url, {"text": "Mine now", "retention_days": "1"}).status_code == expected
    assert not PrivacyNotice.objects.exists()
    assert not event.__class__.objects.filter(privacy__isnull=False).exists()


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("delegate", 403)])
def test_only_organizers_open_the_privacy_overview(
    client: Client, delegate: User, who: str, expected: int
) -> None:
    if who == "delegate":
        client.force_login(delegate)
    assert client.get(reverse("privacy:overview")).status_code == expected


def test_the_overview_names_each_events_version(
    client: Client, organizer: User, event: Event
) -> None:
    publish_notice(event=event, text="One.", by=organizer)
    publish_notice(event=event, text="Two.", by=organizer)
    client.force_login(organizer)
    page = client.get(reverse("privacy:overview")).content.decode()
    assert "Version 2" in page
    assert reverse("privacy:retention", kwargs={"slug": event.slug}) in page


def test_an_unknown_event_is_not_found_for_organizers(client: Client, organizer: User) -> None:
    client.force_login(organizer)
    assert client.get("/organizers/events/nope/privacy/").status_code == 404


# --- asked again at the next sign-in ------------------------------------------------------------
def test_a_new_version_is_asked_at_sign_in_before_anything_else_then_back_to_the_page(
    client: Client, registered: User, organizer: User, event: Event
) -> None:
    notice = publish_notice(event=event, text="We now keep photos.", by=organizer)
    client.force_login(registered)  # the sign-in
    wanted = reverse("sessions_app:my_agenda") + "?day=2"

    blocked = client.get(wanted)
    review = reverse("privacy:review_notices")
    assert blocked.status_code == 302
    assert blocked["Location"] == f"{review}?next={quote(wanted, safe='')}"
    assert client.get(reverse("registrations:my_registrations")).status_code == 302
    page = client.get(blocked["Location"])
    assert "We now keep photos." in page.content.decode()

    unticked = client.post(review, {"next": wanted})
    assert unticked.status_code == 400
    assert not Consent.objects.filter(notice=notice).exists()

    answered = client.post(review, {"next": wanted, f"accept_{notice.pk}": "on"})

    assert answered.status_code == 302
    assert answered["Location"] == wanted
    assert Consent.objects.get(user=registered, notice=notice).given_at
    assert client.get(wanted).status_code == 200
    client.logout()
    client.force_login(registered)
    assert client.get(wanted).status_code == 200  # asked once


def test_signing_out_and_the_notice_pages_stay_open_while_a_notice_waits(
    client: Client, registered: User, organizer: User, event: Event
) -> None:
    publish_notice(event=event, text="New.", by=organizer)
    client.force_login(registered)

    assert client.get(reverse("privacy:notice", kwargs={"slug": event.slug})).status_code == 200
    assert client.get(reverse("javascript_catalog")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("registrations:my_registrations")).status_code == 302  # to login


def test_a_scripts_request_is_not_sent_to_the_notice(
    client: Client, registered: User, organizer: User, event: Event
) -> None:
    """A check-in scan or live counts fetch from a page; every page waits for the answer."""
    publish_notice(event=event, text="New.", by=organizer)
    client.force_login(registered)
    url = reverse("registrations:my_registrations")
    assert client.get(url, headers={"Sec-Fetch-Mode": "cors"}).status_code == 200
    assert client.get(url, headers={"Sec-Fetch-Mode": "navigate"}).status_code == 302


def test_a_substitute_accepts_the_events_notice_on_their_details_page(
    client: Client, delegate: User, organizer: User, event: Event
) -> None:
    from tests.registrations.conftest import form_data

    registration = RegistrationFactory.create(event=event, user=delegate, privacy_accepted_at=None)
    client.force_login(delegate)
    notice = publish_notice(event=event, text="The substitute's notice.", by=organizer)
    url = reverse("registrations:edit_registration", kwargs={"pk": registration.pk})

    page = client.get(url).content.decode()
    response = client.post(url, form_data(registration.city, notice_version=str(notice.version)))

    assert "The substitute&#x27;s notice." in page
    assert response.status_code == 302
    assert Consent.objects.get(user=delegate, purpose="privacy_notice").notice == notice
    assert outstanding_notices(delegate) == []


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "\x00"]
)
def test_the_review_never_sends_the_person_off_the_site(
    client: Client, registered: User, organizer: User, event: Event, target: str
) -> None:
    notice = publish_notice(event=event, text="New.", by=organizer)
    client.force_login(registered)
    response = client.post(
        reverse("privacy:review_notices"), {"next": target, f"accept_{notice.pk}": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_nothing_is_asked_of_those_not_registered_or_of_events_that_are_over(
    client: Client, delegate: User, outsider: User, organizer: User, event: Event
) -> None:
    import datetime as dt

    past = EventFactory.create(start_date=dt.date(2022, 10, 24), end_date=dt.date(2022, 10, 25))
    RegistrationFactory.create(event=past, user=delegate)
    publish_notice(event=past, text="Old event.", by=organizer)
    publish_notice(event=event, text="Not mine.", by=organizer)

    assert outstanding_notices(delegate) == []
    client.force_login(delegate)
    assert client.get(reverse("registrations:my_registrations")).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("registrations:my_registrations")).status_code == 200


def test_accepting_at_registration_is_not_asked_again(
    client: Client, delegate: User, organizer: User, event: Event
) -> None:
    from registrations.services import register_delegate
    from tests.factories import CityFactory
    from tests.registrations.factories import RegistrationPolicyFactory, details

    notice = publish_notice(event=event, text="Words.", by=organizer)
    RegistrationPolicyFactory.create(event=event)
    register_delegate(
        user=delegate,
        event=event,
        country="DK",
        city=CityFactory.create(country="DK"),
        details=details(),
        privacy_accepted=True,
        notice_version=notice.version,
    )
    assert outstanding_notices(delegate) == []


def test_the_review_page_is_for_signed_in_people(client: Client) -> None:
    response = client.get(reverse("privacy:review_notices"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_review_with_nothing_waiting_goes_straight_on(client: Client, registered: User) -> None:
    client.force_login(registered)
    agenda = reverse("sessions_app:my_agenda")
    response = client.get(reverse("privacy:review_notices") + f"?next={agenda}")
    assert response.status_code == 302
    assert response["Location"] == agenda


def test_the_demos_next_summit_has_a_notice_its_delegates_are_asked_to_accept() -> None:
    from demo.delegates import LOGIN_EXAMPLE
    from demo.load import load_demo

    load_demo()
    load_demo()  # once, however often it is loaded

    notice = PrivacyNotice.objects.get(event__slug="nsc-annual-summit-next")
    assert notice.version == 1
    delegate = User.objects.get(email=LOGIN_EXAMPLE)
    assert outstanding_notices(delegate) == [notice]


def test_an_accepted_version_is_not_deleted_alone_but_goes_with_its_event(
    delegate: User, organizer: User
) -> None:
    from django.db.models import RestrictedError

    from privacy.consents import accept_notices

    event = EventFactory.create()
    notice = publish_notice(event=event, text="Words.", by=organizer)
    accept_notices(user=delegate, notices=[notice])

    with pytest.raises(RestrictedError):
        notice.delete()
    event.delete()
    assert not Consent.objects.exists()
