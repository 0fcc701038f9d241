"""The agenda builder's actions: one POST view per form (create, edit, move or resize, duplicate,
cancel, publish), each calling a service; a refusal shows the session page again with the
errors, or answers the builder's script with JSON (see sessions_app.builder)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.templatetags.summit import format_local_span
from sessions_app import services
from sessions_app.builder import (
    back_to_builder,
    builder_page,
    errors_of,
    form_errors,
    get_event,
    get_session,
    is_fetch,
    organizer,
    session_page,
)
from sessions_app.builder_forms import (
    BasePeopleFormSet,
    CreateSessionForm,
    DuplicateSessionForm,
    EditSessionForm,
    MoveSessionForm,
    PeopleFormSet,
)
from sessions_app.models import Session


def _refused(
    request: HttpRequest,
    session: Session,
    name: str,
    form: Any,
    errors: list[str],
    people: BasePeopleFormSet | None = None,
) -> HttpResponse:
    """A refusal: JSON for the script, else the session page with the form and the errors."""
    if is_fetch(request):
        return JsonResponse({"errors": [*errors, *form_errors(form)]}, status=400)
    for message in errors:
        messages.error(request, message)
    return session_page(request, session, {name: form, "people": people}, status=400)


def _done(request: HttpRequest, session: Session, message: str) -> HttpResponse:
    messages.success(request, message)
    if is_fetch(request):
        return HttpResponse(status=204)
    return redirect(back_to_builder(session))


# What the create form hands to create_session besides the title, place and time.
DETAILS = (
    "format",
    "capacity",
    "description",
    "themes",
    "languages",
    "join_url",
    "audience",
    "audience_offices",
    "audience_network",
    "translations",
)


@require_POST
@login_required
def builder_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event(request, slug)
    form = CreateSessionForm(request.POST, event=event)
    people = PeopleFormSet(request.POST, event=event)
    if all([form.is_valid(), people.is_valid()]):
        data = form.cleaned_data
        try:
            session = services.create_session(
                event=event,
                title=data["title"],
                room=data["room"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                by=organizer(request),
                people=people.billing(),
                **{name: data[name] for name in DETAILS},
            )
        except (services.SessionError, ValidationError) as error:
            for message in errors_of(error):
                form.add_error(None, message)
        else:
            return _done(request, session, _("Draft “%(title)s” added.") % {"title": session})
    return builder_page(request, event, create_form=form, people=people)


@require_POST
@login_required
def builder_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Details, themes and people: an edit, which bumps no revision and mails nobody."""
    session = get_session(request, slug, pk)
    form = EditSessionForm(request.POST)
    people = PeopleFormSet(request.POST, event=session.event, session=session)
    if not all([form.is_valid(), people.is_valid()]):
        errors = [str(error) for error in people.non_form_errors()]
        return _refused(request, session, "edit", form, errors, people)
    try:
        session = services.update_session(
            session=session, by=organizer(request), people=people.billing(), **form.cleaned_data
        )
    except (services.SessionError, ValidationError) as error:
        return _refused(request, session, "edit", form, errors_of(error), people)
    return _done(request, session, _("“%(title)s” saved.") % {"title": session})


@require_POST
@login_required
def builder_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Move to another room and time, or resize (a new end): drag and drop posts this too.
    Without an end the session keeps its length."""
    session = get_session(request, slug, pk)
    form = MoveSessionForm(request.POST, event=session.event)
    if not form.is_valid():
        return _refused(request, session, "move", form, [])
    data = form.cleaned_data
    try:
        session = services.move_session(
            session=session,
            starts_at=data["starts_at"],
            ends_at=data.get("ends_at"),
            room=data["room"],
            by=organizer(request),
        )
    except (services.SessionError, ValidationError) as error:
        return _refused(request, session, "move", form, errors_of(error))
    when = format_local_span(session.starts_at, session.ends_at, session.time_zone)
    text = _("“%(title)s” is now in %(room)s, %(when)s.")
    return _done(
        request, session, text % {"title": session, "room": session.room.name, "when": when}
    )


@require_POST
@login_required
def builder_duplicate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session(request, slug, pk)
    form = DuplicateSessionForm(request.POST, event=session.event)
    if not form.is_valid():
        return _refused(request, session, "duplicate", form, [])
    try:
        copy = services.duplicate_session(
            session=session,
            starts_at=form.cleaned_data["starts_at"],
            room=form.cleaned_data["room"],
            by=organizer(request),
        )
    except (services.SessionError, ValidationError) as error:
        return _refused(request, session, "duplicate", form, errors_of(error))
    return _done(request, copy, _("Draft copy of “%(title)s” added.") % {"title": copy})


@require_POST
@login_required
def builder_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    session = get_session(request, slug, pk)
    try:
        session = services.cancel_session(session=session, by=organizer(request))
    except services.SessionError as error:
        messages.error(request, error.message)
        return redirect(back_to_builder(session))
    return _done(request, session, _("“%(title)s” is cancelled.") % {"title": session})


@require_POST
@login_required
def builder_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event(request, slug)
    try:
        publication = services.publish_event_agenda(event=event, by=organizer(request))
    except services.SessionError as error:
        messages.error(request, error.message)
    else:
        text = _("Agenda published (publication %(number)d): the public sees it now.")
        messages.success(request, text % {"number": publication.number})
    url = reverse("sessions_app:builder", kwargs={"slug": slug})
    day = request.GET.get("day", "")
    return redirect(f"{url}?{urlencode({'day': day})}" if day else url)
