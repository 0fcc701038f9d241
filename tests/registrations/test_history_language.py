"""A registration's history is stored in English and shown in the reader's language."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from events.models import City, Event
from registrations.models import HISTORY_LINES, Registration, RegistrationChange, RegistrationPolicy
from registrations.services import (
    appoint_coordinator,
    approve_registration,
    cancel_registration,
    set_delegation_quota,
    substitute_member,
    update_details,
)
from scripts.catalogs import compile_catalog
from tests.factories import UserFactory
from tests.registrations.conftest import Register, set_limits
from tests.registrations.factories import details

CONTEXT = "registration history"
DANISH_PO = Path(django_settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"


def danish_catalog() -> Catalog:
    with DANISH_PO.open("rb") as source:
        return read_po(source, locale="da")


def danish(msgid: str) -> str:
    message = danish_catalog().get(msgid, context=CONTEXT)
    assert message is not None, msgid
    assert message.string, msgid
    assert not message.fuzzy, msgid
    return str(message.string)


@pytest.fixture(autouse=True)
def danish_compiled(tmp_path: Path, settings: Any) -> None:
    """The real Danish catalog, compiled here: the test does not depend on a prior compile."""
    po = tmp_path / "da" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    shutil.copy(DANISH_PO, po)
    compile_catalog(po)
    settings.LOCALE_PATHS = [tmp_path]


def change(registration: Registration, description: str, params: Any) -> RegistrationChange:
    return RegistrationChange.objects.create(
        registration=registration,
        new_status=registration.status,
        description=description,
        params=params,
    )


def test_a_line_with_values_is_shown_in_danish(register: Register, copenhagen: City) -> None:
    member = register(copenhagen)
    line = change(member, "Substitute for %(person)s", {"person": "ann@example.org"})

    with translation.override("da"):
        shown = line.description_display
    with translation.override("en"):
        english = line.description_display

    assert shown == danish("Substitute for %(person)s") % {"person": "ann@example.org"}
    assert "ann@example.org" in shown
    assert english == "Substitute for ann@example.org"


def test_an_old_free_text_line_is_shown_as_stored(register: Register, copenhagen: City) -> None:
    member = register(copenhagen)
    old = change(member, "Substitute for bob@example.org", {})
    percent = change(member, "Moved by hand: 100% sure", {})

    with translation.override("da"):
        assert old.description_display == "Substitute for bob@example.org"
        assert percent.description_display == "Moved by hand: 100% sure"


@pytest.mark.parametrize(
    "params",
    [{}, {"name": "ann@example.org"}, ["ann@example.org"], "ann@example.org", None],
)
def test_a_line_whose_values_do_not_fit_shows_the_stored_text(
    register: Register, copenhagen: City, params: Any
) -> None:
    member = register(copenhagen)
    line = change(member, "Substituted by %(person)s", {})
    line.params = params  # as a hand edit or a broken import might leave it

    with translation.override("da"):
        assert line.description_display == "Substituted by %(person)s"


def test_every_line_the_services_write_is_translated_in_danish(
    register: Register,
    policy: RegistrationPolicy,
    copenhagen: City,
    organizer: User,
) -> None:
    set_limits(policy, requires_approval=True, city_quota=1)
    first = register(copenhagen)
    register(copenhagen)  # waitlisted, promoted when the quota is raised
    register(copenhagen)  # waitlisted, promoted when the substitute cancels
    approve_registration(registration=first, by=organizer)
    colleague = UserFactory.create(email="colleague@example.org")
    substitute = substitute_member(
        registration=first, substitute=colleague, details=details(), by=organizer
    )
    update_details(registration=substitute, details=details(phone="+45 12 34 56 78"), by=colleague)
    appoint_coordinator(delegation=substitute.delegation, user=colleague, by=organizer)
    set_delegation_quota(delegation=substitute.delegation, quota=2, by=organizer)
    cancel_registration(registration=substitute, by=colleague)

    lines = list(RegistrationChange.objects.order_by("pk"))
    written = {line.description for line in lines}
    assert {
        "Registered",
        "Approved",
        "Substitute for %(person)s",
        "Substituted by %(person)s",
        "Details changed",
        "Appointed coordinator",
        "Promoted: the quota of %(city)s changed",
        "Promoted: a seat was freed",
        "Cancelled",
        "Became coordinator",
    } <= written, written
    for line in lines:
        assert line.description in HISTORY_LINES
        with translation.override("da"):
            shown = line.description_display
        assert shown == danish(line.description) % line.params
    with translation.override("da"):
        quota = next(line for line in lines if line.params.get("city"))
        assert "Copenhagen" in quota.description_display
        assert quota.description_display != quota.description % quota.params


def test_every_history_line_is_in_the_danish_catalog() -> None:
    for msgid in HISTORY_LINES:
        danish(msgid)


def test_the_detail_page_shows_the_history_in_the_organizers_language(
    client: Client,
    organizer: User,
    event: Event,
    register: Register,
    copenhagen: City,
) -> None:
    organizer.language = "da"
    organizer.save(update_fields=["language"])
    client.force_login(organizer)
    member = register(copenhagen)
    colleague = UserFactory.create(email="colleague@example.org")
    substitute_member(registration=member, substitute=colleague, details=details(), by=organizer)
    change(member, "Free text from before", {})
    url = reverse("registrations:registration_detail", kwargs={"slug": event.slug, "pk": member.pk})

    html = client.get(url).content.decode()

    substituted = danish("Substituted by %(person)s") % {"person": "colleague@example.org"}
    assert f"<td>{danish('Registered')}" in html
    assert f"<td>{substituted}" in html
    assert "<td>Free text from before" in html
    assert "Substituted by" not in html
