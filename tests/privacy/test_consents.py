"""Consent records (#15 item 1): what a person agreed to, per purpose and notice version, when;
withdrawal on the Consents page, which takes them off the delegate list; the consents in
"download my data" and gone after erasure."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from events.models import City, Event
from privacy.consents import publish_notice
from privacy.data_export import personal_data
from privacy.erasure import erase, request_erasure
from privacy.models import Consent
from registrations.models import Registration
from tests.factories import CityFactory, EventFactory, VenueFactory
from tests.privacy.support import queries_of
from tests.registrations.conftest import form_data
from tests.registrations.factories import RegistrationPolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def copenhagen(db: None) -> City:
    return CityFactory.create(name="Copenhagen", country="DK")


@pytest.fixture
def event(copenhagen: City) -> Event:
    venue = VenueFactory.create(name="Copenhagen City Hall", city=copenhagen)
    event: Event = EventFactory.create(name="Nordic Safe Cities Summit 2049", venue=venue)
    RegistrationPolicyFactory.create(event=event)
    return event


def register(client: Client, event: Event, city: City, **overrides: Any) -> Any:
    url = reverse("registrations:register", kwargs={"slug": event.slug})
    return client.post(url, form_data(city, **overrides))


def live(user: User, event: Event) -> set[str]:
    rows = Consent.objects.filter(user=user, event=event, withdrawn_at=None)
    return set(rows.values_list("purpose", flat=True))


def test_registering_records_each_answer_with_the_notice_version_shown(
    client: Client, delegate: User, organizer: User, event: Event, copenhagen: City
) -> None:
    publish_notice(event=event, text="Version one.", by=organizer)
    second = publish_notice(
        event=event, text="We keep your needs until 90 days after.", by=organizer
    )
    client.force_login(delegate)

    page = client.get(reverse("registrations:register", kwargs={"slug": event.slug}))
    response = register(client, event, copenhagen, notice_version="2", consent_photos="on")

    html = page.content.decode()
    assert "We keep your needs until 90 days after." in html
    assert "Version one." not in html
    assert '<input type="hidden" name="notice_version" value="2"' in html
    assert response.status_code == 302
    assert live(delegate, event) == {"privacy_notice", "delegate_list", "photos"}
    accepted = Consent.objects.get(user=delegate, purpose="privacy_notice")
    assert accepted.notice == second
    assert accepted.given_at is not None


def test_an_unticked_optional_consent_and_a_private_listing_record_nothing(
    client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    client.force_login(delegate)
    register(client, event, copenhagen, visibility="organizers")

    assert live(delegate, event) == {"privacy_notice"}
    assert Consent.objects.get(user=delegate).notice is None  # the standard text


@pytest.mark.parametrize("posted", ["abc", "99999999999999999999", "-1", "٣", "7"])
def test_a_forged_notice_version_registers_and_counts_as_the_standard_text(
    client: Client,
    delegate: User,
    organizer: User,
    event: Event,
    copenhagen: City,
    posted: str,
) -> None:
    publish_notice(event=event, text="Version one.", by=organizer)
    client.force_login(delegate)

    response = register(client, event, copenhagen, notice_version=posted)

    assert response.status_code == 302
    assert Consent.objects.get(user=delegate, purpose="privacy_notice").notice is None


def test_withdrawing_the_listing_takes_me_off_the_delegate_list_and_giving_it_lists_me(
    client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    client.force_login(delegate)
    register(client, event, copenhagen)  # visibility: delegates
    registration = Registration.objects.get(user=delegate)
    delegates_page = reverse("registrations:delegate_list", kwargs={"slug": event.slug})
    assert "Sophie Hæstorp Andersen" in client.get(delegates_page).content.decode()

    url = reverse("privacy:my_consents")
    off = client.post(url, {"event": event.pk, "purpose": "delegate_list", "given": "0"})

    assert off.status_code == 302
    assert "Sophie Hæstorp Andersen" not in client.get(delegates_page).content.decode()
    registration.refresh_from_db()
    assert registration.visibility == Registration.Visibility.ORGANIZERS
    assert "delegate_list" not in live(delegate, event)
    withdrawn = Consent.objects.get(user=delegate, purpose="delegate_list")
    assert withdrawn.withdrawn_at is not None
    last = registration.changes.last()
    assert last is not None
    assert last.fields == {"visibility": ["delegates", "organizers"]}

    client.post(url, {"event": event.pk, "purpose": "delegate_list", "given": "1"})

    assert "Sophie Hæstorp Andersen" in client.get(delegates_page).content.decode()
    rows = Consent.objects.filter(user=delegate, purpose="delegate_list").order_by("pk")
    assert [r.withdrawn_at is None for r in rows] == [False, True]  # the old record stays


def test_the_consents_page_shows_the_record_with_times_and_withdraws_photos(
    client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    client.force_login(delegate)
    register(client, event, copenhagen, consent_photos="on")
    url = reverse("privacy:my_consents")

    client.post(url, {"event": event.pk, "purpose": "photos", "given": "0"})
    page = client.get(url).content.decode()

    assert "Photos of me at the event" in page
    assert "Withdraw: Being listed in the delegate list" in page
    assert "Give: Photos of me at the event" in page
    assert "the standard text" in page
    photos = Consent.objects.get(user=delegate, purpose="photos")
    assert photos.withdrawn_at is not None


def test_editing_the_listing_on_the_details_page_records_it_too(
    client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    client.force_login(delegate)
    register(client, event, copenhagen, visibility="organizers")
    registration = Registration.objects.get(user=delegate)

    edit = reverse("registrations:edit_registration", kwargs={"pk": registration.pk})
    client.post(edit, form_data(copenhagen, visibility="delegates"))

    assert "delegate_list" in live(delegate, event)


@pytest.mark.parametrize(
    "data",
    [
        {"event": "999999", "purpose": "photos", "given": "0"},
        {"event": "99999999999999999999999", "purpose": "photos", "given": "0"},
        {"event": "x", "purpose": "photos", "given": "0"},
        {"event": "{event}", "purpose": "privacy_notice", "given": "0"},
        {"event": "{event}", "purpose": "photos", "given": "maybe"},
        {"event": "{event}", "purpose": "photos\x00", "given": "1"},
        {"event": "{other}", "purpose": "photos", "given": "1"},
        {},
    ],
)
def test_bad_input_on_the_consents_page_changes_nothing(
    client: Client, delegate: User, event: Event, copenhagen: City, data: dict[str, str]
) -> None:
    other = EventFactory.create(name="Someone else's summit")
    client.force_login(delegate)
    register(client, event, copenhagen, consent_photos="on")
    before = list(Consent.objects.values_list("pk", "withdrawn_at"))
    posted = {k: v.format(event=event.pk, other=other.pk) for k, v in data.items()}

    response = client.post(reverse("privacy:my_consents"), posted)

    assert response.status_code == 400
    assert "This consent could not be changed." in response.content.decode()
    assert list(Consent.objects.values_list("pk", "withdrawn_at")) == before


def test_another_persons_consent_cannot_be_withdrawn(
    client: Client, delegate: User, outsider: User, event: Event, copenhagen: City
) -> None:
    client.force_login(delegate)
    register(client, event, copenhagen, consent_photos="on")
    client.force_login(outsider)

    response = client.post(
        reverse("privacy:my_consents"), {"event": event.pk, "purpose": "photos", "given": "0"}
    )

    assert response.status_code == 400
    assert live(delegate, event) == {"privacy_notice", "delegate_list", "photos"}


def test_the_consents_page_is_for_signed_in_people(client: Client) -> None:
    response = client.get(reverse("privacy:my_consents"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_consents_page_costs_the_same_queries_for_one_event_and_for_six(
    client: Client, delegate: User, copenhagen: City
) -> None:
    client.force_login(delegate)

    def count() -> int:
        return queries_of(client, reverse("privacy:my_consents"))

    def another() -> None:
        event = EventFactory.create()
        RegistrationPolicyFactory.create(event=event)
        register(client, event, copenhagen, consent_photos="on")

    another()
    count()  # the person's role is cached from the first page on (accounts.roles)
    one = count()
    for _ in range(5):
        another()
    assert count() == one


def test_consents_are_in_my_data_and_erased_with_me(
    client: Client, delegate: User, event: Event, copenhagen: City
) -> None:
    client.force_login(delegate)
    register(client, event, copenhagen, consent_partner_network="on")

    data = personal_data(delegate)
    assert {c["purpose"] for c in data["consents"]} == {
        "privacy_notice",
        "delegate_list",
        "partner_network",
    }
    assert all(c["event__name"] == event.name for c in data["consents"])

    request_erasure(user=delegate, by=delegate)
    erase(delegate.pk)

    assert not Consent.objects.filter(user=delegate).exists()


def test_recording_the_answers_at_registration_costs_three_queries(
    delegate: User, organizer: User, event: Event, django_assert_num_queries: Any
) -> None:
    """They are written under the event's seat lock: a fixed, small number of queries."""
    from registrations.signals import consent_answered
    from tests.registrations.factories import RegistrationFactory

    notice = publish_notice(event=event, text="Words.", by=organizer)
    registration = RegistrationFactory.create(event=event, user=delegate)
    answers = {
        "privacy_notice": True,
        "delegate_list": True,
        "photos": True,
        "partner_network": False,
    }

    with django_assert_num_queries(3):  # what is held, the version shown, one insert
        consent_answered.send(
            sender=Registration, registration=registration, answers=answers, notice_version=1
        )

    rows = Consent.objects.filter(user=delegate).order_by("purpose")
    assert [(r.purpose, r.notice_id) for r in rows] == [
        ("delegate_list", notice.pk),
        ("photos", notice.pk),
        ("privacy_notice", notice.pk),
    ]


