"""The admin for the shared domain. Organizers use it: they are staff in the Organizers group."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin

from events.models import City, CityMembership, Event, Network, Room, Venue
from events.templatetags.summit import date_range
from summit import cache


class CityMembershipInline(admin.TabularInline):
    model = CityMembership
    extra = 0
    autocomplete_fields = ("city", "network")


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "city_count", "website")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = (CityMembershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Network]:
        # GROUP BY drops the model's default ordering; autocomplete paginates, so restore it.
        return (
            super().get_queryset(request).annotate(city_count=Count("memberships")).order_by("name")
        )

    @admin.display(description=_("cities"), ordering="city_count")
    def city_count(self, network: Any) -> int:
        return int(network.city_count)


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "network_names", "is_confirmed")
    list_filter = (("country", CountryFilter), "networks", "is_confirmed")
    search_fields = ("name",)
    inlines = (CityMembershipInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[City]:
        return super().get_queryset(request).prefetch_related("networks")

    @admin.display(description=_("networks"))
    def network_names(self, city: City) -> str:
        return ", ".join(n.short_name or n.name for n in city.networks.all())


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "time_zone", "room_count")
    list_filter = (("city", admin.RelatedOnlyFieldListFilter), "time_zone")
    list_select_related = ("city",)
    search_fields = ("name", "address", "city__name")
    autocomplete_fields = ("city",)
    inlines = (RoomInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Venue]:
        return super().get_queryset(request).annotate(room_count=Count("rooms")).order_by("name")

    @admin.display(description=_("rooms"), ordering="room_count")
    def room_count(self, venue: Any) -> int:
        return int(venue.room_count)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "venue", "capacity")
    list_filter = (("venue", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("venue__city",)
    search_fields = ("name", "venue__name", "venue__city__name")
    autocomplete_fields = ("venue",)


class StartYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = Event.objects.dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(start_date__year=int(value)) if value else queryset


LOCAL_FIELDS = ("registration_opens_at", "registration_closes_at")


class EventAdminForm(forms.ModelForm):
    """Registration times are typed and shown in the main venue's local time, not in UTC.

    An organizer in Copenhagen who types 23:59 means 23:59 in Copenhagen. The fields are
    converted in clean(), before the model's own clean() compares them.
    """

    class Meta:
        model = Event
        # The admin's fieldsets say which fields, one per language for the translated ones
        # (modeltranslation's admin would read Meta.fields as the admin's `fields`).
        exclude: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone_name = self.instance.venue.time_zone if self.instance.venue_id else None
        for name in LOCAL_FIELDS:
            if name not in self.fields:
                continue
            self.fields[name].help_text = (
                _("Local time of the main venue (%(zone)s).") % {"zone": zone_name}
                if zone_name
                else _("Local time of the main venue.")
            )
            value = self.initial.get(name)
            if zone_name and isinstance(value, dt.datetime):
                local = value.astimezone(zoneinfo.ZoneInfo(zone_name))
                self.initial[name] = local.replace(tzinfo=None)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        venue = cleaned.get("venue")
        for name in LOCAL_FIELDS:
            value = cleaned.get(name)
            if venue and value:
                # The field made the typed wall time aware in the active zone; re-read it in
                # the venue's zone instead.
                cleaned[name] = timezone.make_naive(value).replace(tzinfo=venue.zone)
        return cleaned


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    """The summary and description in each site language (issue #18): one field per language,
    the English one the original the others fall back to."""

    form = EventAdminForm
    list_display = ("name", "dates", "host_city", "network", "kind", "is_published")
    list_filter = ("kind", "network", "is_published", StartYearFilter)
    list_select_related = ("host_city", "network")
    search_fields = ("name", "slug", "summary", "host_city__name", "venue__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("venue", "host_city", "other_venues")
    date_hierarchy = "start_date"
    ordering = ("-start_date", "name")
    actions = ("publish", "unpublish")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "network", "is_published")}),
        (
            _("When and where"),
            {"fields": ("start_date", "end_date", "host_city", "venue", "other_venues")},
        ),
        (
            _("Registration"),
            {
                "fields": LOCAL_FIELDS,
                "description": _("Times are in the main venue's time zone."),
            },
        ),
        (_("Description"), {"fields": ("summary", "description")}),
    )

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, event: Event) -> str:
        return date_range(event.start_date, event.end_date)

    @admin.action(description=_("Publish the selected events"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set_published(request, queryset, published=True)

    @admin.action(description=_("Unpublish the selected events"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set_published(request, queryset, published=False)

    def _set_published(
        self, request: HttpRequest, queryset: QuerySet[Event], *, published: bool
    ) -> None:
        count = queryset.update(is_published=published)
        # update() sends no signal: the cached agendas and calendars must learn of it.
        cache.changed("agenda")
        template = (
            ngettext("%d event published.", "%d events published.", count)
            if published
            else ngettext("%d event unpublished.", "%d events unpublished.", count)
        )
        self.message_user(request, template % count, messages.SUCCESS)
