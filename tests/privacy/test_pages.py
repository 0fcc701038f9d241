"""The erasure pages: deleting one's own account (the password again, a tick), an organizer
erasing a person who asked; who may open them; bad input; the task through a real worker."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from privacy.models import Erasure
from tests.factories import UserFactory
from tests.outbox.support import wait_until
from tests.privacy.conftest import EMAIL, Traces

pytestmark = pytest.mark.django_db
PASSWORD = "the-right-password-1"


@pytest.fixture
def person(client: Client) -> User:
    user: User = UserFactory.create(email="mette@aarhus.example")
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    return user


def test_a_wrong_password_or_no_tick_erases_nothing(client: Client, person: User) -> None:
    url = reverse("privacy:delete_account")
    wrong = client.post(url, {"password": "guess", "understood": "on"})
    untick = client.post(url, {"password": PASSWORD})

    assert wrong.status_code == untick.status_code == 400
    assert wrong.context["form"].errors["password"] == ["That is not your password."]
    assert "understood" in untick.context["form"].errors
    assert not Erasure.objects.exists()
    person.refresh_from_db()
    assert person.is_active


def test_deleting_my_account_signs_me_out_and_erases_me(
    client: Client, person: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:delete_account"),
            {"password": PASSWORD, "understood": "on"},
            follow=True,
        )

    assert "Your account is deleted." in response.content.decode()
    assert Erasure.objects.get().user_id == person.pk
    assert client.get(reverse("registrations:my_registrations")).status_code == 302  # signed out
    person.refresh_from_db()
    assert (
        person.email == f"erased-{person.pk}@erased.invalid"
    )  # the task ran (eagerly) after commit
    assert not client.login(email="mette@aarhus.example", password=PASSWORD)


def test_only_a_signed_in_person_deletes_their_own_account(client: Client) -> None:
    response = client.post(reverse("privacy:delete_account"), {"password": "x", "understood": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("delegate", 403)])
def test_only_organizers_open_the_erasures_page(
    client: Client, delegate: User, who: str, expected: int
) -> None:
    victim = UserFactory.create(email="victim@example.org")
    if who == "delegate":
        client.force_login(delegate)
    url = reverse("privacy:erasures")
    assert client.get(url).status_code == expected
    assert client.post(url, {"email": victim.email, "understood": "on"}).status_code == expected
    assert not Erasure.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"email": "nobody@example.org", "understood": "on"},
            "email",
            "No account has this address.",
        ),
        ({"email": "not an address", "understood": "on"}, "email", "Enter a valid email address."),
        ({"email": "mette@aarhus.example"}, "understood", "This field is required."),
        (
            {"email": "x\x00@example.org", "understood": "on"},
            "email",
            "Null characters are not allowed.",
        ),
    ],
)
def test_bad_input_on_the_erasures_page_is_refused_on_its_field(
    client: Client, organizer: User, data: dict[str, str], field: str, message: str
) -> None:
    UserFactory.create(email="mette@aarhus.example")
    client.force_login(organizer)

    response = client.post(reverse("privacy:erasures"), data)

    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not Erasure.objects.exists()


def test_an_organizer_erases_a_person_and_the_audit_names_no_one(
    client: Client, organizer: User
) -> None:
    person = UserFactory.create(email="mette@aarhus.example", first_name="Mette")
    client.force_login(organizer)

    page = client.post(
        reverse("privacy:erasures"),
        {"email": "METTE@aarhus.example", "understood": "on"},
        follow=True,
    ).content.decode()

    line = Erasure.objects.get()
    assert (line.user_id, line.by_the_person, line.requested_by) == (person.pk, False, organizer)
    assert "mette@aarhus.example" not in page.lower()
    assert f"<td>{person.pk}</td>" in page


def test_an_organizer_cannot_erase_themselves_here(client: Client, organizer: User) -> None:
    client.force_login(organizer)
    response = client.post(
        reverse("privacy:erasures"), {"email": organizer.email, "understood": "on"}
    )
    assert response.status_code == 400
    assert not Erasure.objects.exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_erasure_runs_in_a_real_worker(celery_worker: Any, traces: Traces) -> None:
    from privacy.erasure import request_erasure

    request_erasure(user=traces.person, by=traces.person)

    wait_until(
        lambda: Erasure.objects.get().status == Erasure.Status.DONE, what="the worker's erasure"
    )
    assert not User.objects.filter(email=EMAIL).exists()
