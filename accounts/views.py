from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import LanguageForm
from accounts.languages import supported_language
from accounts.models import User
from accounts.services import choose_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's set_language (cookie, redirect to `next`), and for a
    signed-in person also their account's language, so it follows them to other devices and
    into their mails."""
    response = django_set_language(request)
    language = supported_language(request.POST.get("language"))
    if language and isinstance(request.user, User):
        choose_language(user=request.user, language=language)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def language(request: HttpRequest) -> HttpResponse:
    """The account page's language choice: the same setting as the switcher, with its reason."""
    assert isinstance(request.user, User)
    current = request.user.language or translation.get_language()
    form = LanguageForm(request.POST or None, initial={"language": current})
    if form.is_valid():
        chosen = choose_language(user=request.user, language=form.cleaned_data["language"])
        translation.activate(chosen)  # the confirmation already speaks the new language
        messages.success(request, _("Your language is saved."))
        return redirect("accounts:language")
    status = 400 if form.is_bound else 200
    return render(request, "account/language.html", {"form": form}, status=status)
