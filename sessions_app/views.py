"""The session page, and the delegates' sign-up and agenda pages (the public agenda is in
agenda_views.py).

Times are shown on the venue's clocks with the zone named (events.templatetags.summit), and
also in the viewer's own zone when they chose one: the `tz` query parameter, remembered in
their session so the other pages follow.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from accounts.roles import is_organizer
from events.models import Event
from events.templatetags.summit import LOCAL_TIME_FORMAT, format_local, format_local_span
from registrations.models import Registration, spoken_languages
from sessions_app import ical, services, signups
from sessions_app.agenda_items import personal_rows
from sessions_app.forms import SignupForm, TimeZoneForm, is_time_zone
from sessions_app.interpretation import interpretation_names
from sessions_app.models import Session, SessionPerson, SessionPolicy, SessionQuerySet, Signup
from summit import cache

TIME_ZONE_KEY = "sessions_viewer_time_zone"
# What Markdown may become in a description: text structure and links, no images, no raw HTML.
DESCRIPTION_TAGS = {
    *("p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote"),
    *("ul", "ol", "li", "a", "h2", "h3", "h4"),
}


def render_markdown(text: str) -> SafeString:
    """A description as HTML: Markdown passes raw HTML through, so nh3 keeps only
    DESCRIPTION_TAGS and safe links, and drops <script> with its content."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=DESCRIPTION_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # sanitised by nh3 just above


# --- permission helpers -------------------------------------------------------------------------
def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def _get_event(request: HttpRequest, slug: str) -> Event:
    events = Event.objects.select_related("venue")
    if not is_organizer(request.user):
        events = events.published()
    return get_object_or_404(events, slug=slug)


def _visible_sessions(request: HttpRequest) -> SessionQuerySet:
    """Organizers see every session, drafts included; others the public ones of public events."""
    sessions = Session.objects.all()
    if not is_organizer(request.user):
        sessions = sessions.public().filter(event__is_published=True)
    return sessions


def _get_visible_session(request: HttpRequest, pk: int) -> Session:
    sessions = _visible_sessions(request).select_related(
        "event__venue", "room__venue__city", "audience_network"
    )
    return get_object_or_404(sessions, pk=pk)


def _viewer_time_zone(request: HttpRequest) -> str:
    """The zone the viewer chose ("" for none). A valid `tz` parameter is remembered in their
    session; an empty one forgets it; anything else is ignored."""
    if "tz" in request.GET:
        chosen = request.GET["tz"]
        if chosen == "":
            request.session.pop(TIME_ZONE_KEY, None)
        elif is_time_zone(chosen):
            request.session[TIME_ZONE_KEY] = chosen
    return str(request.session.get(TIME_ZONE_KEY, ""))


# --- showing times ------------------------------------------------------------------------------
def clock_span(starts_at: dt.datetime, ends_at: dt.datetime, time_zone: str) -> str:
    """10:00–11:30 CEST, under a heading that names the day; the whole format_local_span when
    the span crosses midnight, and both zones when the clocks change in between."""
    zone = zoneinfo.ZoneInfo(time_zone)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() != end.date():
        return format_local_span(starts_at, ends_at, time_zone)
    if start.tzname() != end.tzname():
        return (
            f"{format_local(start, time_zone, with_date=False)} – "
            f"{format_local(end, time_zone, with_date=False)}"
        )
    until = format_local(end, time_zone, with_date=False)
    return f"{date_format(start, LOCAL_TIME_FORMAT)}–{until}"


def _viewer_span(session: Session, viewer_zone: str) -> str:
    """The span in the viewer's zone, with its date (it may be another day there); "" when
    they chose none or it is the venue's own zone."""
    if not viewer_zone or viewer_zone == session.time_zone:
        return ""
    return format_local_span(session.starts_at, session.ends_at, viewer_zone)


def local_day(session: Session) -> dt.date:
    return session.starts_at.astimezone(session.zone).date()


# --- the session page ---------------------------------------------------------------------------
def _audience(session: Session) -> str:
    if session.audience == Session.Audience.OFFICES:
        offices = dict(Registration.Office.choices)
        names = ", ".join(str(offices.get(o, o)) for o in session.audience_offices)
        return _("Only these offices: %(offices)s") % {"offices": names}
    if session.audience == Session.Audience.NETWORK_MEMBERS:
        return _("Only member cities of %(network)s") % {"network": session.audience_network}
    return str(session.get_audience_display())


