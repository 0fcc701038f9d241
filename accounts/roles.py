"""Who may do what. Organizers are the network's staff: the "Organizers" permission group."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import BooleanField, Exists, Q, Value

ORGANIZERS = "Organizers"
# Organizers manage every model of these apps in the admin and the organizer pages.
ORGANIZER_APPS = ("events", "outbox", "registrations", "sessions_app", "checkin", "meetings")


def is_organizer(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.has_perm("events.change_event"))


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
