"""The organizers' webhook pages: endpoints (list, add, switch off and on) and their
deliveries (status, answer, retry a failed one)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from accounts.roles import is_organizer
from webhooks import services
from webhooks.forms import EndpointForm
from webhooks.models import Delivery, Endpoint


def _organizer(request: HttpRequest) -> User:
    if not is_organizer(request.user):
        raise PermissionDenied
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def endpoint_list(request: HttpRequest) -> HttpResponse:
    user = _organizer(request)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = services.create_endpoint(**form.cleaned_data, by=user)
        messages.success(request, _("The endpoint is added. Its secret is below."))
        return redirect(endpoint)
    endpoints = Endpoint.objects.select_related("event").annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        waiting=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.QUEUED)),
    )
    return render(request, "webhooks/endpoints.html", {"endpoints": endpoints, "form": form})


@require_safe
@login_required
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _organizer(request)
    endpoint = get_object_or_404(Endpoint.objects.select_related("event"), pk=pk)
    deliveries = endpoint.deliveries.all()
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    keep = {
        "delivered": settings.WEBHOOK_DELIVERED_KEEP_DAYS,
        "failed": settings.WEBHOOK_FAILED_KEEP_DAYS,
    }
    context = {"endpoint": endpoint, "page": page, "keep": keep}
    return render(request, "webhooks/endpoint.html", context)


@require_POST
@login_required
def endpoint_switch(request: HttpRequest, pk: int) -> HttpResponse:
    _organizer(request)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    active = request.POST.get("active") == "1"
    services.set_endpoint_active(endpoint=endpoint, active=active)
    messages.success(request, _("The endpoint is on.") if active else _("The endpoint is off."))
    return redirect(endpoint)


@require_POST
@login_required
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _organizer(request)
    delivery = get_object_or_404(Delivery.objects.select_related("endpoint"), pk=pk)
    if services.retry_failed(delivery=delivery):
        messages.success(request, _("The delivery is queued again."))
    else:
        messages.error(request, _("Only a failed delivery can be retried."))
    return redirect(delivery.endpoint)
