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


def fresh(user: User) -> User:
    """The person as the next request reads them: has_perm's own memo starts empty."""
    return User.objects.get(pk=user.pk)


def test_the_cached_answer_follows_every_change_of_who_holds_what(
    organizer: User, django_assert_num_queries: Any
) -> None:
    change_event = Permission.objects.get(content_type__app_label="events", codename="change_event")
    person: User = UserFactory.create(email="x@example.org")
    group = Group.objects.create(name="Helpers")
    assert is_organizer(fresh(person)) is False
    reread = fresh(person)
    with django_assert_num_queries(0):  # cached: the permissions are not read again
        assert is_organizer(reread) is False

    person.groups.add(group)
    group.permissions.add(change_event)  # the group's permissions
    assert is_organizer(fresh(person)) is True
    person.groups.remove(group)  # the person's groups
    assert is_organizer(fresh(person)) is False
    person.user_permissions.add(change_event)  # the person's own permissions
    assert is_organizer(fresh(person)) is True
    User.objects.filter(pk=person.pk).update(is_active=False)  # the person's row, no signal
    assert is_organizer(fresh(person)) is False
    User.objects.filter(pk=person.pk).update(is_active=True)
    change_event.user_set.clear()  # the permission's side of the m2m
    assert is_organizer(fresh(person)) is False

    organizer_group = organizer.groups.get()
    assert is_organizer(fresh(organizer)) is True
    organizer_group.delete()
    assert is_organizer(fresh(organizer)) is False
