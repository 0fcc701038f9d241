"""The changelog of a session: one row per change, the calendar SEQUENCE it reached."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sessions_app.models.agenda import AgendaPublication
from sessions_app.models.session import Session


class SessionChange(models.Model):
    """One line of a session's changelog: what changed, from what to what, by whom.

    `is_public` is set when the session was already public when it changed (people had seen
    the old version); only those lines go to the public changelog. The next publication
    (publish_event_agenda) stamps them with itself, so each publication lists what it changed.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        MOVED = "moved", _("Moved")
        ROOM_CHANGED = "room_changed", _("Room changed")
        CANCELLED = "cancelled", pgettext_lazy("session", "Cancelled")
        EDITED = "edited", _("Edited")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="changes", verbose_name=_("session")
    )
    revision = models.PositiveIntegerField(
        _("revision"), help_text=_("The session's revision after this change.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # {"field": value} with JSON values: datetimes in ISO 8601 UTC, the room as {id, name}.
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    is_public = models.BooleanField(_("public"), default=False)
    publication = models.ForeignKey(
        AgendaPublication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("publication"),
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        constraints = [
            # A bumped revision has exactly one cause: the fan-out task finds it by revision.
            models.UniqueConstraint(
                fields=["session", "revision"],
                condition=models.Q(kind__in=["moved", "room_changed", "cancelled"]),
                name="one_notifying_change_per_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} r{self.revision}: {self.get_kind_display()}"


NOTIFYING_KINDS = (
    SessionChange.Kind.MOVED,
    SessionChange.Kind.ROOM_CHANGED,
    SessionChange.Kind.CANCELLED,
)
