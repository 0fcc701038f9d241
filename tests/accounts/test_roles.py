"""organizer_condition() decides in SQL what is_organizer() decides in Python."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from accounts.models import User
from accounts.roles import is_organizer, organizer_condition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organizer: User) -> dict[str, Any]:
    change_event = Permission.objects.get(content_type__app_label="events", codename="change_event")
    by_permission: User = UserFactory.create(email="p@example.org")
    by_permission.user_permissions.add(change_event)
    other_group = Group.objects.create(name="Readers")
    other_group.permissions.add(
        Permission.objects.get(content_type__app_label="events", codename="view_event")
    )
    reader: User = UserFactory.create(email="r@example.org")
    reader.groups.add(other_group)
    inactive: User = UserFactory.create(email="i@example.org", is_active=False)
    inactive.groups.add(*organizer.groups.all())
    return {
        "anonymous": AnonymousUser(),
        "delegate": UserFactory.create(email="d@example.org"),
        "organizer": organizer,
        "by_permission": by_permission,
        "reader": reader,
        "inactive_organizer": inactive,
        "superuser": UserFactory.create(email="s@example.org", is_superuser=True),
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("anonymous", False),
        ("delegate", False),
        ("organizer", True),
        ("by_permission", True),
        ("reader", False),
        ("inactive_organizer", False),
        ("superuser", True),
    ],
)
def test_the_condition_agrees_with_is_organizer(
    people: dict[str, Any], name: str, expected: bool
) -> None:
    user = people[name]
    annotated = User.objects.annotate(ok=organizer_condition(user)).values_list("ok", flat=True)

    assert is_organizer(user) is expected
    assert bool(annotated[0]) is expected
