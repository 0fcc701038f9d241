"""Summit's catalog for other people's apps that ship none in one of our languages:
locale_thirdparty/is/LC_MESSAGES/django.po, Icelandic for django-allauth and django-countries.

    python scripts/thirdparty_catalogs.py   # after upgrading either, then translate what is new

The allauth part is translated by hand in the .po itself: this keeps every entry whose msgid is
in allauth's own catalog, adds the ones a new allauth brings untranslated (tests/i18n fails
until they are translated) and drops the ones it no longer has. The django-countries part is
generated: each name django-countries marks for translation, named in Icelandic by Babel's CLDR
data. Output is deterministic (fixed dates, allauth's order, then the names sorted).
settings.LOCALE_PATHS lists locale_thirdparty after locale/, so our own catalog wins a msgid
both have; scripts/catalogs.py compiles it.
"""

from __future__ import annotations

import datetime
import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import allauth
import babel
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
THIRDPARTY_DIR = ROOT / "locale_thirdparty"
LANGUAGE = "is"
CATALOG = THIRDPARTY_DIR / LANGUAGE / "LC_MESSAGES" / "django.po"
# allauth's source-language catalog: the list of every msgid it marks (its da, sv and nb
# catalogs, same msgids, were the cross-check of meaning).
ALLAUTH_SOURCE = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLURAL_FORMS = "nplurals=2; plural=(n % 10 != 1 || n % 100 == 11);"
DATE = datetime.datetime(2026, 11, 24, 0, 0, tzinfo=datetime.UTC)
# django-countries' strings that are not country names (its admin list filter).
COUNTRIES_OTHER = {"Country": "Land", "All": "Allt"}
HEADER = """\
# Icelandic (is) catalog for third-party apps that ship none: django-allauth and
# django-countries. Not Summit's own strings (those are in locale/is/, which wins
# a msgid both have: it comes first in settings.LOCALE_PATHS).
#
# Made by scripts/thirdparty_catalogs.py; run it again after upgrading either app.
# - allauth: every msgid of allauth's catalog, translated by hand (island.is style,
#   "þú"), with allauth's da/sv/nb catalogs as a check of meaning and the glossary
#   of locale/is/LC_MESSAGES/django.po (aðgangur, innskráning, netfang, ...). Plus:
#   password = lykilorð, username = notandanafn, sign up = nýskráning (stofna
#   aðgang), verify = staðfesta, two-factor authentication = tveggja þátta
#   auðkenning, authenticator app = auðkenningarapp, security key = öryggislykill,
#   passkey = aðgangslykill, recovery code = endurheimtarkóði, third-party account =
#   aðgangur hjá þriðja aðila, (login) session = innskráningarlota.
#   The script keeps these entries, adds a new allauth's msgids untranslated and
#   drops the ones it no longer has.
# - django-countries: generated, never edit by hand; the name of each code in
#   Babel's CLDR data (babel.Locale.parse("is").territories), first letter
#   capitalised (CLDR writes "sérstjórnarsvæðið Hong Kong").
#"""

Key = tuple[str | None, str | tuple[str, ...]]


def key(message: Message) -> Key:
    msgid = message.id
    return message.context, msgid if isinstance(msgid, str) else tuple(msgid)


def read(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=LANGUAGE, abort_invalid=True)


def allauth_part(existing: Catalog | None) -> list[Message]:
    """allauth's msgids in its order, with our translation of each where we have one."""
    ours = {key(message): message for message in existing or () if message.id}
    messages = []
    for source in read(ALLAUTH_SOURCE):
        if not source.id:
            continue
        translated = ours.get(key(source))
        plural = not isinstance(source.id, str)
        string = translated.string if translated else (("", "") if plural else "")
        flags = {flag for flag in source.flags if flag != "fuzzy"}
        if translated:
            flags |= {flag for flag in translated.flags if flag == "fuzzy"}
        messages.append(
            Message(
                source.id,
                string,
                flags=sorted(flags),
                context=source.context,
                user_comments=translated.user_comments if translated else [],
            )
        )
    return messages


def country_names() -> dict[str, set[str]]:
    """{English name django-countries marks for translation: {country codes it names}}: the
    official names, the common names it shows by default, and the old names it falls back
    to. They are gettext_lazy promises: read in no language, each is its msgid."""
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
        django.setup()
    from django.utils import translation
    from django_countries.base import CountriesBase
    from django_countries.data import COUNTRIES

    pairs: list[tuple[str, object]] = list(COUNTRIES.items())
    pairs += list(CountriesBase.COMMON_NAMES.items())
    pairs += [(code, name) for code, names in CountriesBase.OLD_NAMES.items() for name in names]
    found: dict[str, set[str]] = {}
    with translation.override(None):
        for code, name in pairs:
            names: Iterable[object] = name if isinstance(name, tuple | list) else [name]
            for each in names:
                found.setdefault(str(each), set()).add(code)
    return found


def countries_part(taken: set[Key]) -> tuple[list[Message], list[str]]:
    """The django-countries entries, sorted by msgid, leaving out a msgid allauth's part has;
    and the codes CLDR has no Icelandic name for (their entries stay untranslated)."""
    territories = babel.Locale.parse(LANGUAGE).territories
    messages, lacking = [], []
    for msgid, codes in sorted(country_names().items()):
        if (None, msgid) in taken:
            continue
        if len(codes) != 1:
            raise ValueError(f"{msgid!r} names several countries: {sorted(codes)}")
        code = codes.pop()
        name = territories.get(code, "")
        if not name:
            lacking.append(code)
        messages.append(
            Message(msgid, name[:1].upper() + name[1:], auto_comments=[f"CLDR is: {code}"])
        )
    for msgid, string in COUNTRIES_OTHER.items():
        if (None, msgid) not in taken:
            messages.append(Message(msgid, string, auto_comments=["django-countries"]))
    return messages, lacking


def translated(message: Message) -> bool:
    """Whether the msgstr (each plural form's) is filled in."""
    string = message.string
    return all(string) if isinstance(string, tuple | list) else bool(string)


def build(existing: Catalog | None) -> tuple[Catalog, list[str]]:
    catalog = Catalog(
        locale=LANGUAGE,
        header_comment=HEADER,
        project="Summit",
        version="(third-party apps)",
        copyright_holder="Summit contributors",
        creation_date=DATE,
        revision_date=DATE,
        last_translator="Summit contributors",
        language_team="Icelandic (Summit contributors)",
        fuzzy=False,
    )
    catalog.msgid_bugs_address = ""  # not Babel's placeholder
    catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS)]
    allauth_messages = allauth_part(existing)
    countries, lacking = countries_part({key(message) for message in allauth_messages})
    for message in allauth_messages + countries:
        catalog[message.id] = message  # keeps its context and flags
    return catalog, lacking


def render(catalog: Catalog) -> bytes:
    output = io.BytesIO()
    write_po(output, catalog, width=100, omit_header=False, ignore_obsolete=True)
    return output.getvalue()


def main() -> int:
    existing = read(CATALOG) if CATALOG.exists() else None
    catalog, lacking = build(existing)
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    CATALOG.write_bytes(render(catalog))
    untranslated = [message.id for message in catalog if message.id and not translated(message)]
    print(f"Wrote {CATALOG.relative_to(ROOT)}: {len(catalog)} entries.")
    if lacking:
        print(f"CLDR has no Icelandic name for: {', '.join(sorted(lacking))}")
    if untranslated:
        print(f"{len(untranslated)} untranslated entries: translate them in the .po.")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
