"""Issue #18 in the demo: the next summit's prebunking workshop in Danish and Finnish, its
seated delegates' access and language needs, one interpreter booking (Danish), so the needs
page shows totals and the builder warns that Finnish and International Sign are not booked;
theme names in Danish and Finnish, and the venues' accessibility facts."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from demo.delegates import EMAILS
from demo.programme_data import SIGNUP_EVENT, THEMES
from demo.state import Demo
from registrations.models import Registration, RegistrationNeeds
from sessions_app.models import InterpreterBooking, Session, Theme
from summit import cache

SESSION = "prebunking-playbook"
SESSION_TEXTS = {
    "title_da": "Prebunking: en kommunikationsdrejebog for kommuner",
    "title_fi": "Ennakkotorjunta: viestinnän käsikirja kunnille",
    "description_da": "Advar borgerne, før en falsk historie rammer: skabeloner og timing.",
    "description_fi": "Varoita asukkaita ennen kuin väärä tarina leviää: mallit ja ajoitus.",
}
THEME_NAMES = dict(
    zip(
        THEMES,
        (
            ("Desinformation og misinformation", "Disinformaatio ja misinformaatio"),
            ("Konspiration", "Salaliittoteoriat"),
            (
                "Anti-statslige og antidemokratiske holdninger",
                "Hallinnon- ja demokratianvastaisuus",
            ),
            ("Ekstremisme og had", "Ääriliikkeet ja viha"),
            ("Beskyttelse af det lokale demokrati", "Paikallisen demokratian turvaaminen"),
        ),
        strict=True,
    )
)
# The seated delegates of the workshop (programme_data.SIGNUPS) and what they asked for.
NEEDS: dict[str, dict[str, Any]] = {
    "mikko.laine": {"interpretation_into": "fi", "diets": ["lactose_free"]},
    "gudrun.jonsdottir": {"sign_language": "ils", "captions": True},
    "johan.wik": {
        "step_free": True,
        "hearing_loop": True,
        "diets": ["vegan"],
        "other_needs": "A seat near the door, please: I may need to step out.",
    },
}
VENUE_FACTS = {"step_free_entrance": True, "hearing_loop": True, "accessible_toilets": True}


def load_languages(demo: Demo) -> None:
    event = demo.events[SIGNUP_EVENT]
    session = Session.objects.get(event=event, slug=SESSION)
    Session.objects.filter(pk=session.pk).update(**SESSION_TEXTS)  # a text fix, no revision
    for original, (danish, finnish) in THEME_NAMES.items():
        names = {"name_da": danish, "name_fi": finnish}
        Theme.objects.filter(slug=slugify(original)).update(**names)
    for local_part, needs in NEEDS.items():
        registration = Registration.objects.filter(
            event=event, user__email=EMAILS[local_part]
        ).first()
        if registration is None:  # not registered on this load's day (demo.delegates)
            continue
        row, created = RegistrationNeeds.objects.get_or_create(
            registration=registration, defaults=needs
        )
        demo.note(row, created)
    booking, created = InterpreterBooking.objects.get_or_create(
        session=session,
        source_language="en",
        target_language="da",
        defaults={"booth": "1", "interpreters": 2, "notes": "Nordic Interpreters ApS"},
    )
    demo.note(booking, created)
    for venue in demo.venues.values():
        type(venue).objects.filter(pk=venue.pk).update(**VENUE_FACTS)
    cache.changed("agenda")  # update() sends no signal (summit/cache.py)
