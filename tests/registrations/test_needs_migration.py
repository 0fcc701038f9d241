"""Issue #18: the free-text needs on the registration fold into the needs row's "anything else"
(registrations 0007), so nothing typed before is lost, and their old values leave history."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registrations.models import RegistrationNeeds
from tests.factories import EventFactory, UserFactory
from tests.registrations.factories import RegistrationFactory

BEFORE = [("registrations", "0006_list_order_index")]
AFTER = [("registrations", "0008_remove_free_text_needs")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_old_free_text_needs_move_into_anything_else_and_leave_the_history() -> None:
    event = EventFactory.create()
    typed = RegistrationFactory.create(event=event, user=UserFactory.create())
    structured = RegistrationFactory.create(event=event, user=UserFactory.create())
    silent = RegistrationFactory.create(event=event, user=UserFactory.create())
    RegistrationNeeds.objects.create(registration=structured, step_free=True)
    old = migrate(BEFORE)
    Registration = old.get_model("registrations", "Registration")
    Registration.objects.filter(pk=typed.pk).update(
        interpretation_needs="Finnish, please", dietary_needs="No nuts"
    )
    Registration.objects.filter(pk=structured.pk).update(accessibility_needs="A ramp")
    old.get_model("registrations", "RegistrationChange").objects.create(
        registration_id=typed.pk,
        old_status="approved",
        new_status="approved",
        description="Details changed",
        fields={"dietary_needs": ["", "No nuts"], "phone": ["", "1"]},
    )

    new = migrate(AFTER)

    needs = new.get_model("registrations", "RegistrationNeeds").objects
    assert needs.get(registration_id=typed.pk).other_needs == (
        "Interpretation needs: Finnish, please\nDietary needs: No nuts"
    )
    kept = needs.get(registration_id=structured.pk)
    assert (kept.other_needs, kept.step_free) == ("Accessibility needs: A ramp", True)
    assert not needs.filter(registration_id=silent.pk).exists()
    line = new.get_model("registrations", "RegistrationChange").objects.get()
    assert line.fields == {"phone": ["", "1"]}


@pytest.mark.django_db(transaction=True)
def test_the_fold_goes_back_into_the_old_fields() -> None:
    registration = RegistrationFactory.create()
    RegistrationNeeds.objects.create(
        registration=registration, other_needs="Dietary needs: Vegan\nA quiet corner"
    )

    old = migrate(BEFORE)

    row = old.get_model("registrations", "Registration").objects.get(pk=registration.pk)
    assert (row.interpretation_needs, row.dietary_needs, row.accessibility_needs) == (
        "",
        "Vegan",
        "A quiet corner",
    )
    migrate(AFTER)
