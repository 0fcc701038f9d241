"""Summit's translation catalogs (locale/<language>/LC_MESSAGES/<domain>.po, and compiling
also locale_thirdparty/: see scripts/thirdparty_catalogs.py).

    python scripts/catalogs.py compile   # .po to .mo, for make run, make test and the Docker build
    python scripts/catalogs.py extract   # the strings in the code into every .po (make messages)

Compiling uses Babel, so a machine without GNU gettext (a laptop, the slim Docker image) can
build the catalogs; the .mo files are build output and never committed. Extracting is Django's
makemessages, which needs GNU gettext's xgettext and msgmerge.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
# Catalogs for third-party apps that ship none in one of our languages
# (scripts/thirdparty_catalogs.py); compiled with ours.
THIRDPARTY_DIR = ROOT / "locale_thirdparty"
DOMAINS = ("django", "djangojs")  # templates and Python; static/js
# What makemessages must not read: other people's code, build output, the tests' strings.
IGNORE = [".venv", "var", "tests", "bench", "node_modules", "build", "vendor"]


def compile_catalog(po: Path) -> bool:
    """Write the .mo beside `po` (locale/<language>/LC_MESSAGES/<domain>.po), leaving out fuzzy
    and untranslated entries as msgfmt does; returns whether the file changed. A .po that does
    not parse raises (Babel forgives some slips msgfmt refuses: the catalog test runs msgfmt).

    The language comes from the path: makemessages leaves the header's Language empty, and
    without a language Babel would drop Plural-Forms from the .mo (Icelandic counts 21 as 1).
    """
    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, abort_invalid=True)
    output = io.BytesIO()
    write_mo(output, catalog, use_fuzzy=False)
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.read_bytes() == output.getvalue():
        return False
    mo.write_bytes(output.getvalue())
    return True


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every catalog under `locale_dir`; returns the .po files whose .mo changed."""
    return [po for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")) if compile_catalog(po)]


def languages() -> list[str]:
    """Every language in settings.LANGUAGES but English, the language of the source."""
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def extract(root: Path = ROOT, *, locales: list[str] | None = None) -> None:
    """Run makemessages for both domains over the project at `root`, into root/locale (the
    catalog test extracts from a scratch copy of the project). Django must be set up."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    # makemessages reads the current directory, and writes to the first locale directory that
    # contains the file: LOCALE_PATHS names only root's, never the project's real one.
    previous = Path.cwd()
    os.chdir(root)
    try:
        with override_settings(LOCALE_PATHS=[root / "locale"]):
            for domain in DOMAINS:
                call_command(
                    "makemessages",
                    locale=locales or languages(),
                    domain=domain,
                    ignore_patterns=IGNORE,
                    no_location=True,
                    no_obsolete=True,  # a string gone from the code leaves the catalogs
                    verbosity=0,
                )
    finally:
        os.chdir(previous)


def main(argv: list[str]) -> int:
    if argv == ["compile"]:
        for locale_dir in (LOCALE_DIR, THIRDPARTY_DIR):
            changed = compile_all(locale_dir)
            print(f"Compiled {len(changed)} changed catalog(s) in {locale_dir}.")
        return 0
    if argv == ["extract"]:
        import django

        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
        django.setup()
        extract()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
