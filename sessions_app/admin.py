"""Admin for sessions. Changes to an existing session, its speakers and moderators too, go
through services.update_session, so the revision, the changelog, the attendees' mails and the
agenda lock are the same as from the agenda builder; publishing and cancelling are actions that
call their services. History is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from events.models import Event
from events.translated import ORIGINAL
from sessions_app import services, signups
from sessions_app.models import (
    AgendaPublication,
    Session,
    SessionChange,
    SessionPerson,
    SessionPolicy,
    Signup,
    Theme,
)

# What update_session accepts from the admin form (themes are saved with the form's M2M).
CHANGEABLE = [
    "title",
    "slug",
    "description",
    "format",
    "room",
    "starts_at",
    "ends_at",
    "capacity",
    "languages",
    "join_url",
    "audience",
    "audience_offices",
    "audience_network",
]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    """A name per site language (issue #18); English is the original."""

    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    search_fields = ("name",)


@admin.register(SessionPolicy)
class SessionPolicyAdmin(admin.ModelAdmin):
    list_display = ("event", "signup_closes_before", "reminder_before")
    list_select_related = ("event",)


class SessionPersonInline(admin.TabularInline):
    model = SessionPerson
    fields = ("role", "user", "name", "office", "city", "position")
    raw_id_fields = ("user", "city")
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "starts_at", "room", "format", "status", "revision")
    list_filter = ("event", "status", "format", "room", "themes")
    list_select_related = ("event", "room__venue")
    search_fields = ("title", "people__name")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("themes",)
    readonly_fields = ("status", "uid", "revision", "published_at", "created_at", "updated_at")
    inlines = (SessionPersonInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ("publish_agenda", "cancel_sessions")

    def get_form(
        self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        """The title and description fields hold the originals (issue #18), whatever the
        admin's language: the form reads the instance with the original language active.
        Translations are written in the builder."""
        form = super().get_form(request, obj, change, **kwargs)

        class OriginalsForm(form):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                with translation.override(ORIGINAL):
                    super().__init__(*args, **kwargs)

        return OriginalsForm

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_cancelled:  # final: see services.update_session
            return [*CHANGEABLE, "event", "themes", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Session, form: Any, change: bool) -> None:
        if not change:
            services.lock_agenda(obj.event_id)  # takes turns with the builder and the API
            obj.save()  # a new draft: nobody to tell, nothing to record
        # A change is written in save_related, with the people, by one update_session call.

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Themes are saved with the form's M2M. The speakers and moderators go through the
        services, which take the agenda lock (issue #16): a new draft's one by one
        (add_session_person), an existing session's with its other changes in one
        update_session call, so one changelog line and the same refusals as in the builder."""
        form.save_m2m()
        people = None
        for formset in formsets:
            if formset.model is not SessionPerson:
                self.save_formset(request, form, formset, change)
                continue
            formset.save(commit=False)  # writes nothing: makes the lists the admin's log reads
            if formset.has_changed():
                people = billings(formset)
        try:
            if change:
                self._update(request, form, people)
            else:
                for billing in people or []:
                    services.add_session_person(session=form.instance, **vars(billing))
        except services.SessionError as error:
            self.message_user(request, error.message, messages.ERROR)

    def _update(
        self, request: HttpRequest, form: Any, people: list[services.Billing] | None
    ) -> None:
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in CHANGEABLE
        }
        if people is not None:
            changes["people"] = people
        if changes:
            services.update_session(
                session=Session.objects.get(pk=form.instance.pk),
                by=request.user,  # type: ignore[arg-type]
                **changes,
            )

    @admin.action(description=_("Publish the agenda of the selected sessions' events"))
    def publish_agenda(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        for event in Event.objects.filter(sessions__in=queryset).distinct():
            try:
                publication = services.publish_event_agenda(event=event, by=request.user)  # type: ignore[arg-type]
            except services.SessionError as error:
                self.message_user(request, f"{event}: {error.message}", messages.WARNING)
            else:
                self.message_user(
                    request, gettext("Published %(publication)s.") % {"publication": publication}
                )

    @admin.action(description=_("Cancel the selected sessions (attendees are told)"))
    def cancel_sessions(self, request: HttpRequest, queryset: QuerySet[Session]) -> None:
        cancelled = 0
        for session in queryset.exclude(status=Session.Status.CANCELLED):
            services.cancel_session(session=session, by=request.user)  # type: ignore[arg-type]
            cancelled += 1
        self.message_user(
            request,
            ngettext("Cancelled %(n)d session.", "Cancelled %(n)d sessions.", cancelled)
            % {"n": cancelled},
        )


def billings(formset: Any) -> list[services.Billing]:
    """The people as the inline leaves them, in its order (position, then row), deleted rows
    left out and empty extra rows skipped."""
    deleted = set(map(id, formset.deleted_forms))
    kept = [
        (form.instance.position, index, form.instance)
        for index, form in enumerate(formset.forms)
        if id(form) not in deleted and (form.instance.pk is not None or form.has_changed())
    ]
    return [
        services.Billing(
            role=person.role,
            user=person.user,
            name=person.name,
            office=person.office,
            city=person.city,
        )
        for _position, _index, person in sorted(kept, key=lambda row: row[:2])
    ]


@admin.register(Signup)
class SignupAdmin(admin.ModelAdmin):
    """Read-only but for withdrawing, which frees the seat through the service."""

    list_display = ("user", "session", "status", "created_at", "personal_sequence")
    list_filter = ("status", "session__event")
    list_select_related = ("user", "session")
    search_fields = ("user__email", "session__title")
    readonly_fields = ("session", "user", "status", "personal_sequence", "created_at", "updated_at")
    actions = ("withdraw_signups",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Withdraw the selected sign-ups (frees their seats)"))
    def withdraw_signups(self, request: HttpRequest, queryset: QuerySet[Signup]) -> None:
        withdrawn = 0
        for signup in queryset.filter(
            status__in=[Signup.Status.SIGNED_UP, Signup.Status.WAITLISTED]
        ):
            signups.withdraw(signup=signup)
            withdrawn += 1
        self.message_user(
            request,
            ngettext("Withdrew %(n)d sign-up.", "Withdrew %(n)d sign-ups.", withdrawn)
            % {"n": withdrawn},
        )


@admin.register(SessionChange)
class SessionChangeAdmin(ReadOnlyAdmin):
    list_display = ("session", "revision", "kind", "changed_by", "changed_at", "publication")
    list_filter = ("kind", "is_public", "session__event")
    list_select_related = ("session", "changed_by", "publication")
    search_fields = ("session__title",)


@admin.register(AgendaPublication)
class AgendaPublicationAdmin(ReadOnlyAdmin):
    list_display = ("event", "number", "published_at", "published_by")
    list_filter = ("event",)
    list_select_related = ("event", "published_by")
