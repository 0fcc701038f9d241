"""Who may do what. Organizers are the network's staff: the "Organizers" permission group."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

ORGANIZERS = "Organizers"
# Organizers manage every model of these apps in the admin and the organizer pages.
ORGANIZER_APPS = ("events", "outbox", "registrations", "sessions_app", "checkin", "meetings")


def is_organizer(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.has_perm("events.change_event"))


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