# --- the organizers' list of who agreed to what -------------------------------------------------
def test_organizers_see_who_agrees_to_what_now(
    client: Client, delegate: User, outsider: User, organizer: User, event: Event, copenhagen: City
) -> None:
    client.force_login(delegate)
    register(client, event, copenhagen, consent_photos="on", consent_partner_network="on")
    client.post(
        reverse("privacy:my_consents"), {"event": event.pk, "purpose": "photos", "given": "0"}
    )
    client.force_login(outsider)
    register(client, event, copenhagen, badge_name="Otto Outsider", visibility="organizers")
    client.force_login(organizer)

    response = client.get(reverse("privacy:event_consents", kwargs={"slug": event.slug}))

    rows = {r["registration"].badge_name: r for r in response.context["rows"]}
    sophie, otto = rows["Sophie Hæstorp Andersen"], rows["Otto Outsider"]
    assert (sophie["listed"], sophie["photos"], sophie["partner_network"]) == (True, False, True)
    assert (otto["listed"], otto["photos"], otto["partner_network"]) == (False, False, False)
    assert sophie["accepted"]
    assert sophie["version"] is None  # the standard text
    assert "Otto Outsider" in response.content.decode()


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("delegate", 403)])
def test_only_organizers_see_an_events_consents(
    client: Client, delegate: User, event: Event, copenhagen: City, who: str, expected: int
) -> None:
    if who == "delegate":
        client.force_login(delegate)
        register(client, event, copenhagen)  # even one of the event's own delegates
    url = reverse("privacy:event_consents", kwargs={"slug": event.slug})
    assert client.get(url).status_code == expected


def test_the_events_consents_cost_the_same_queries_for_two_delegates_and_for_thirty(
    client: Client, organizer: User, event: Event
) -> None:
    from tests.registrations.factories import RegistrationFactory

    client.force_login(organizer)
    url = reverse("privacy:event_consents", kwargs={"slug": event.slug})

    def count() -> int:
        return queries_of(client, url)

    RegistrationFactory.create_batch(2, event=event)
    count()  # the person's role is cached from the first page on (accounts.roles)
    few = count()
    RegistrationFactory.create_batch(28, event=event)
    assert count() == few
