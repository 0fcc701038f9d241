"""One mail per status transition, through the outbox, in the venue's local time, escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from accounts.models import User
from events.models import City, Event
from outbox.models import OutboundMail
from outbox.services import preview_mail
from registrations.emails import send_transition_mail
from registrations.models import Registration, RegistrationChange, RegistrationPolicy
from registrations.services import (
    RegistrationError,
    approve_registration,
    cancel_registration,
    decline_registration,
    substitute_member,
    update_details,
)
from tests.factories import UserFactory
from tests.registrations.conftest import Register, set_limits
from tests.registrations.factories import details


def mails_of(registration: Registration) -> list[OutboundMail]:
    """The registration's mails as they read: written now, as the worker writes them."""
    mails = OutboundMail.objects.filter(
        idempotency_key__startswith=f"registration:{registration.pk}:"
    ).order_by("pk")
    return [written for mail in mails if (written := preview_mail(mail)) is not None]


def keys_of(registration: Registration) -> list[str]:
    return [mail.idempotency_key for mail in mails_of(registration)]


def change_ids(registration: Registration) -> list[int]:
    return list(
        RegistrationChange.objects.filter(registration=registration).values_list("pk", flat=True)
    )


def test_each_transition_queues_exactly_one_mail_keyed_by_its_change(
    register: Register, policy: RegistrationPolicy, copenhagen: City, organizer: User
) -> None:
    set_limits(policy, requires_approval=True)
    registration = register(copenhagen)
    approve_registration(registration=registration, by=organizer)
    cancel_registration(registration=registration, by=registration.user)

    registered, approved, cancelled = change_ids(registration)
    assert keys_of(registration) == [
        f"registration:{registration.pk}:pending_approval:{registered}",
        f"registration:{registration.pk}:approved:{approved}",
        f"registration:{registration.pk}:cancelled:{cancelled}",
    ]
    assert {mail.to for mail in mails_of(registration)} == {registration.user.email}


@pytest.mark.parametrize(
    ("limits", "proposed", "name", "subject"),
    [
        ({}, "", "approved", "Your registration for Nordic Safe Cities Summit 2049 is approved"),
        (
            {"requires_approval": True},
            "",
            "pending_approval",
            "Your registration for Nordic Safe Cities Summit 2049 awaits approval",
        ),
        (
            {"capacity": 0},
            "",
            "waitlisted",
            "You are on the waiting list for Nordic Safe Cities Summit 2049",
        ),
        (
            {},
            "Tromsø",
            "received",
            "We received your registration for Nordic Safe Cities Summit 2049",
        ),
    ],
)
def test_a_new_registration_gets_the_mail_of_its_status(
    register: Register,
    policy: RegistrationPolicy,
    copenhagen: City,
    limits: dict[str, object],
    proposed: str,
    name: str,
    subject: str,
) -> None:
    set_limits(policy, **limits)

    if proposed:
        registration = register(None, country="NO", proposed_city_name=proposed)
    else:
        registration = register(copenhagen)

    [mail] = mails_of(registration)
    assert mail.idempotency_key.split(":")[2] == name
    assert mail.subject == subject


def test_a_promotion_sends_the_promoted_mail(
    register: Register, policy: RegistrationPolicy, copenhagen: City
) -> None:
    set_limits(policy, capacity=1, requires_approval=True)
    seated = register(copenhagen)
    waiting = register(copenhagen)

    cancel_registration(registration=seated, by=seated.user)

    waitlisted_mail, promoted_mail = mails_of(waiting)
    assert promoted_mail.idempotency_key.split(":")[2] == "promoted"
    assert (
        promoted_mail.subject == "A place has become free for you at Nordic Safe Cities Summit 2049"
    )
    assert "The organizers will now review your registration" in promoted_mail.body_text


def test_a_decline_sends_the_declined_mail(
    register: Register, copenhagen: City, organizer: User
) -> None:
    registration = register(copenhagen)

    decline_registration(registration=registration, by=organizer)

    assert mails_of(registration)[-1].subject == (
        "Your registration for Nordic Safe Cities Summit 2049 was declined"
    )


def test_a_repeated_cancellation_queues_no_second_mail(
    register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen)
    cancel_registration(registration=registration, by=registration.user)

    with pytest.raises(RegistrationError):
        cancel_registration(registration=registration, by=registration.user)

    assert [key.split(":")[2] for key in keys_of(registration)] == ["approved", "cancelled"]