def _signup_state(
    request: HttpRequest,
    session: Session,
    signup: Signup | None,
    closes_at: dt.datetime,
    now: dt.datetime,
) -> str:
    """What the sign-up box says: why there is no button, or which button there is."""
    if session.is_cancelled:
        return "cancelled"
    if now >= session.ends_at:  # nothing left to join or leave, for anyone
        return "ended"
    if signup is not None:
        return str(signup.status)
    if session.status != Session.Status.PUBLISHED:
        return "draft"
    if now >= closes_at:
        return "closed"
    if not request.user.is_authenticated:
        return "anonymous"
    approved = Registration.objects.filter(
        event_id=session.event_id, user=_user(request), status=Registration.Status.APPROVED
    )
    return "open" if approved.exists() else "not_delegate"


def _calendar_links(session: Session) -> list[tuple[str, str]]:
    """ "Add to calendar" for a published, not cancelled session: web calendars get UTC times
    in a link, everything else the .ics file."""
    if session.status != Session.Status.PUBLISHED:
        return []
    url = settings.SITE_URL + session.get_absolute_url()
    return [
        ("Google Calendar", ical.google_calendar_link(session, url=url)),
        ("Outlook.com", ical.outlook_link(session, url=url)),
        ("Microsoft 365", ical.outlook_link(session, url=url, host="https://outlook.office.com")),
        (_("Calendar file (.ics)"), reverse("sessions_app:download_session", args=[session.pk])),
    ]


@dataclass(frozen=True)
class SessionPage:
    """A session page but the viewer's sign-up box: cached (summit.cache) under the
    "agenda" and "signups" versions, per session, organizer or not, language and viewer's
    zone. It keeps the session itself, so that a cached page needs no query."""

    session: Session
    header: SafeString
    main: SafeString
    time_zone_form: SafeString
    closes_at: dt.datetime
    closes_at_text: str
    seats_left: int
    calendar_links: list[tuple[str, str]]
    shown_closed: bool  # rendered as "sign-up closed": stale once the deadline has passed
    # Rendered without seats and deadline: stale once the session ends. A default for pages
    # pickled before this field: they are rebuilt once the session has ended.
    shown_ended: bool = False

    def is_current(self, now: dt.datetime) -> bool:
        shown = (self.shown_closed, self.shown_ended)
        return shown == (now >= self.closes_at, now >= self.session.ends_at)


def _session_page(session: Session, viewer_zone: str, now: dt.datetime) -> SessionPage:
    people = list(session.people.select_related("city"))
    counts = session.signups.aggregate(
        seated=Count("pk", filter=Q(status=Signup.Status.SIGNED_UP)),
        waiting=Count("pk", filter=Q(status=Signup.Status.WAITLISTED)),
    )
    closes_at = session.starts_at - SessionPolicy.for_event(session.event).signup_closes_before
    languages = spoken_languages()
    context = {
        "session": session,
        "description": render_markdown(session.description),
        "themes": list(session.themes.all()),
        "languages": [languages.get(code, code) for code in session.languages],
        "speakers": [p for p in people if p.role == SessionPerson.Role.SPEAKER],
        "moderators": [p for p in people if p.role == SessionPerson.Role.MODERATOR],
        "seats_left": max(session.effective_capacity - counts["seated"], 0),
        "waiting": counts["waiting"],
        "when": format_local_span(session.starts_at, session.ends_at, session.time_zone),
        "viewer_when": _viewer_span(session, viewer_zone),
        "viewer_zone": viewer_zone,
        "closes_at": format_local(closes_at, session.time_zone),
        "is_closed": now >= closes_at,
        "has_ended": now >= session.ends_at,
        "audience": _audience(session),
        "interpretation": interpretation_names(session),
    }
    time_zone_form = {"time_zone_form": TimeZoneForm(initial={"tz": viewer_zone}), **context}
    return SessionPage(
        session=session,
        header=mark_safe(render_to_string("sessions_app/_session_header.html", context)),
        main=mark_safe(render_to_string("sessions_app/_session_main.html", context)),
        time_zone_form=mark_safe(
            render_to_string("sessions_app/_time_zone_form.html", time_zone_form)
        ),
        closes_at=closes_at,
        closes_at_text=context["closes_at"],
        seats_left=context["seats_left"],
        calendar_links=_calendar_links(session),
        shown_closed=context["is_closed"],
        shown_ended=context["has_ended"],
    )


