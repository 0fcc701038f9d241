"""Privacy pages: "download my data"; the person deletes their own account; organizers erase a
person who asked and see the audit of erasures (which holds no personal data)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.roles import is_organizer
from privacy.data_export import request_export
from privacy.erasure import request_erasure
from privacy.forms import DeleteAccountForm, ErasePersonForm
from privacy.models import DataExport, Erasure


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if form.is_valid():
        request_erasure(user=user, by=user)
        logout(request)
        messages.success(
            request, _("Your account is deleted. Its personal details are being erased.")
        )
        return redirect("events:home")
    status = 400 if form.is_bound else 200
    return render(request, "privacy/delete_account.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def erasures(request: HttpRequest) -> HttpResponse:
    if not is_organizer(request.user):
        raise PermissionDenied
    organizer = _user(request)
    form = ErasePersonForm(request.POST or None)
    if form.is_valid():
        person: User = form.cleaned_data["email"]
        if person.pk == organizer.pk:
            form.add_error("email", _("To erase your own account, use “Delete my account”."))
        else:
            request_erasure(user=person, by=organizer)
            messages.success(request, _("The erasure is recorded; it runs in the background."))
            return redirect("privacy:erasures")
    audit = Erasure.objects.select_related("requested_by")[:200]
    status = 400 if form.is_bound else 200
    return render(request, "privacy/erasures.html", {"form": form, "audit": audit}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        request_export(user=user)
        messages.success(
            request, _("Your data is being gathered. A mail tells you when it is ready.")
        )
        return redirect("privacy:my_data")
    exports = DataExport.objects.filter(user=user).defer("content")[:10]
    return render(request, "privacy/my_data.html", {"exports": exports, "now": timezone.now()})


@require_safe
@login_required
def download_data(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's own ready export, until it expires; anything else is a plain 404."""
    export = get_object_or_404(
        DataExport,
        pk=pk,
        user=_user(request),
        status=DataExport.Status.READY,
        expires_at__gt=timezone.now(),
    )
    response = HttpResponse(bytes(export.content or b""), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="summit-my-data-{export.pk}.zip"'
    return response
