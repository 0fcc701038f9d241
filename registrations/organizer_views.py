"""The organizers' registration pages: the list with filters and bulk decisions, a
registration's detail and history, the CSV and XLSX exports (written by exports.py), and the
proposed cities to confirm."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_POST, require_safe
from django_countries import countries

from accounts.roles import is_organizer
from events.models import City, Event
from registrations import exports, services
from registrations.access import current_user, get_event_for_organizer
from registrations.filters import RegistrationFilterForm, filtered
from registrations.forms import BulkDecisionForm
from registrations.models import Registration
from registrations.organizer_links import organizer_links
from summit import cache, frozen_pages
from summit.xlsx import download

PAGE_SIZE = 100


# --- organizers ---------------------------------------------------------------------------------
# The page's content is cached (summit.cache) under the "registrations" version, per event,
# language and asked filters and page, and stored only when those were valid: a made-up value
# cannot fill the cache. The CSRF token of the bulk form goes in at this marker per request.
CSRF_MARKER = "<!--csrf-token-->"
# Every filter of the form, and the page: the cache key must tell each asked list apart.
LIST_PARAMETERS = (*RegistrationFilterForm.base_fields, "page")


@require_safe
@login_required
def event_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    if not is_organizer(request.user):
        raise PermissionDenied
    asked = [request.GET.get(name, "") for name in LIST_PARAMETERS]
    parts = ("registrations", slug, get_language(), asked)
    whole, answer = frozen_pages.lookup(  # the whole page, this organizer's own
        request, parts, depends_on=["registrations"], people=True
    )
    if answer is not None:
        return answer
    cached = cache.Fragment(parts, depends_on=["registrations"], local=True)
    page = cached.get()
    cacheable = True
    if page is None:  # the event is looked up only here: a cached page needs no query
        event = get_event_for_organizer(request, slug)
        content, cacheable = _list_content(request, event)
        page = (event.name, content)
        if cacheable:
            cached.set(page)
    event_name, content = page
    template = "registrations/organizer_list.html"
    if whole is not None and cacheable:
        context = {
            "event_name": event_name,
            "content": mark_safe(content.replace(CSRF_MARKER, frozen_pages.CSRF_INPUT)),
        }
        answer = frozen_pages.keep(request, whole, template, context, None)
        if answer is not None:
            return answer
    context = {
        "event_name": event_name,
        "content": mark_safe(content.replace(CSRF_MARKER, csrf_input(request))),
    }
    return render(request, template, context)


def _list_content(request: HttpRequest, event: Event) -> tuple[str, bool]:
    """The list's content and whether it may be cached: not if a filter was refused (the
    form shows why) or the page asked for is not the one shown."""
    filter_form = _filter_form(request, event)
    rows = _filtered(event, filter_form).select_related("user", "city")
    page = Paginator(rows.order_by("created_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "filter_form": filter_form,
        "page": page,
        "query": _querystring(request.GET),
        "csrf_marker": mark_safe(CSRF_MARKER),
        "tool_links": organizer_links(event.slug),
        **_counts(event),
    }
    content = render_to_string("registrations/_organizer_list.html", context, request=request)
    cacheable = not filter_form.errors and request.GET.get("page", "1") == str(page.number)
    return content, cacheable


@require_POST
@login_required
def decide_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    """Approve or decline the selected registrations; one refusal does not stop the others."""
    event = get_event_for_organizer(request, slug)
    form = BulkDecisionForm(request.POST, event_id=event.pk)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect(_list_url(event, request.POST.get("query", "")))
    action = form.cleaned_data["action"]
    service = {
        "approve": services.approve_registration,
        "decline": services.decline_registration,
    }[action]
    _apply(request, service, form.cleaned_data["registrations"], action)
    return redirect(_list_url(event, request.POST.get("query", "")))


def _apply(
    request: HttpRequest,
    service: Callable[..., Registration],
    registrations: Iterable[Registration],
    action: str,
) -> None:
    done = 0
    for registration in registrations:
        try:
            service(registration=registration, by=current_user(request))
        except services.RegistrationError as error:
            messages.warning(request, f"{registration.badge_name}: {error.message}")
        else:
            done += 1
    if action == "approve":
        text = ngettext("%(n)d registration approved.", "%(n)d registrations approved.", done)
    else:
        text = ngettext("%(n)d registration declined.", "%(n)d registrations declined.", done)
    messages.success(request, text % {"n": done})


@require_safe
@login_required
def registration_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("user", "city", "delegation__coordinator"),
        event=event,
        pk=pk,
    )
    changes = registration.changes.select_related("changed_by")
    context = {"event": event, "registration": registration, "changes": changes}
    return render(request, "registrations/organizer_detail.html", context)


@require_safe
@login_required
def export_registrations(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    event = get_event_for_organizer(request, slug)
    rows = exports.ordered(_filtered(event, _filter_form(request, event)))
    response = StreamingHttpResponse(
        exports.csv_lines(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.csv"'
    return response


@require_safe
@login_required
def export_registrations_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    rows = exports.ordered(_filtered(event, _filter_form(request, event)))
    response = HttpResponse(exports.xlsx(rows, title=event.name), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.xlsx"'
    return response


@require_safe
@login_required
def export_delegations_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    return download([exports.delegations_sheet(event)], filename=f"delegations-{event.slug}.xlsx")


# --- proposed cities ----------------------------------------------------------------------------
@require_safe
@login_required
def proposed_cities(request: HttpRequest, slug: str) -> HttpResponse:
    """The cities delegates proposed for this event, each with its registrations here."""
    event = get_event_for_organizer(request, slug)
    context = {"event": event, "cities": _proposed_cities(event)}
    return render(request, "registrations/proposed_cities.html", context)


def _proposed_cities(event: Event) -> Any:
    """Unconfirmed cities with an active registration at the event, and confirmed ones whose
    registrations still wait as submitted (confirmed outside confirm_city, e.g. in the admin)."""
    active = Registration.objects.filter(event=event).active()
    rows = active.select_related("user").order_by("created_at", "pk")
    return (
        City.objects.filter(
            Q(is_confirmed=False) | Q(registrations__status=Registration.Status.SUBMITTED),
            registrations__in=active,
        )
        .distinct()
        .order_by("country", "name")
        .prefetch_related(Prefetch("registrations", queryset=rows, to_attr="event_registrations"))
    )


@require_safe
@login_required
def export_proposed_cities_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    sheet = exports.proposed_cities_sheet(_proposed_cities(event))
    return download([sheet], filename=f"proposed-cities-{event.slug}.xlsx")


@require_POST
@login_required
def confirm_city(request: HttpRequest, slug: str, city_pk: int) -> HttpResponse:
    event = get_event_for_organizer(request, slug)
    # Any city with a registration here: confirming twice (a double click) is harmless.
    city = get_object_or_404(City.objects.filter(registrations__event=event).distinct(), pk=city_pk)
    try:
        advanced = services.confirm_city(city=city, by=current_user(request))
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        text = ngettext(
            "%(city)s is confirmed; %(n)d registration moved on.",
            "%(city)s is confirmed; %(n)d registrations moved on.",
            len(advanced),
        )
        messages.success(request, text % {"city": city.name, "n": len(advanced)})
    return redirect("registrations:proposed_cities", slug=event.slug)


# --- organizer page helpers ---------------------------------------------------------------------
def _filter_form(request: HttpRequest, event: Event) -> RegistrationFilterForm:
    cities = list(City.objects.filter(registrations__event=event).distinct().order_by("name"))
    return RegistrationFilterForm(request.GET, cities=cities)


def _filtered(event: Event, form: RegistrationFilterForm) -> Any:
    return filtered(event, form.filters())


def _counts(event: Event) -> dict[str, Any]:
    """Active registrations per country and per city, with how many are approved."""
    active = Registration.objects.filter(event=event).active().order_by()
    approved = Count("pk", filter=Q(status=Registration.Status.APPROVED))
    per_country = [
        (countries.name(row["country"]), row["n"], row["approved"])
        for row in active.values("country").annotate(n=Count("pk"), approved=approved)
    ]
    per_city = [
        (f"{row['city__name']}, {countries.name(row['country'])}", row["n"], row["approved"])
        for row in active.values("city__name", "country").annotate(n=Count("pk"), approved=approved)
    ]
    return {"per_country": sorted(per_country), "per_city": sorted(per_city)}


def _querystring(data: QueryDict) -> str:
    """The filter parameters of a request, re-encoded: nothing else goes back into an address."""
    kept = QueryDict(mutable=True)
    for name in RegistrationFilterForm.base_fields:
        kept.setlist(name, data.getlist(name)[:1])
    return kept.urlencode()


def _list_url(event: Event, query: str) -> str:
    url = reverse("registrations:event_registrations", kwargs={"slug": event.slug})
    kept = _querystring(QueryDict(query))
    return f"{url}?{kept}" if kept else url