@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer_zone = _viewer_time_zone(request)
    now = timezone.now()
    parts = ("session", pk, is_organizer(request.user), get_language(), viewer_zone)
    cached = cache.Fragment(parts, depends_on=["agenda", "signups"])
    page = cached.get()
    if page is None or not page.is_current(now):
        # Only here is the session looked up, so only one the viewer may see is cached.
        page = _session_page(_get_visible_session(request, pk), viewer_zone, now)
        cached.set(page)
    session = page.session
    signup = None
    if request.user.is_authenticated:
        signup = session.signups.active().filter(user=_user(request)).first()
    context = {
        "session": session,
        "page": page,
        "seats_left": page.seats_left,
        "signup": signup,
        "state": _signup_state(request, session, signup, page.closes_at, now),
        "closes_at": page.closes_at_text,
        "calendar_links": page.calendar_links,
    }
    return render(request, "sessions_app/session_detail.html", context)


# --- signing up ---------------------------------------------------------------------------------
@require_POST
@login_required
def sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign up, or join the waiting list. An overlap with a chosen session asks first: the
    confirmation page posts here again with confirm_clash."""
    session = _get_visible_session(request, pk)
    form = SignupForm(request.POST)
    confirm = form.is_valid() and form.cleaned_data["confirm_clash"]
    try:
        signup = signups.sign_up(session=session, user=_user(request), confirm_clash=confirm)
    except services.SessionError as error:
        if error.code == "clash":
            context = {"session": session, "message": error.message}
            return render(request, "sessions_app/confirm_clash.html", context)
        messages.error(request, error.message)
    else:
        if signup.status == Signup.Status.SIGNED_UP:
            messages.success(request, _("You are signed up for “%(title)s”.") % {"title": session})
        else:
            text = _(
                "“%(title)s” is full: you are on its waiting list, and mailed if a seat frees."
            )
            messages.warning(request, text % {"title": session})
    return redirect(session)


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_visible_session(request, pk)
    signup = session.signups.active().filter(user=_user(request)).first()
    try:
        if signup is None:
            raise services.SessionError("not_active", _("You are not signed up for this session."))
        signup = signups.withdraw(signup=signup)
    except services.SessionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have withdrawn from “%(title)s”.") % {"title": session})
    return redirect(_next(request) or session)


def _next(request: HttpRequest) -> str:
    """A page of this site to go back to (the form's `next`), or ""."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


# --- my agenda ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MyAgendaRow:
    signup: Signup
    session: Session
    when: str
    viewer_when: str
    position: int | None  # on the waiting list


def _my_signups(user: User) -> Any:
    """The person's active sign-ups, with each waiting place's position (one query)."""
    ahead = (
        Signup.objects.waitlist()
        .filter(session=OuterRef("session"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Signup.objects.active()
        .filter(user=user)
        .select_related("session__event", "session__room__venue__city")
        .annotate(ahead=Coalesce(Subquery(ahead), 0))
        .order_by("session__starts_at", "session__pk")
    )


@require_safe
@login_required
def my_agenda(request: HttpRequest) -> HttpResponse:
    viewer_zone = _viewer_time_zone(request)
    events: dict[Event, list[MyAgendaRow]] = {}
    for signup in _my_signups(_user(request)):
        session = signup.session
        waiting = signup.status == Signup.Status.WAITLISTED
        events.setdefault(session.event, []).append(
            MyAgendaRow(
                signup=signup,
                session=session,
                when=format_local_span(session.starts_at, session.ends_at, session.time_zone),
                viewer_when=_viewer_span(session, viewer_zone),
                position=getattr(signup, "ahead", 0) + 1 if waiting else None,
            )
        )
    items = personal_rows(_user(request).pk, viewer_zone)
    context = {
        "events": list(events.items()),
        "items": items,
        "time_zone_form": TimeZoneForm(initial={"tz": viewer_zone}),
        "viewer_zone": viewer_zone,
    }
    return render(request, "sessions_app/my_agenda.html", context)
