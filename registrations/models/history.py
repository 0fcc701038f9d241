"""A registration's history: one row per status change, in words a delegate reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registrations.models.registration import Registration

HISTORY_LINES = {
    "Registered": pgettext_lazy("registration history", "Registered"),
    "Approved": pgettext_lazy("registration history", "Approved"),
    "Approved (demo data of a past edition)": pgettext_lazy(
        "registration history", "Approved (demo data of a past edition)"
    ),
    "Declined": pgettext_lazy("registration history", "Declined"),
    "Cancelled": pgettext_lazy("registration history", "Cancelled"),
    "City confirmed": pgettext_lazy("registration history", "City confirmed"),
    "Promoted: a seat was freed": pgettext_lazy(
        "registration history", "Promoted: a seat was freed"
    ),
    "Promoted: the event's limits changed": pgettext_lazy(
        "registration history", "Promoted: the event's limits changed"
    ),
    "Promoted: the quota of %(city)s changed": pgettext_lazy(
        "registration history", "Promoted: the quota of %(city)s changed"
    ),
    "Promoted: seats were free": pgettext_lazy("registration history", "Promoted: seats were free"),
    "Appointed coordinator": pgettext_lazy("registration history", "Appointed coordinator"),
    "Became coordinator": pgettext_lazy("registration history", "Became coordinator"),
    "Substitute for %(person)s": pgettext_lazy("registration history", "Substitute for %(person)s"),
    "Substituted by %(person)s": pgettext_lazy("registration history", "Substituted by %(person)s"),
    "Details changed": pgettext_lazy("registration history", "Details changed"),
}


class RegistrationChange(models.Model):
    """One line of a registration's history: who changed what, when."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("registration"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("Empty: the system, e.g. a promotion from the waiting list."),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    old_status = models.CharField(
        _("old status"), max_length=20, choices=Registration.Status, blank=True
    )
    new_status = models.CharField(_("new status"), max_length=20, choices=Registration.Status)
    # A key of HISTORY_LINES (untranslated), or free text in rows written before it existed.
    description = models.CharField(_("description"), max_length=300, blank=True)
    # The description's placeholders, e.g. {"person": "ann@example.org"}.
    params = models.JSONField(_("description values"), default=dict, blank=True)
    # {"field": [old, new]} for the details that changed.
    fields = models.JSONField(_("changed fields"), default=dict, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("registration change")
        verbose_name_plural = _("registration changes")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.old_status or '–'} → {self.new_status}"

    @property
    def is_transition(self) -> bool:
        return self.old_status != self.new_status

    @property
    def description_display(self) -> str:
        """The description in the active language; the stored text when it is no message id
        or its values do not fit it (an old row, a hand-edited one)."""
        message = HISTORY_LINES.get(self.description)
        if message is None or not isinstance(self.params, dict):
            return self.description
        try:
            return str(message) % self.params
        except (KeyError, TypeError, ValueError):
            return self.description
