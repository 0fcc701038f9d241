"""The organizers' page for API tokens: the list, a form to make one, revoking.

Every organizer sees and may revoke every token: they are the team's keys, and whoever
notices a leak must be able to shut it at once.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from accounts.roles import is_organizer
from api.forms import ApiTokenForm
from api.models import ApiToken
from api.services import create_api_token, revoke_api_token

TEMPLATE = "api/tokens.html"


def _organizer(request: HttpRequest) -> User:
    if not is_organizer(request.user):
        raise PermissionDenied
    assert isinstance(request.user, User)
    return request.user


def _page(request: HttpRequest, form: ApiTokenForm, raw: str = "") -> HttpResponse:
    tokens = ApiToken.objects.select_related("event", "created_by")
    response = render(request, TEMPLATE, {"form": form, "tokens": tokens, "raw": raw})
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    _organizer(request)
    return _page(request, ApiTokenForm())


@require_POST
@login_required
def create_token(request: HttpRequest) -> HttpResponse:
    """Make a token and show it, this once: rendered, not redirected to, because the raw token
    is stored nowhere to show it later."""
    user = _organizer(request)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    _token, raw = create_api_token(**form.cleaned_data, by=user)
    return _page(request, ApiTokenForm(), raw=raw)


@require_POST
@login_required
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    _organizer(request)
    token = get_object_or_404(ApiToken, pk=pk)
    if revoke_api_token(token=token):
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    else:
        messages.info(request, _("This token was already revoked."))
    return redirect("api_tokens:list")
