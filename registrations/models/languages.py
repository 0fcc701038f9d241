"""The languages a delegate can list, and the validator of such a list."""

from __future__ import annotations

from typing import Any

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

# Languages a delegate can list: Django's own catalogue (independent of settings.LANGUAGES,
# which are the site's UI languages) plus those of the network's region it lacks.
EXTRA_LANGUAGES = {"fo": _("Faroese"), "kl": _("Greenlandic"), "se": _("Northern Sami")}
MAX_LANGUAGES = 12


def spoken_languages() -> dict[str, str]:
    """ISO 639 code -> name in the active language (Django's catalogs name its languages),
    sorted by that name. Built once per language and process (the catalogs do not change while
    it runs): about 1 ms each, and every registration needs it twice (form and validation)."""
    language = get_language()
    names = _SPOKEN_LANGUAGES.get(language)
    if names is None:
        names = _SPOKEN_LANGUAGES[language] = _build_spoken_languages()
    return dict(names)  # a copy: callers may change theirs


_SPOKEN_LANGUAGES: dict[str | None, dict[str, str]] = {}


def _build_spoken_languages() -> dict[str, str]:
    names = {code: info["name"] for code, info in LANG_INFO.items() if "name" in info}
    names = {code: gettext(name) for code, name in names.items() if "-" not in code}
    names.update((code, str(name)) for code, name in EXTRA_LANGUAGES.items())
    return dict(sorted(names.items(), key=lambda item: item[1].casefold()))


def validate_languages(value: Any) -> None:
    # Own error codes: a field's error_messages would replace the messages of its usual ones.
    known = spoken_languages()
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(
            _("Languages must be a list of language codes."), code="languages_not_a_list"
        )
    if len(value) > MAX_LANGUAGES:
        raise ValidationError(
            _("List at most %(max)d languages."),
            params={"max": MAX_LANGUAGES},
            code="too_many_languages",
        )
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."),
            params={"codes": ", ".join(unknown)[:100]},
            code="unknown_language",
        )
