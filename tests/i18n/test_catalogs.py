"""The committed catalogs (locale/<language>/LC_MESSAGES/*.po) against the code: every string in
the code is in every catalog, translated (each plural form), not fuzzy, with its placeholders;
nothing obsolete is left; every language in settings.LANGUAGES has its catalogs.

The strings in the code come from Django's makemessages, run on a scratch copy of the project,
so the real locale/ is never written to. It needs GNU gettext's xgettext: without it these
tests skip on a laptop and fail in CI (tests/services.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings

from scripts import catalogs
from tests.services import need

Key = tuple[str | None, str, str | None]  # context, msgid, msgid_plural

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
CASES = [(language, domain) for language in TRANSLATED for domain in catalogs.DOMAINS]
# printf-style placeholders (%(name)s, %s, %d, %%) and str.format ones ({name}, {0}).
PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACES = re.compile(r"\{[^{}]*\}")


def key(message: Message) -> Key:
    if isinstance(message.id, tuple | list):
        return message.context, message.id[0], message.id[1]
    return message.context, message.id, None


def translations(message: Message) -> list[str]:
    """The msgstr, or each plural form's."""
    string = message.string
    return [form or "" for form in string] if isinstance(string, tuple | list) else [string or ""]


def entries(catalog: Catalog) -> dict[Key, Message]:
    return {key(message): message for message in catalog if message.id}


def load(path: Path) -> Catalog:
    """A .po file under <language>/LC_MESSAGES/, read as scripts/catalogs.py compiles it."""
    with path.open("rb") as source:
        return read_po(source, locale=path.parent.parent.name, abort_invalid=True)


def committed(language: str, domain: str) -> Path:
    return catalogs.LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


@pytest.fixture(scope="module")
def in_code(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[Key]]:
    """{domain: the strings in the code}, extracted from a copy of the project."""
    need(shutil.which("xgettext") is not None, "needs GNU gettext: apt-get install gettext")
    root = tmp_path_factory.mktemp("project") / "summit"
    caches = (".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")
    skip = shutil.ignore_patterns(*catalogs.IGNORE, *caches, "locale", "*.mo", "*.po")
    shutil.copytree(catalogs.ROOT, root, ignore=skip)
    (root / "locale").mkdir()
    catalogs.extract(root, locales=[TRANSLATED[0]])  # the strings are the same for each
    found = {}
    for domain in catalogs.DOMAINS:
        po = root / "locale" / TRANSLATED[0] / "LC_MESSAGES" / f"{domain}.po"
        found[domain] = set(entries(load(po))) if po.exists() else set()
    return found


def catalog_of(language: str, domain: str, in_code: dict[str, set[Key]]) -> Catalog | None:
    """The committed catalog; fails when the code has strings for it and it is missing."""
    path = committed(language, domain)
    if not path.exists():
        assert not in_code[domain], f"{path.relative_to(catalogs.ROOT)} is missing: make messages"
        return None
    return load(path)


def shown(keys: set[Key] | list[Key], limit: int = 15) -> str:
    listed = sorted(keys, key=str)
    more = f"\n  … and {len(listed) - limit} more" if len(listed) > limit else ""
    return (
        "".join(f"\n  {k[1]!r}" + (f" (context {k[0]!r})" if k[0] else "") for k in listed[:limit])
        + more
    )


def test_every_language_has_its_catalog() -> None:
    missing = [code for code in TRANSLATED if not committed(code, "django").exists()]
    assert not missing, f"no locale/<language>/LC_MESSAGES/django.po for {missing}: make messages"


@pytest.mark.parametrize(("language", "domain"), CASES)
def test_the_catalog_has_every_string_of_the_code(
    language: str, domain: str, in_code: dict[str, set[Key]]
) -> None:
    catalog = catalog_of(language, domain, in_code)
    if catalog is None:
        return
    absent = in_code[domain] - set(entries(catalog))
    assert not absent, (
        f"{len(absent)} strings not in {language}/{domain}.po (make messages):{shown(absent)}"
    )


@pytest.mark.parametrize(("language", "domain"), CASES)
def test_the_catalog_has_nothing_the_code_no_longer_says(
    language: str, domain: str, in_code: dict[str, set[Key]]
) -> None:
    catalog = catalog_of(language, domain, in_code)
    if catalog is None:
        return
    stale = set(entries(catalog)) - in_code[domain]
    obsolete = [key(message) for message in catalog.obsolete.values()]
    assert not stale, f"{len(stale)} strings the code no longer has:{shown(stale)}"
    assert not obsolete, f"{len(obsolete)} obsolete (#~) entries; delete them:{shown(obsolete)}"


@pytest.mark.parametrize(("language", "domain"), CASES)
def test_every_string_is_translated_and_none_is_fuzzy(
    language: str, domain: str, in_code: dict[str, set[Key]]
) -> None:
    catalog = catalog_of(language, domain, in_code)
    if catalog is None:
        return
    plurals = catalog.num_plurals
    untranslated, fuzzy = [], []
    for k, message in entries(catalog).items():
        forms = translations(message)
        if (message.pluralizable and len(forms) != plurals) or not all(forms):
            untranslated.append(k)
        if message.fuzzy:
            fuzzy.append(k)
    assert not untranslated, (
        f"{len(untranslated)} untranslated in {language}/{domain}.po:{shown(untranslated)}"
    )
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy in {language}/{domain}.po (check, then drop the flag):{shown(fuzzy)}"
    )


@pytest.mark.parametrize(("language", "domain"), CASES)
def test_translations_keep_every_placeholder(
    language: str, domain: str, in_code: dict[str, set[Key]]
) -> None:
    """Each translation (each plural form) has exactly the placeholders of its source, the
    plural source for plural forms: a singular form is also used for 21, 31… in Icelandic."""
    catalog = catalog_of(language, domain, in_code)
    if catalog is None:
        return
    broken = []
    for k, message in entries(catalog).items():
        source = k[2] or k[1]
        forms = translations(message)
        for form in filter(None, forms):
            if placeholders(form, message.flags) != placeholders(source, message.flags):
                broken.append(k)
                break
    assert not broken, (
        f"{len(broken)} translations with other placeholders than the source:{shown(broken)}"
    )


@pytest.mark.parametrize(("language", "domain"), CASES)
def test_msgfmt_accepts_the_catalog(language: str, domain: str) -> None:
    """GNU msgfmt's checks (syntax, duplicates, formats, header): Babel, which compiles the
    catalogs, forgives a few slips msgfmt refuses, such as an unclosed quote."""
    need(shutil.which("msgfmt") is not None, "needs GNU gettext: apt-get install gettext")
    path = committed(language, domain)
    if not path.exists():
        return  # test_the_catalog_has_every_string_of_the_code says whether it should
    checked = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def placeholders(text: str, flags: set[str]) -> Counter[str]:
    """The placeholders of the kinds xgettext flagged the string with (a "%" in a string not
    flagged python-format is a plain percent sign)."""
    found: Counter[str] = Counter()
    if flags & {"python-format", "javascript-format"}:
        found += Counter(PRINTF.findall(text))
    if flags & {"python-brace-format", "brace-format"}:
        found += Counter(BRACES.findall(text))
    return found
