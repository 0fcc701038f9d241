"""Access and language needs (issue #18) in "Download my data" and in an erasure: the person
gets every column back, and an erasure leaves none of it, while the colleague's stay."""

from __future__ import annotations

import pytest

from privacy.data_export import personal_data
from privacy.erasure import erase, request_erasure
from registrations.models import Registration, RegistrationNeeds
from registrations.services import save_needs
from tests.privacy.conftest import Traces

pytestmark = pytest.mark.django_db


def give_needs(traces: Traces) -> None:
    for user, text in ((traces.person, "Sesame allergy"), (traces.colleague, "Kim's diet")):
        registration = Registration.objects.get(user=user, event=traces.upcoming)
        save_needs(
            registration=registration,
            by=user,
            needs={"sign_language": "dsl", "diets": ["vegan"], "dietary_details": text},
        )


def test_the_export_holds_the_persons_needs_and_not_a_colleagues(traces: Traces) -> None:
    give_needs(traces)

    data = personal_data(traces.person)

    upcoming = next(r for r in data["registrations"] if r["event"] == traces.upcoming.name)
    past = next(r for r in data["registrations"] if r["event"] == traces.past.name)
    needs = upcoming["access_and_language_needs"]
    assert (needs["sign_language"], needs["diets"], needs["dietary_details"]) == (
        "dsl",
        ["vegan"],
        "Sesame allergy",
    )
    assert past["access_and_language_needs"] is None
    assert "Kim's diet" not in str(data)


def test_an_erasure_deletes_the_persons_needs_only(traces: Traces) -> None:
    give_needs(traces)

    request_erasure(user=traces.person, by=traces.person)
    assert erase(traces.person.pk) is True

    left = RegistrationNeeds.objects.values_list("dietary_details", flat=True)
    assert list(left) == ["Kim's diet"]
