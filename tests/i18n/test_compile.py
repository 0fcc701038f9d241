"""scripts/catalogs.py compiles with Babel, so no GNU gettext is needed to build the catalogs;
its .mo files must mean what msgfmt's mean: plural forms, contexts, fuzzy and untranslated
entries left out."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import PoFileError

from scripts import catalogs
from tests.services import need

ICELANDIC = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: is\n"
"Plural-Forms: nplurals=2; plural=(n % 10 != 1 || n % 100 == 11);\n"

#, python-format
msgid "%(count)s seat left"
msgid_plural "%(count)s seats left"
msgstr[0] "%(count)s sæti laust"
msgstr[1] "%(count)s sæti laus"

msgctxt "month"
msgid "May"
msgstr "maí"

#, python-format
msgid "Registration opens on %(when)s."
msgstr "Skráning hefst %(when)s."

#, fuzzy
msgid "Sign out"
msgstr "Útskrá"

msgid "Sign in"
msgstr ""

#~ msgid "Old"
#~ msgstr "Gamalt"
"""


def translations(mo: Path) -> gettext.GNUTranslations:
    with mo.open("rb") as source:
        return gettext.GNUTranslations(source)


@pytest.fixture
def icelandic(tmp_path: Path) -> Path:
    po = tmp_path / "is" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(ICELANDIC, encoding="utf-8")
    return po


def test_babels_catalog_keeps_plural_forms_contexts_and_leaves_out_fuzzy_and_empty(
    icelandic: Path,
) -> None:
    assert catalogs.compile_catalog(icelandic) is True

    compiled = translations(icelandic.with_suffix(".mo"))
    seats = [
        compiled.ngettext("%(count)s seat left", "%(count)s seats left", n) for n in (1, 2, 21, 11)
    ]
    assert seats == [
        "%(count)s sæti laust",
        "%(count)s sæti laus",
        "%(count)s sæti laust",
        "%(count)s sæti laus",
    ]
    assert compiled.pgettext("month", "May") == "maí"
    assert compiled.gettext("May") == "May"
    assert compiled.gettext("Registration opens on %(when)s.") == "Skráning hefst %(when)s."
    assert compiled.gettext("Sign out") == "Sign out"  # fuzzy: not trusted
    assert compiled.gettext("Sign in") == "Sign in"
    assert compiled.gettext("Old") == "Old"


def test_compiling_again_leaves_an_unchanged_catalog_alone(icelandic: Path) -> None:
    catalogs.compile_catalog(icelandic)
    assert catalogs.compile_catalog(icelandic) is False


def test_a_catalog_that_does_not_parse_stops_the_build(tmp_path: Path) -> None:
    po = tmp_path / "is" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Sign in"\nmsgstrr "Skrá inn"\n', encoding="utf-8")
    with pytest.raises(PoFileError):
        catalogs.compile_catalog(po)
    assert not po.with_suffix(".mo").exists()


def real_catalogs() -> list[Path]:
    return sorted(catalogs.LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("source", ["fixture", *real_catalogs()], ids=str)
def test_babel_and_msgfmt_compile_to_the_same_translations(
    source: str | Path, icelandic: Path, tmp_path: Path
) -> None:
    need(shutil.which("msgfmt") is not None, "needs GNU gettext's msgfmt to compare with")
    if source == "fixture":
        po = icelandic
    else:  # a copy, in the same language directory: the real .mo is not this test's to write
        assert isinstance(source, Path)
        po = tmp_path / "copy" / source.relative_to(catalogs.LOCALE_DIR)
        po.parent.mkdir(parents=True)
        shutil.copyfile(source, po)
    gnu = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "-o", str(gnu), str(po)], check=True)
    catalogs.compile_catalog(po)

    theirs, ours = translations(gnu), translations(po.with_suffix(".mo"))

    assert theirs.info().get("plural-forms") == ours.info().get("plural-forms")
    assert set(theirs._catalog) - {""} == set(ours._catalog) - {""}  # type: ignore[attr-defined]
    # msgfmt keeps an empty plural form as "", Babel falls back to the English: compare the rest.
    differing = [
        k
        for k, text in theirs._catalog.items()  # type: ignore[attr-defined]
        if k != "" and text and ours._catalog[k] != text  # type: ignore[attr-defined]
    ]
    assert differing == []
