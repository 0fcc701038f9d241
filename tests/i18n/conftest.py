"""Small catalogs compiled for a test, so the tests of the mechanism (which language a page or a
mail is in) do not depend on how far the real translations have come."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scripts.catalogs import compile_catalog

WriteCatalogs = Callable[..., Path]

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {language}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def po_text(language: str, messages: dict[str, str]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    entries = [
        f"msgid {quoted(msgid)}\nmsgstr {quoted(msgstr)}\n" for msgid, msgstr in messages.items()
    ]
    return "\n".join([HEADER.format(language=language), *entries])


@pytest.fixture
def test_catalogs(tmp_path: Path, settings: Any) -> WriteCatalogs:
    """Compile {language: {msgid: msgstr}} of a domain ("django", "djangojs") into a scratch
    locale directory and make it the only one in LOCALE_PATHS (Django's and the apps' own
    catalogs still apply)."""

    def write(catalogs: dict[str, dict[str, str]], domain: str = "django") -> Path:
        for language, messages in catalogs.items():
            po = tmp_path / language / "LC_MESSAGES" / f"{domain}.po"
            po.parent.mkdir(parents=True, exist_ok=True)
            po.write_text(po_text(language, messages), encoding="utf-8")
            compile_catalog(po)
        settings.LOCALE_PATHS = [tmp_path]  # setting_changed empties Django's catalog cache
        return tmp_path

    return write
