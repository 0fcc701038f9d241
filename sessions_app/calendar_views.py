"""Calendar downloads and the personal subscribed feed (issue #5, points 2 and 3).

Every calendar is built by sessions_app.ical from sessions loaded in one query with what the
VEVENT needs joined in (_calendar_sessions), so a calendar costs the same number of queries
for 10 sessions as for 500. Downloads and feeds hold no drafts and no join links.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar

from accounts.languages import supported_language
from accounts.models import User
from accounts.roles import is_organizer
from events.models import Event
from sessions_app import ical
from sessions_app.agenda_items import PersonalItem, item_versions, personal_items
from sessions_app.models import CalendarFeedToken, Session, SessionQuerySet, Signup, Theme
from summit import cache

SUBSCRIPTION_TEMPLATE = "sessions_app/calendar_subscription.html"


class CalendarResponse(HttpResponse):
    """A calendar as a file: text/calendar in UTF-8 with CRLF lines, and a filename."""

    def __init__(self, calendar: Calendar | bytes, filename: str, **kwargs: Any) -> None:
        kwargs.setdefault("content_type", "text/calendar; charset=utf-8")
        content = calendar if isinstance(calendar, bytes) else ical.to_ics(calendar).encode()
        super().__init__(content, **kwargs)
        self["Content-Disposition"] = f'attachment; filename="{filename}.ics"'


@dataclass(frozen=True)
class CachedCalendar:
    """A calendar's bytes as served, cached (summit.cache) until a session, place or sign-up
    changes. DTSTAMP in a cached copy is when it was made, which is what DTSTAMP means."""

    content: bytes
    filename: str
    last_modified: dt.datetime | None = None


class AgendaFilterForm(forms.Form):
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    theme = forms.ModelChoiceField(Theme.objects.all(), required=False, to_field_name="slug")

    def filter(self, sessions: SessionQuerySet, event: Event) -> SessionQuerySet:
        day, theme = self.cleaned_data["day"], self.cleaned_data["theme"]
        if day is not None:
            # The day as the event's clock shows it, not the UTC date.
            starts = dt.datetime.combine(day, dt.time(), tzinfo=event.zone)
            ends = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=event.zone)
            sessions = sessions.filter(starts_at__gte=starts, starts_at__lt=ends)
        if theme is not None:
            sessions = sessions.filter(themes=theme)
        return sessions

    def filename(self, event: Event) -> str:
        day, theme = self.cleaned_data["day"], self.cleaned_data["theme"]
        parts = [event.slug, "agenda", day and day.isoformat(), theme and theme.slug]
        return "-".join(part for part in parts if part)


# --- helpers ------------------------------------------------------------------------------------
def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def _calendar_sessions() -> SessionQuerySet:
    return Session.objects.select_related("event", "room__venue")


def _session_url(session: Session) -> str:
    return settings.SITE_URL + reverse("sessions_app:session_detail", kwargs={"pk": session.pk})


def _signed_up_sessions(user_id: int) -> SessionQuerySet:
    """The person's seats in sessions that take place: withdrawn sign-ups, waiting lists and
    cancelled sessions are left out (their invites and CANCEL mails tell the rest)."""
    return _calendar_sessions().filter(
        status=Session.Status.PUBLISHED,
        signups__user_id=user_id,
        signups__status=Signup.Status.SIGNED_UP,
    )


def _get_event(request: HttpRequest, slug: str) -> Event:
    """A published event; organizers may also download an unpublished one's agenda."""
    events = Event.objects.select_related("venue")
    if not is_organizer(request.user):
        events = events.published()
    return get_object_or_404(events, slug=slug)


def _bad_request(form: forms.Form) -> HttpResponse:
    errors = "; ".join(
        f"{name}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items()
    )
    return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")


# --- downloads ----------------------------------------------------------------------------------
@require_safe
def download_session(request: HttpRequest, pk: int) -> HttpResponse:
    """One public session. A cancelled one still answers, marked STATUS:CANCELLED, so an old
    link tells the truth; drafts answer 404."""
    cached = cache.Fragment(
        ("session-ics", pk, is_organizer(request.user), get_language()), depends_on=["agenda"]
    )
    ics = cached.get()
    if ics is None:  # only a session the viewer may see is looked up, built and cached
        sessions = _calendar_sessions().public()
        if not is_organizer(request.user):
            sessions = sessions.filter(event__is_published=True)
        session = get_object_or_404(sessions, pk=pk)
        calendar = ical.agenda_calendar([session], url_for=_session_url, language=get_language())
        filename = f"{session.event.slug}-{session.slug}"
        ics = CachedCalendar(ical.to_ics(calendar).encode(), filename)
        cached.set(ics)
    return CalendarResponse(ics.content, ics.filename)


@require_safe
def download_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's published sessions, filtered by ?day=YYYY-MM-DD and ?theme=<slug>."""
    asked = [request.GET.get("day", ""), request.GET.get("theme", "")]
    parts = ("agenda-ics", slug, is_organizer(request.user), get_language(), asked)
    cached = cache.Fragment(parts, depends_on=["agenda"])
    ics = cached.get()
    if ics is None:  # only an event the viewer may see is looked up, built and cached
        event = _get_event(request, slug)
        form = AgendaFilterForm(request.GET)
        if not form.is_valid():
            return _bad_request(form)
        published = _calendar_sessions().filter(event=event, status=Session.Status.PUBLISHED)
        sessions = form.filter(published, event)
        calendar = ical.agenda_calendar(
            sessions, url_for=_session_url, name=event.name, language=get_language()
        )
        ics = CachedCalendar(ical.to_ics(calendar).encode(), form.filename(event))
        day = form.cleaned_data["day"]
        if day is None or event.start_date <= day <= event.end_date:  # any other day: empty
            cached.set(ics)
    return CalendarResponse(ics.content, ics.filename)


