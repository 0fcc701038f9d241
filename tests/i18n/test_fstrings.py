"""xgettext (GNU gettext 0.21) does not read inside f-strings: a `_("...")` there is never
extracted, so the catalog check cannot see it and the text stays English. This test finds one."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "events", "outbox", "registrations", "sessions_app", "summit"]
GETTEXT_CALL = re.compile(r"\b(_|gettext|gettext_lazy|ngettext|pgettext|pgettext_lazy)\(")


def gettext_in_fstrings(source: str) -> list[int]:
    lines = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING:
            continue
        prefix = re.match(r"[a-zA-Z]*", token.string)
        if prefix and "f" in prefix.group().lower() and GETTEXT_CALL.search(token.string):
            lines.append(token.start[0])
    return lines


def test_the_check_finds_a_gettext_call_in_an_fstring() -> None:
    assert gettext_in_fstrings("x = f\"({_('moderator')})\"\n") == [1]
    assert gettext_in_fstrings('label = _("moderator")\nx = f"({label})"\n') == []


def test_no_translatable_string_hides_in_an_fstring() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line in gettext_in_fstrings(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "gettext inside an f-string is never extracted: " + ", ".join(found)
