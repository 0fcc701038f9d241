"""A delegate's registration for an event, and which statuses hold a seat."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from events.models import City, CityMembership, Event
from registrations.models.delegation import Delegation
from registrations.models.languages import validate_languages


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def holding_seats(self) -> RegistrationQuerySet:
        return self.filter(status__in=SEAT_STATUSES)

    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def registered_in_week(self, monday: dt.date) -> RegistrationQuerySet:
        """Registered in the week (UTC) that starts on this Monday, as the dashboard counts."""
        start = dt.datetime.combine(monday, dt.time(), tzinfo=dt.UTC)
        return self.filter(created_at__gte=start, created_at__lt=start + dt.timedelta(days=7))

    def by_membership(self, network_id: int, kind: str) -> RegistrationQuerySet:
        """From a member or partner city of the network ("member", "partner"), or from a city
        that is neither ("none")."""
        of_network = CityMembership.objects.filter(network_id=network_id)
        if kind == "none":
            return self.exclude(city_id__in=of_network.values("city_id"))
        return self.filter(city_id__in=of_network.filter(status=kind).values("city_id"))

    def by_edition(self, event: Event, *, returning: bool) -> RegistrationQuerySet:
        """From a returning city (a delegate of it was approved at an earlier event of the same
        network) or a first-time one."""
        earlier = Registration.objects.filter(
            event__network_id=event.network_id,
            event__start_date__lt=event.start_date,
            status=Registration.Status.APPROVED,
        ).values("city_id")
        return self.filter(city_id__in=earlier) if returning else self.exclude(city_id__in=earlier)

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
            ),
            # An event's list in its order (the organizers' page, the API): a page of 50 is
            # read from the index instead of sorting all the event's rows (issue #19).
            models.Index(fields=["event", "created_at", "id"], name="registration_event_list_idx"),
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
