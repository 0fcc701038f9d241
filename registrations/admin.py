"""Admin for registrations. Every status change and every limit goes through the services, so the
history, the seat lock and the mails are the same as on the organizer pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from registrations import services
from registrations.models import Delegation, Registration, RegistrationChange, RegistrationPolicy

REGISTRATION_FIELDS = [
    f.name for f in Registration._meta.get_fields() if f.concrete and f.name != "id"
]


@admin.register(RegistrationPolicy)
class RegistrationPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "event",
        "capacity",
        "city_quota",
        "country_quota",
        "requires_approval",
        "edit_deadline",
    )
    list_select_related = ("event",)
    search_fields = ("event__name",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["event"] if obj is not None else []

    def save_model(
        self, request: HttpRequest, obj: RegistrationPolicy, form: Any, change: bool
    ) -> None:
        promoted = services.save_policy(policy=obj)
        _report_promoted(self, request, promoted)


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ("badge_name", "user", "office", "status", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DelegationForm(forms.ModelForm):
    def clean_coordinator(self) -> User | None:
        coordinator: User | None = self.cleaned_data.get("coordinator")
        members = self.instance.registrations.active()
        if coordinator is not None and not members.filter(user=coordinator).exists():
            raise forms.ValidationError(
                _("The coordinator must be a registered member of the delegation.")
            )
        return coordinator


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    form = DelegationForm
    list_display = ("city", "event", "coordinator", "quota_override")
    list_filter = ("event", "city__country")
    list_select_related = ("city", "event", "coordinator")
    search_fields = ("city__name", "event__name", "coordinator__email")
    fields = ("event", "city", "coordinator", "quota_override")
    readonly_fields = ("event", "city")
    raw_id_fields = ("coordinator",)
    inlines = (RegistrationInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # delegations come into being with their city's first registration

    def save_model(self, request: HttpRequest, obj: Delegation, form: Any, change: bool) -> None:
        if "coordinator" in form.changed_data and obj.coordinator is not None:
            services.appoint_coordinator(delegation=obj, user=obj.coordinator, by=_user(request))
        elif "coordinator" in form.changed_data:
            obj.save(update_fields=["coordinator"])
        if "quota_override" in form.changed_data:
            promoted = services.set_delegation_quota(
                delegation=obj, quota=obj.quota_override, by=_user(request)
            )
            _report_promoted(self, request, promoted)


class RegistrationChangeInline(admin.TabularInline):
    model = RegistrationChange
    fields = (
        "changed_at",
        "changed_by",
        "old_status",
        "new_status",
        "what",
        "fields",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("What"))
    def what(self, change: RegistrationChange) -> str:
        return change.description_display


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = (
        "badge_name",
        "user",
        "event",
        "city",
        "country",
        "office",
        "status",
        "created_at",
    )
    list_filter = ("status", "country", "office", "event", "city__is_confirmed")
    list_select_related = ("user", "event", "city")
    search_fields = (
        "badge_name",
        "user__email",
        "user__first_name",
        "user__last_name",
        "city__name",
        "organization",
    )
    readonly_fields = REGISTRATION_FIELDS
    inlines = (RegistrationChangeInline,)
    actions = ("approve", "decline", "confirm_city")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # registrations go through services.register_delegate

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cancel or decline instead: that frees the seat and keeps the history

    @admin.action(description=_("Approve the selected registrations"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        _apply(self, request, queryset, services.approve_registration, _approved)

    @admin.action(description=_("Decline the selected registrations"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        _apply(self, request, queryset, services.decline_registration, _declined)

    @admin.action(
        description=_("Confirm the proposed cities of the selected registrations"),
        permissions=["change"],
    )
    def confirm_city(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        # Submitted ones too: their city may have been confirmed without the service.
        rows = queryset.select_related("city")
        cities = {r.city for r in rows if not r.city.is_confirmed or r.status == "submitted"}
        for city in sorted(cities, key=lambda c: c.pk):
            services.confirm_city(city=city, by=_user(request))
        self.message_user(
            request,
            ngettext("Confirmed %(n)d city.", "Confirmed %(n)d cities.", len(cities))
            % {"n": len(cities)},
            messages.SUCCESS,
        )


def _apply(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Registration],
    service: Callable[..., Registration],
    report: Callable[[int], str],
) -> None:
    """Run a service on each selected registration; one refusal does not stop the others."""
    succeeded = 0
    for registration in queryset.order_by("pk"):
        try:
            service(registration=registration, by=_user(request))
        except services.RegistrationError as error:
            model_admin.message_user(
                request, f"{registration.badge_name}: {error.message}", messages.WARNING
            )
        else:
            succeeded += 1
    model_admin.message_user(request, report(succeeded), messages.SUCCESS)


def _approved(n: int) -> str:
    return ngettext("%(n)d registration approved.", "%(n)d registrations approved.", n) % {"n": n}


def _declined(n: int) -> str:
    return ngettext("%(n)d registration declined.", "%(n)d registrations declined.", n) % {"n": n}


def _report_promoted(
    model_admin: admin.ModelAdmin, request: HttpRequest, promoted: list[Registration]
) -> None:
    if promoted:
        names = ", ".join(r.badge_name for r in promoted)
        model_admin.message_user(
            request, _("Promoted from the waiting list: %(names)s") % {"names": names}
        )


def _user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None
