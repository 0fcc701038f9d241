"""Consent pages: the person's consents (withdraw, give again), the page that asks for a new
notice version before anything else, an event's notice and its versions (public), the
organizers' page that publishes a new version, and their list of who agreed to what."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.models import Event
from privacy.consents import (
    accept_notices,
    change_consent,
    consents_by_event,
    event_consents,
    outstanding_notices,
    publish_notice,
)
from privacy.forms import AcceptNoticesForm, ConsentChangeForm, NoticeForm
from privacy.middleware import DUE
from privacy.models import PrivacyNotice
from registrations.access import current_user, get_event_for_organizer, get_open_event, posted


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def my_consents(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    rows = consents_by_event(user)
    form = ConsentChangeForm(posted(request), events={r["event"].pk: r["event"] for r in rows})
    if form.is_valid():
        data = form.cleaned_data
        change_consent(user=user, event=data["event"], purpose=data["purpose"], given=data["given"])
        if data["given"]:
            messages.success(request, _("Your consent is recorded."))
        else:
            messages.success(request, _("Your consent is withdrawn."))
        return redirect("privacy:my_consents")
    status = 400 if form.is_bound else 200
    return render(request, "privacy/my_consents.html", {"rows": rows, "form": form}, status=status)


def _next(request: HttpRequest) -> str:
    """Where the person was going (?next=), if it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else "/"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def review_notices(request: HttpRequest) -> HttpResponse:
    """The new notice versions waiting for the person; nothing else opens until they answer
    (privacy.middleware). Answered, or nothing waiting: on to where they were going."""
    user = current_user(request)
    notices = outstanding_notices(user)
    form = AcceptNoticesForm(posted(request), notices=notices)
    if not notices or form.is_valid():
        accept_notices(user=user, notices=notices)
        request.session.pop(DUE, None)
        if notices:
            messages.success(request, _("Thank you. Your answer is recorded."))
        return redirect(_next(request))
    context = {"form": form, "notices": notices, "next": _next(request)}
    return render(
        request, "privacy/review_notices.html", context, status=400 if form.is_bound else 200
    )


@require_safe
def notice(request: HttpRequest, slug: str, version: int | None = None) -> HttpResponse:
    """An event's notice: the current version, or an earlier one by number; every version is
    listed. The standard text while the organizers have written none."""
    event = get_open_event(request, slug)
    versions = list(PrivacyNotice.objects.filter(event=event).order_by("-version"))
    shown = versions[0] if versions and version is None else None
    if version is not None:
        shown = next((v for v in versions if v.version == version), None)
        if shown is None:
            raise Http404
    context = {"event": event, "shown": shown, "versions": versions}
    return render(request, "privacy/notice.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def manage_notice(request: HttpRequest, slug: str) -> HttpResponse:
    event: Event = get_event_for_organizer(request, slug)
    versions = list(PrivacyNotice.objects.filter(event=event).order_by("-version"))
    initial = {"text": versions[0].text} if versions else {}
    form = NoticeForm(posted(request), initial=initial)
    if form.is_valid():
        new = publish_notice(event=event, text=form.cleaned_data["text"], by=current_user(request))
        messages.success(request, _("Version %(version)d is published.") % {"version": new.version})
        return redirect("privacy:manage_notice", slug=event.slug)
    context = {"event": event, "form": form, "versions": versions}
    status = 400 if form.is_bound else 200
    return render(request, "privacy/manage_notice.html", context, status=status)


@require_safe
@login_required
def event_consents_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Who agreed to what, for the organizers: photos, the partner network, the list."""
    event = get_event_for_organizer(request, slug)
    current = PrivacyNotice.objects.filter(event=event).order_by("-version").first()
    context = {"event": event, "rows": event_consents(event), "current": current}
    return render(request, "privacy/event_consents.html", context)