def test_sending_the_mail_of_a_change_again_returns_the_same_outbox_row(
    register: Register, copenhagen: City
) -> None:
    registration = register(copenhagen)
    change = RegistrationChange.objects.get(registration=registration)

    again = send_transition_mail(change)

    assert again == mails_of(registration)[0]
    assert len(mails_of(registration)) == 1


def test_editing_details_sends_no_mail(register: Register, copenhagen: City) -> None:
    registration = register(copenhagen)

    update_details(registration=registration, details=details(phone="+45 1"), by=registration.user)

    assert len(mails_of(registration)) == 1


@pytest.mark.parametrize(
    ("deadline", "shown"),
    [
        (
            dt.datetime(2049, 3, 1, 22, 30, tzinfo=dt.UTC),
            "1 March 2049, 23:30 CET (Europe/Copenhagen)",
        ),
        (
            dt.datetime(2049, 4, 10, 8, 0, tzinfo=dt.UTC),
            "10 April 2049, 10:00 CEST (Europe/Copenhagen)",
        ),
    ],
)
def test_mail_dates_are_in_the_venue_local_time_with_the_zone_named(
    register: Register,
    policy: RegistrationPolicy,
    copenhagen: City,
    deadline: dt.datetime,
    shown: str,
) -> None:
    set_limits(policy, edit_deadline=deadline)

    [mail] = mails_of(register(copenhagen))

    assert f"You can change your details until {shown}." in mail.body_text
    assert f"You can change your details until {shown}." in mail.body_html


def test_waitlist_mail_shows_when_the_delegate_joined_in_local_time(
    register: Register, policy: RegistrationPolicy, event: Event, copenhagen: City
) -> None:
    set_limits(policy, capacity=0)
    registration = register(copenhagen)
    Registration.objects.filter(pk=registration.pk).update(
        waitlisted_at=dt.datetime(2049, 1, 5, 12, 15, tzinfo=dt.UTC)
    )

    [mail] = mails_of(registration)  # written from the stored waitlisted_at, as when sent

    assert "waiting list since 5 January 2049, 13:15 CET (Europe/Copenhagen)." in mail.body_text


def test_html_in_a_badge_name_is_escaped_in_the_html_mail_and_plain_in_the_text(
    register: Register, event: Event, copenhagen: City
) -> None:
    event.name = "Safe Cities & Mayors"
    event.save()

    [mail] = mails_of(register(copenhagen, badge_name='<script>alert("x")</script> & Co'))

    assert "Dear &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co," in mail.body_html
    assert "<script>" not in mail.body_html
    assert 'Dear <script>alert("x")</script> & Co,' in mail.body_text
    assert mail.subject == "Your registration for Safe Cities & Mayors is approved"
    assert "<strong>Safe Cities &amp; Mayors</strong>" in mail.body_html


def test_the_cancellation_mail_of_a_substituted_member_names_the_substitute(
    register: Register, copenhagen: City
) -> None:
    member = register(copenhagen)

    substitute = substitute_member(
        registration=member,
        substitute=UserFactory.create(),
        details=details(badge_name="Lars <b>Løkke</b>"),
        by=member.user,
    )

    cancelled = mails_of(member)[-1]
    assert "Lars <b>Løkke</b> takes your place in the delegation." in cancelled.body_text
    assert "Lars &lt;b&gt;Løkke&lt;/b&gt; takes your place" in cancelled.body_html
    assert [key.split(":")[2] for key in keys_of(substitute)] == ["approved"]


def test_the_text_mail_reads_well(register: Register, event: Event, copenhagen: City) -> None:
    [mail] = mails_of(register(copenhagen, badge_name="Sophie Andersen"))

    assert mail.body_text == (
        "Dear Sophie Andersen,\n"
        "\n"
        "Your registration is approved: we look forward to welcoming you in Copenhagen.\n"
        "\n"
        f"Your badge's QR code is on “My registrations”: {settings.SITE_URL}/my/registrations/."
        " Show it at the entrance, on your phone or printed.\n"
        "\n"
        "Nordic Safe Cities Summit 2049\n"
        "20–21 April 2049, Copenhagen City Hall, Copenhagen\n"
        "Your delegation: Copenhagen, Denmark\n"
        f"{settings.SITE_URL}/events/{event.slug}/\n"
        "\n"
        "The Summit team\n"
    )
