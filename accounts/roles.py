"""Who may do what. Organizers are the network's staff: the "Organizers" permission group."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import BooleanField, Exists, Q, Value

from summit import cache

ORGANIZERS = "Organizers"
# Organizers manage every model of these apps in the admin and the organizer pages.
ORGANIZER_APPS = ("events", "outbox", "registrations", "sessions_app", "checkin", "meetings")


# The version of everyone's permissions: a change of a permission, a group, a group's
# permissions or a person's groups or own permissions bumps it (accounts/apps.py).
ROLES = "roles"


def is_organizer(user: Any) -> bool:
    """Whether `user` is an organizer. has_perm reads all of a person's permissions in two
    queries on every request; the answer is cached per person under the "roles" version
    instead (summit.cache), which any change of who holds what replaces. The person's own
    flags (active, superuser) are read from the row the request already has, and are part
    of the key, so changing them needs no bump."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    known = getattr(user, "_summit_is_organizer", None)  # asked before in this request
    if known is not None:
        return bool(known)
    parts = ("is-organizer", user.pk, user.is_active)
    cached = cache.Fragment(parts, depends_on=[ROLES])
    answer = cached.get()
    if answer is None:
        answer = bool(user.has_perm("events.change_event"))
        cached.set(answer)
    user._summit_is_organizer = bool(answer)  # like has_perm's own memo on the person
    return bool(answer)


def watch_roles() -> None:
    """Bump the "roles" version on every write that can change what is_organizer answers."""
    from accounts.models import User

    cache.watch(
        ROLES,
        Permission,
        Group,
        Group.permissions.through,
        User.groups.through,
        User.user_permissions.through,
    )


def organizer_condition(user: Any) -> Q | Value:
    """is_organizer(user) as a condition of a query, for a page that decides it in the query
    that reads what it shows instead of in two more (has_perm reads all of a person's
    permissions). Django's ModelBackend rules, which both backends of
    settings.AUTHENTICATION_BACKENDS follow: an active superuser, or the permission given to the
    person or to one of their groups (tests/accounts/test_roles.py checks they agree)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Value(False, output_field=BooleanField())
    if user.is_superuser:
        return Value(True, output_field=BooleanField())
    perm = Permission.objects.filter(content_type__app_label="events", codename="change_event")
    return Q(Exists(perm.filter(user=user.pk))) | Q(Exists(perm.filter(group__user=user.pk)))


def ensure_organizers_group(**kwargs: Any) -> Group:
    """Create the Organizers group with every permission on the organizer apps (idempotent).

    Runs after each migrate; creates the permissions first, because post_migrate order between
    apps is not guaranteed.
    """
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)
    group, _ = Group.objects.get_or_create(name=ORGANIZERS)
    perms = Permission.objects.filter(content_type__app_label__in=ORGANIZER_APPS)
    group.permissions.add(*perms)
    return group
