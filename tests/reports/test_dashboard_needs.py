"""The dashboard's languages and needs (issues #14, #18): totals computed again from the rows."""

from __future__ import annotations

import random
from collections import Counter

from django.test import Client
from django.urls import reverse

from events.models import City, Event
from registrations.models import FLAG_LABELS, Registration, RegistrationNeeds, spoken_languages
from reports.figures import ACTIVE
from tests.reports.test_dashboard import cities, populate, table

__all__ = ["cities"]  # the fixture, shared (event and organizer_client: conftest.py)


def give_needs(event: Event, seed: int = 3) -> None:
    rng = random.Random(seed)
    for registration in Registration.objects.filter(event=event):
        registration.languages = rng.sample(["da", "en", "fi", "sv"], rng.randint(0, 2))
        registration.save(update_fields=["languages"])
        if rng.random() < 0.3:
            continue
        RegistrationNeeds.objects.create(
            registration=registration,
            interpretation_into=rng.choice(["", "da", "fi"]),
            sign_language=rng.choice(["", "dsl", "ils"]),
            captions=rng.random() < 0.5,
            step_free=rng.random() < 0.5,
            quiet_room=rng.random() < 0.3,
            diets=rng.choice([[], ["vegan"], ["halal", "nut_allergy"]]),
            other_needs=rng.choice(["", "", "A chair with arms"]),
        )


def test_the_needs_totals_match_the_rows(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    populate(event, cities, 40)
    give_needs(event)
    active = list(Registration.objects.filter(event=event, status__in=ACTIVE))
    needs = list(RegistrationNeeds.objects.filter(registration__in=active))
    names = spoken_languages()
    expected: Counter[str] = Counter()
    for r in active:
        for code in r.languages:
            expected[f"Understands {names[code]}"] += 1
    for n in needs:
        if n.interpretation_into:
            expected[f"Interpretation into {names[n.interpretation_into]}"] += 1
        if n.sign_language:
            expected[n.get_sign_language_display()] += 1
        for name, label in FLAG_LABELS.items():
            expected[str(label)] += getattr(n, name)
    expected["A dietary need"] = sum(1 for n in needs if n.diets)
    expected["Another need, in their own words"] = sum(1 for n in needs if n.other_needs)

    shown = table(organizer_client, event, "needs")

    assert expected["Live captions"] > 0
    assert shown == {label: str(value) for label, value in expected.items()}


def test_the_needs_figure_shows_totals_and_no_names(
    organizer_client: Client, event: Event, cities: list[City]
) -> None:
    populate(event, cities, 5)
    give_needs(event)

    page = organizer_client.get(reverse("reports:dashboard", kwargs={"slug": event.slug}))

    html = page.content.decode()
    assert "Languages and needs" in html
    for registration in Registration.objects.filter(event=event):
        assert registration.badge_name not in html


def test_a_coordinators_delegation_dashboard_has_no_needs(
    db: None, client: Client, event: Event, cities: list[City]
) -> None:
    populate(event, cities, 6)
    give_needs(event)
    member = Registration.objects.filter(event=event).exclude(delegation=None).first()
    assert member is not None
    assert member.delegation.coordinator is not None
    client.force_login(member.delegation.coordinator)

    page = client.get(reverse("reports:delegation_dashboard", args=[member.delegation.pk]))

    assert page.status_code == 200
    assert [c["figure"].key for c in page.context["charts"] if c["figure"].key == "needs"] == []
    assert "Languages and needs" not in page.content.decode()
