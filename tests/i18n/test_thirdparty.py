"""The Icelandic catalog for django-allauth and django-countries, which ship none
(locale_thirdparty/is/LC_MESSAGES/django.po, made by scripts/thirdparty_catalogs.py): complete,
up to date with the installed apps, and used after our own catalogs, without hiding the
translations the apps do ship."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from django.conf import settings as django_settings
from django.utils import translation
from django_countries import countries

from scripts import thirdparty_catalogs
from scripts.catalogs import compile_catalog
from tests.i18n.test_catalogs import BRACES, PRINTF, Key, key, translations

ALLAUTH_LOCALE = thirdparty_catalogs.ALLAUTH_SOURCE.parent.parent.parent


def placeholders(text: str) -> Counter[str]:
    return Counter(PRINTF.findall(text) + BRACES.findall(text))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return thirdparty_catalogs.read(thirdparty_catalogs.CATALOG)


@pytest.fixture
def compiled(tmp_path: Path, settings: Any) -> None:
    """The committed catalog compiled as scripts/catalogs.py compiles it (into a scratch copy,
    so a parallel run never sees a half-written .mo), after our own catalogs as in settings."""
    po = tmp_path / "is" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copyfile(thirdparty_catalogs.CATALOG, po)
    compile_catalog(po)
    settings.LOCALE_PATHS = [django_settings.BASE_DIR / "locale", tmp_path]


def test_settings_list_it_after_our_own_catalogs() -> None:
    assert django_settings.LOCALE_PATHS == [
        django_settings.BASE_DIR / "locale",
        django_settings.BASE_DIR / "locale_thirdparty",
    ]


def test_every_entry_is_translated_with_its_placeholders(catalog: Catalog) -> None:
    assert catalog.plural_forms == thirdparty_catalogs.PLURAL_FORMS
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        if message.fuzzy:
            problems.append(("fuzzy", ids[0]))
        for form in translations(message):
            if not form:
                problems.append(("untranslated", ids[0]))
            # The singular of a plural may drop the count ("one key"), never add one.
            elif placeholders(form) not in [placeholders(each) for each in ids]:
                problems.append(("placeholders", ids[0]))
    assert problems == []


def test_it_has_every_msgid_of_allauth_and_every_country_name(catalog: Catalog) -> None:
    ours = {key(message) for message in catalog if message.id}
    allauth = {
        key(message)
        for message in thirdparty_catalogs.read(thirdparty_catalogs.ALLAUTH_SOURCE)
        if message.id
    }
    assert allauth - ours == set()
    names = set(thirdparty_catalogs.country_names())
    country_keys: set[Key] = {(None, name, None) for name in names}
    assert country_keys - ours == set()


def test_regenerating_it_changes_nothing(catalog: Catalog) -> None:
    """A newer allauth, django-countries or CLDR: run scripts/thirdparty_catalogs.py."""
    regenerated, lacking = thirdparty_catalogs.build(catalog)
    assert lacking == []
    assert thirdparty_catalogs.render(regenerated) == thirdparty_catalogs.CATALOG.read_bytes()


@pytest.mark.usefixtures("compiled")
def test_allauth_and_country_names_come_out_icelandic() -> None:
    with translation.override("is"):
        assert translation.gettext("You have signed out.") == "Þú hefur skráð þig út."
        assert translation.pgettext("field label", "Login") == "Innskráning"
        security_keys = "You have added %(count)s security key."
        plural = "You have added %(count)s security keys."
        assert [
            translation.ngettext(security_keys, plural, n) % {"count": n} for n in (21, 11)
        ] == [
            "Þú hefur bætt við 21 öryggislykli.",
            "Þú hefur bætt við 11 öryggislyklum.",
        ]
        assert countries.name("DK") == "Danmörk"
        assert countries.name("GB") == "Bretland"  # its common name, "United Kingdom"
        assert translation.gettext("Netherlands") == "Holland"


@pytest.mark.usefixtures("compiled")
def test_the_apps_own_danish_still_applies() -> None:
    with (ALLAUTH_LOCALE / "da" / "LC_MESSAGES" / "django.po").open("rb") as source:
        danish = thirdparty_catalogs.read_po(source, locale="da")
    signed_out = danish.get("You have signed out.")
    assert isinstance(signed_out, Message)
    assert signed_out.string
    with translation.override("da"):
        assert translation.gettext("You have signed out.") == signed_out.string
        assert countries.name("DK") == "Danmark"
