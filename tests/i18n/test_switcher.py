"""The language switcher on every page, the account's language, and <html lang>."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SET_LANGUAGE = "/i18n/setlang/"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(client: Client, path: str = "/") -> str:
    match = re.search(r'<html lang="([^"]*)"', client.get(path).content.decode())
    assert match is not None
    return match.group(1)


def test_every_page_has_a_labelled_switcher_with_each_language_named_in_itself(
    client: Client,
) -> None:
    page = client.get("/?page=2", HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    form = re.search(r'<form class="language-switcher".*?</form>', page, re.S)
    assert form is not None
    switcher = form.group(0)
    assert f'action="{SET_LANGUAGE}"' in switcher
    assert '<input type="hidden" name="next" value="/?page=2">' in switcher
    assert '<label for="language-switcher">' in switcher
    options = re.findall(
        r'<option value="(\w+)" lang="(\w+)"( selected)?>([^<]+)</option>', switcher
    )
    assert [(value, lang, name) for value, lang, _selected, name in options] == [
        ("en", "en", "English"),
        ("da", "da", "Dansk"),
        ("sv", "sv", "Svenska"),
        ("nb", "nb", "Norsk bokmål"),
        ("fi", "fi", "Suomi"),
        ("is", "is", "Íslenska"),
    ]
    assert [value for value, _lang, selected, _name in options if selected] == ["sv"]
    assert '<button type="submit"' in switcher
    assert '<html lang="sv">' in page


def test_switching_sets_the_cookie_and_returns_to_the_page(client: Client) -> None:
    response = client.post(SET_LANGUAGE, {"language": "fi", "next": "/?page=2"})

    assert (response.status_code, response["Location"]) == (302, "/?page=2")
    assert response.cookies[COOKIE].value == "fi"
    assert html_lang(client) == "fi"


def test_a_signed_in_person_keeps_their_language_on_another_device(client: Client) -> None:
    person = UserFactory.create(language="")
    client.force_login(person)

    client.post(SET_LANGUAGE, {"language": "is", "next": "/"})

    person.refresh_from_db()
    assert person.language == "is"
    other_device = Client(HTTP_ACCEPT_LANGUAGE="en")
    other_device.force_login(person)
    assert html_lang(other_device) == "is"


def test_signing_in_switches_the_browser_to_the_accounts_language_and_signing_out_keeps_it(
    client: Client,
) -> None:
    UserFactory.create(email="nils@tromso.example", language="nb")

    response = client.post(
        reverse("account_login"),
        {"login": "nils@tromso.example", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "nb"
    client.post(reverse("account_logout"))
    assert html_lang(client) == "nb"


def test_a_language_summit_does_not_speak_changes_nothing(client: Client) -> None:
    person = UserFactory.create(language="da")
    client.force_login(person)

    response = client.post(SET_LANGUAGE, {"language": "xx", "next": "/"})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert COOKIE not in response.cookies or response.cookies[COOKIE].value == "da"
    person.refresh_from_db()
    assert person.language == "da"


def test_an_outside_next_address_is_replaced_by_the_home_page(client: Client) -> None:
    response = client.post(SET_LANGUAGE, {"language": "da", "next": "https://evil.example/"})

    assert (response.status_code, response["Location"]) == (302, "/")


def test_switching_by_get_is_refused(client: Client) -> None:
    assert client.get(SET_LANGUAGE, {"language": "da"}).status_code == 405


# --- the account page ----------------------------------------------------------------------
def test_the_account_page_saves_the_chosen_language(client: Client) -> None:
    person = UserFactory.create(language="")
    client.force_login(person)
    url = reverse("accounts:language")

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(url, {"language": "sv"})

    assert '<input type="radio" name="language" value="en" checked required>' in page
    assert '<label lang="sv"><input type="radio" name="language" value="sv"' in page
    assert (response.status_code, response["Location"]) == (302, url)
    person.refresh_from_db()
    assert person.language == "sv"
    assert html_lang(client, url) == "sv"


def test_the_account_page_explains_a_bad_choice(client: Client) -> None:
    person = UserFactory.create(language="")
    client.force_login(person)

    response = client.post(
        reverse("accounts:language"), {"language": "xx"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "Choose one of the languages in the list." in response.content.decode()
    person.refresh_from_db()
    assert person.language == ""


def test_the_account_page_needs_a_signed_in_person_and_get_or_post(
    client: Client, delegate: User
) -> None:
    url = reverse("accounts:language")
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    client.force_login(delegate)
    assert client.put(url).status_code == 405