@require_safe
@login_required
def download_my_agenda(request: HttpRequest) -> HttpResponse:
    user_id = _user(request).pk
    calendar = ical.agenda_calendar(
        _signed_up_sessions(user_id),
        url_for=_session_url,
        name=_("My sessions"),
        language=get_language(),
        items=personal_items(user_id),
        site=settings.SITE_URL,
    )
    return CalendarResponse(calendar, "my-agenda")


# --- the personal feed --------------------------------------------------------------------------
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's sessions for a calendar app to subscribe to; the token is the only key.

    Conditional GET: the ETag is a hash of the body, so any change (a room renamed too) makes
    a new one. Last-Modified is the latest change of the person's sign-ups and their sessions;
    it also serves as DTSTAMP, so that an unchanged feed has an unchanged body.
    """
    # Cached by the token's hash: a hit needs no query. Issuing or revoking any token makes
    # every cached feed stale, so a revoked address stops working on the next request. The
    # feed speaks its owner's language (a calendar app sends no cookie): a change of the
    # account ("registrations" covers users) makes it stale too.
    parts = ("feed", CalendarFeedToken.hash(token))
    depends_on = ["agenda", "signups", "feed-tokens", "registrations", *item_versions()]
    cached = cache.Fragment(parts, depends_on=depends_on)
    feed = cached.get()
    if feed is None:
        owner = CalendarFeedToken.owner_for(token)
        if owner is None:
            return HttpResponseNotFound("Not found.\n", content_type="text/plain; charset=utf-8")
        user_id, language = owner
        language = supported_language(language) or settings.LANGUAGE_CODE
        with translation.override(language):
            items = personal_items(user_id)
            last_modified = _feed_last_modified(user_id, items)
            calendar = ical.feed_calendar(
                _signed_up_sessions(user_id),
                now=last_modified,
                url_for=_session_url,
                name=_("My sessions"),
                language=language,
                items=items,
                site=settings.SITE_URL,
            )
        feed = CachedCalendar(ical.to_ics(calendar).encode(), "my-sessions", last_modified)
        cached.set(feed)
    response = CalendarResponse(feed.content, feed.filename)
    # The address is a secret: no shared cache keeps it; clients revalidate every time.
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex"
    return _conditional(request, response, feed.last_modified)


def _conditional(
    request: HttpRequest, response: HttpResponse, last_modified: dt.datetime | None
) -> HttpResponse:
    """The response, or a 304 when the client's copy is current.

    If-None-Match wins when both are sent (RFC 9110). If-Modified-Since alone is coarser: HTTP
    dates have whole seconds and a renamed room or venue has no timestamp, so such a change
    waits for the next change of a sign-up or a session; the ETag catches every change.
    """
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    timestamp = None
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    answer = get_conditional_response(
        request, etag=etag, last_modified=timestamp, response=response
    )
    return answer or response


def _feed_last_modified(
    user_id: int, items: list[PersonalItem] | None = None
) -> dt.datetime | None:
    """The latest change of any of the person's sign-ups (withdrawn ones too) or their
    sessions (cancelled ones too), or of an item another app put in it: it never goes back
    when a sign-up leaves the feed."""
    latest = Signup.objects.filter(user_id=user_id).aggregate(
        signup=Max("updated_at"), session=Max("session__updated_at")
    )
    stamps = [stamp for stamp in latest.values() if stamp is not None]
    stamps += [item.updated_at for item in items or ()]
    return max(stamps) if stamps else None


@require_safe
@login_required
def calendar_subscription(request: HttpRequest) -> HttpResponse:
    return render(request, SUBSCRIPTION_TEMPLATE, {"live": _live_token(_user(request))})


@require_POST
@login_required
def new_calendar_feed(request: HttpRequest) -> HttpResponse:
    """Make a new feed address (the old one stops working) and show it, this once: the page is
    rendered, not redirected to, because the raw token is stored nowhere to show it later."""
    user = _user(request)
    raw = CalendarFeedToken.issue(user)
    context = {"live": _live_token(user), "links": subscribe_links(raw)}
    response = render(request, SUBSCRIPTION_TEMPLATE, context)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
@login_required
def revoke_calendar_feed(request: HttpRequest) -> HttpResponse:
    if CalendarFeedToken.revoke_for(_user(request)):
        messages.success(request, _("Your calendar feed is switched off."))
    else:
        messages.info(request, _("You had no calendar feed."))
    return redirect("sessions_app:calendar_subscription")


def _live_token(user: User) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def subscribe_links(raw: str) -> dict[str, str]:
    """The feed address as https (Google, Outlook on the web) and webcal (Apple, Outlook
    desktop), and the add-by-address pages of Google Calendar, Outlook.com and Microsoft 365."""
    path = reverse("sessions_app:calendar_feed", kwargs={"token": raw})
    # SITE_URL is https in production; a laptop's http address stays as it is.
    https_url = settings.SITE_URL + path
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    name = _("Summit: my sessions")
    outlook = urlencode({"url": https_url, "name": name}, quote_via=quote)
    return {
        "https_url": https_url,
        "webcal_url": webcal_url,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal_url, safe=""),
        "outlook_com": "https://outlook.live.com/calendar/0/addfromweb?" + outlook,
        "microsoft_365": "https://outlook.office.com/calendar/0/addfromweb?" + outlook,
    }
