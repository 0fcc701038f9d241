"""The event's languages and needs (issues #14 and #18): totals of the active registrations,
never names, in one query (a LEFT JOIN of the registrations and their needs rows, grouped)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F, Value
from django.db.models.lookups import Exact
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
    # Counted by the database: one row per combination of answers, with how many gave it, so
    # that 5,000 registrations are a few rows to decode, not 5,000 (their languages are JSON).
    # The free text is only tested for being empty, never read.
    fields = ["languages", "needs__interpretation_into", "needs__sign_language"]
    rows = (
        active.annotate(no_other_needs=Exact(F("needs__other_needs"), Value("")))
        .values_list(*fields, *(f"needs__{f}" for f in FLAGS), "needs__diets", "no_other_needs")
        .annotate(n=Count("pk"))
    )
    understood: Counter[str] = Counter()
    into: Counter[str] = Counter()
    sign: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    dietary = other = 0
    for languages, interpretation, sign_language, *values, diets, no_other_needs, n in rows:
        understood.update(dict.fromkeys(set(languages or ()), n))
        into.update({interpretation: n} if interpretation else {})
        sign.update({sign_language: n} if sign_language else {})
        flags.update({name: n for name, value in zip(FLAGS, values, strict=True) if value})
        dietary += n if diets else 0
        other += n if no_other_needs is False else 0  # None: no needs row
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
