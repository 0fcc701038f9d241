"""A delegate's access and language needs (issue #18): the form and its page.

Special-category data: the delegate sees and changes their own, organizers see everyone's;
nobody else, a delegation's coordinator included (registrations.access.get_own_registration
answers 404 to anyone else). Totals per session and venue are in sessions_app.needs_totals.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from registrations import services
from registrations.access import current_user, get_own_registration, posted
from registrations.models import (
    NEEDS_FIELDS,
    Diet,
    Registration,
    RegistrationNeeds,
    SignLanguage,
    spoken_languages,
)


class NeedsForm(forms.ModelForm):
    interpretation_into = forms.ChoiceField(
        label=gettext_lazy("Interpretation into"),
        required=False,
        help_text=gettext_lazy("The language you would like sessions interpreted into."),
    )
    diets = forms.MultipleChoiceField(
        label=gettext_lazy("Dietary needs"),
        choices=Diet.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RegistrationNeeds
        fields = NEEDS_FIELDS
        widgets = {"other_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["interpretation_into"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *spoken_languages().items()]
        sign = self.fields["sign_language"]
        assert isinstance(sign, forms.ChoiceField)
        sign.choices = [("", "—"), *SignLanguage.choices]


def needs_of(registration: Registration) -> RegistrationNeeds:
    """The saved needs, or an empty (unsaved) row."""
    try:
        return registration.needs
    except RegistrationNeeds.DoesNotExist:
        return RegistrationNeeds(registration=registration)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit_needs(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_own_registration(request, pk)
    form = NeedsForm(posted(request), instance=needs_of(registration))
    if form.is_valid():
        try:
            services.save_needs(
                registration=registration, by=current_user(request), needs=form.cleaned_data
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your needs are saved."))
            return redirect(reverse("registrations:edit_needs", kwargs={"pk": registration.pk}))
    return render(request, "registrations/needs.html", {"registration": registration, "form": form})
