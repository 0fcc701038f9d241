"""Delegate registration: an event's policy, city delegations, registrations and their history.

Which statuses hold a seat (see SEAT_STATUSES): submitted, pending approval and approved. A
submitted or pending registration will normally be approved, so it reserves its seat already;
otherwise approving it later could overfill the event. Waitlisted, declined and cancelled hold
none. Seats are counted and claimed only in registrations.services, under seats.lock_seats().
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import City, Event

# Languages a delegate can list: Django's own catalogue (independent of settings.LANGUAGES,
# which are the site's UI languages) plus those of the network's region it lacks.
EXTRA_LANGUAGES = {"fo": _("Faroese"), "kl": _("Greenlandic"), "se": _("Northern Sami")}
MAX_LANGUAGES = 12


def spoken_languages() -> dict[str, str]:
    """ISO 639 code -> name in the active language (Django's catalogs name its languages),
    sorted by that name. Built once per language and process (the catalogs do not change while
    it runs): about 1 ms each, and every registration needs it twice (form and validation)."""
    language = get_language()
    names = _SPOKEN_LANGUAGES.get(language)
    if names is None:
        names = _SPOKEN_LANGUAGES[language] = _build_spoken_languages()
    return dict(names)  # a copy: callers may change theirs


_SPOKEN_LANGUAGES: dict[str | None, dict[str, str]] = {}


def _build_spoken_languages() -> dict[str, str]:
    names = {code: info["name"] for code, info in LANG_INFO.items() if "name" in info}
    names = {code: gettext(name) for code, name in names.items() if "-" not in code}
    names.update((code, str(name)) for code, name in EXTRA_LANGUAGES.items())
    return dict(sorted(names.items(), key=lambda item: item[1].casefold()))


def validate_languages(value: Any) -> None:
    # Own error codes: a field's error_messages would replace the messages of its usual ones.
    known = spoken_languages()
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(
            _("Languages must be a list of language codes."), code="languages_not_a_list"
        )
    if len(value) > MAX_LANGUAGES:
        raise ValidationError(
            _("List at most %(max)d languages."),
            params={"max": MAX_LANGUAGES},
            code="too_many_languages",
        )
    unknown = [code for code in value if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."),
            params={"codes": ", ".join(unknown)[:100]},
            code="unknown_language",
        )


class RegistrationPolicy(models.Model):
    """Limits and rules of one event's registration. Its row is also the event's seat lock."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="registration_policy",
        verbose_name=_("event"),
    )
    capacity = models.PositiveIntegerField(
        _("total capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    city_quota = models.PositiveIntegerField(
        _("quota per city"),
        null=True,
        blank=True,
        help_text=_("Seats per city delegation unless overridden. Empty: no limit."),
    )
    country_quota = models.PositiveIntegerField(
        _("quota per country"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        # Safe default for government summits: organizers decide who comes.
        default=True,
    )
    edit_deadline = models.DateTimeField(
        _("delegates may edit their details until"),
        null=True,
        blank=True,
        help_text=_("Empty: no deadline."),
    )

    class Meta:
        verbose_name = _("registration policy")
        verbose_name_plural = _("registration policies")

    def __str__(self) -> str:
        return str(_("Registration policy of %(event)s") % {"event": self.event})

    @classmethod
    def for_event(cls, event: Event) -> RegistrationPolicy:
        """The event's policy, or the defaults (unsaved) when none was set."""
        try:
            return event.registration_policy
        except cls.DoesNotExist:
            return cls(event=event)


class Delegation(models.Model):
    """The delegates of one city at one event."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("event")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("city")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_delegations",
        verbose_name=_("coordinator"),
    )
    quota_override = models.PositiveIntegerField(
        _("quota override"),
        null=True,
        blank=True,
        help_text=_(
            "Seats for this city, replacing the event's quota per city. Empty: no override."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["event", "city__name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(fields=["event", "city"], name="one_delegation_per_event_city")
        ]

    def __str__(self) -> str:
        return f"{self.city} – {self.event}"

    def quota(self, policy: RegistrationPolicy) -> int | None:
        """This city's seat limit at the event; None means no limit."""
        return self.quota_override if self.quota_override is not None else policy.city_quota


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def holding_seats(self) -> RegistrationQuerySet:
        return self.filter(status__in=SEAT_STATUSES)

    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def waitlist(self) -> RegistrationQuerySet:
        """Waitlisted registrations, first come first served."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")  # waits for an organizer to confirm its city
        PENDING_APPROVAL = "pending_approval", _("Pending approval")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    class Office(models.TextChoices):
        MAYOR = "mayor", _("Mayor")
        DEPUTY_MAYOR = "deputy_mayor", _("Deputy mayor")
        COUNCILLOR = "councillor", _("Councillor")
        CITY_OFFICIAL = "city_official", _("City official")
        PRACTITIONER = "practitioner", _("Practitioner")
        POLICE = "police", _("Police")
        NGO = "ngo", _("NGO")
        RESEARCHER = "researcher", _("Researcher")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        ORGANIZERS = "organizers", _("Organizers only")
        DELEGATES = "delegates", _("All delegates of the event")

    class DirectoryField(models.TextChoices):
        """What the delegate list may show besides name and city, if the delegate agrees."""

        OFFICE = "office", _("Office")
        ORGANIZATION = "organization", _("Organization")
        EMAIL = "email", _("Email address")
        LANGUAGES = "languages", _("Languages spoken")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    # Deleting a person (erasure request) deletes their registrations with them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("person"),
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("delegation"),
    )
    # city and country repeat the delegation's for filters, counts and the export without joins;
    # the services keep them equal to delegation.city and city.country.
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("city")
    )
    country = CountryField(_("country"))
    badge_name = models.CharField(
        _("name on the badge"), max_length=100, help_text=_("As it should be printed.")
    )
    office = models.CharField(_("office"), max_length=20, choices=Office)
    organization = models.CharField(_("organization"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_languages]
    )
    interpretation_needs = models.CharField(_("interpretation needs"), max_length=500, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=500, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=500, blank=True)
    visibility = models.CharField(
        _("shown in the delegate list to"),
        max_length=20,
        choices=Visibility,
        default=Visibility.ORGANIZERS,
    )
    directory_fields = models.JSONField(
        _("also shown in the delegate list"), default=list, blank=True
    )
    # Null until the person accepts it themselves (a substitute has not yet).
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status)
    # When it joined the waiting list: the order of promotion, first come first served.
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("substitute for"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # Cancelled and declined ones do not count, so a cancelled delegate may register again.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~models.Q(status__in=["cancelled", "declined"]),
                name="one_active_registration_per_event_user",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "submitted",
                        "pending_approval",
                        "approved",
                        "waitlisted",
                        "declined",
                        "cancelled",
                    ]
                ),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="waitlisted") | models.Q(waitlisted_at__isnull=False),
                name="waitlisted_registration_has_waitlisted_at",
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "waitlisted_at"], name="registration_event_status_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.badge_name} ({self.city.name}) – {self.event}"

    def clean(self) -> None:
        if self.city_id and self.country and self.city.country != self.country:
            raise ValidationError({"city": _("This city is not in the chosen country.")})
        fields = self.directory_fields
        known = self.DirectoryField.values
        if not isinstance(fields, list) or any(name not in known for name in fields):
            raise ValidationError({"directory_fields": _("Unknown delegate list field.")})

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


SEAT_STATUSES = (
    Registration.Status.SUBMITTED,
    Registration.Status.PENDING_APPROVAL,
    Registration.Status.APPROVED,
)
ACTIVE_STATUSES = (*SEAT_STATUSES, Registration.Status.WAITLISTED)


# The lines of a registration's history. RegistrationChange.description stores the English
# message id (a key here) and its values in params; description_display translates it when shown,
# in the reader's language. The context keeps these apart from look-alike labels ("Registered"
# is also a column of dates). Old rows, and any text not listed here, are shown as stored.
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


class DelegationInvitation(models.Model):
    """A coordinator's (or organizer's) invitation to join a delegation, sent by mail.

    Only a SHA-256 hash of the link's token is stored: a leaked database row cannot be turned
    into a working link, and the token itself exists only in the mail.
    """

    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("delegation"),
    )
    # Stored lower-cased (services.invitations) so the unique constraint ignores letter case.
    email = models.EmailField(_("email address"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("registration"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Set by invitations.invite_delegate: settings.DELEGATION_INVITATION_DAYS after creation.
    # Expiry alone frees nothing in the constraint below: re-inviting revokes the expired row.
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("delegation invitation")
        verbose_name_plural = _("delegation invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_active_invitation_per_delegation_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.delegation}"

    @property
    def is_active(self) -> bool:
        """Neither used nor revoked, expired or not: what the unique constraint counts."""
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
