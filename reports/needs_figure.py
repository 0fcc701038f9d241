"""The event's languages and needs (issues #14 and #18): totals of the active registrations,
never names, in one query (a LEFT JOIN of the registrations and their needs rows)."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from events.models import Event
from registrations.models import FLAG_LABELS, Registration, SignLanguage, spoken_languages
from reports.figures import ACTIVE, Figure, Row

FLAGS = tuple(FLAG_LABELS)


def needs_figure(event: Event) -> Figure:
    """Languages understood, interpretation wanted into, sign languages, each access need and
    the number with a dietary need. Special-category data: totals only, organizers' page only."""
    names = spoken_languages()
    active = Registration.objects.filter(event=event, status__in=ACTIVE).order_by()
    fields = ["languages", "needs__interpretation_into", "needs__sign_language"]
    rows = active.values_list(
        *fields, *(f"needs__{f}" for f in FLAGS), "needs__diets", "needs__other_needs"
    )
    understood: Counter[str] = Counter()
    into: Counter[str] = Counter()
    sign: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    dietary = other = 0
    for languages, interpretation, sign_language, *values, diets, other_needs in rows:
        understood.update(set(languages or ()))
        into.update([interpretation] if interpretation else [])
        sign.update([sign_language] if sign_language else [])
        flags.update(name for name, value in zip(FLAGS, values, strict=True) if value)
        dietary += bool(diets)
        other += bool(other_needs)
    out = [
        *(
            Row(_("Understands %(language)s") % {"language": names.get(c, c)}, n)
            for c, n in sorted(understood.items())
        ),
        *(
            Row(_("Interpretation into %(language)s") % {"language": names.get(c, c)}, n)
            for c, n in sorted(into.items())
        ),
        *(Row(str(SignLanguage(c).label), n) for c, n in sorted(sign.items())),
        *(Row(str(FLAG_LABELS[name]), flags[name]) for name in FLAGS),
        Row(_("A dietary need"), dietary),
        Row(_("Another need, in their own words"), other),
    ]
    note = _("Active registrations: totals only, never names (special-category data).")
    return Figure("needs", _("Languages and needs"), note, out)
