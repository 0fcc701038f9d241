"""The organizers' view of the outbox: list, filter, read, retry a failed mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from outbox.models import OutboundMail
from outbox.preview import browser_preview
from outbox.services import retry_failed_mail

VIEW_PERM = "outbox.view_outboundmail"


@require_safe
@login_required
@permission_required(VIEW_PERM, raise_exception=True)
def mail_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in OutboundMail.Status.values:
        status = ""
    # PostgreSQL refuses NUL in text (a 500); no subject or address contains one.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    mails = OutboundMail.objects.defer("body_text", "body_html", "alternatives", "attachments")
    if status:
        mails = mails.filter(status=status)
    if query:
        mails = mails.filter(to__icontains=query) | mails.filter(subject__icontains=query)
    counts = dict(
        OutboundMail.objects.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outbox/list.html",
        {
            "page": page,
            "status": status,
            "q": query,
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in OutboundMail.Status.choices
            ],
        },
    )


@require_safe
@login_required
@permission_required(VIEW_PERM, raise_exception=True)
def mail_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(OutboundMail, pk=pk)
    parts = mail.parts.annotate(size=Length("content")).defer("content")
    content, html = browser_preview(mail)
    context = {"mail": mail, "content": content, "html": html, "parts": parts}
    return render(request, "outbox/detail.html", context)


@require_POST
@login_required
@permission_required("outbox.change_outboundmail", raise_exception=True)
def retry_mail(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(OutboundMail, pk=pk)
    if retry_failed_mail(mail=mail):
        messages.success(request, _("The mail is queued again."))
    else:
        messages.error(request, _("Only a failed mail can be retried."))
    return redirect(mail)
