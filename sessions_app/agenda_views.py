"""The public agenda: every visible session of an event by local day, with filters.

Cached (summit.cache): the page's content as HTML, under the "agenda" and "signups" versions
(the seats left change with each sign-up), per event, organizer or not, language, viewer's
zone and asked filters. Stored only when the filters are valid, so made-up values cannot fill
the cache. The one part that is the viewer's own, their sign-up badges, goes into the cached
HTML afterwards at markers, so one copy serves everyone. The seats also change with time, no
write telling: a stored page is served only until the first of its sessions' sign-up closes or
one ends (AgendaPage.is_current).

A miss reads the sessions as JSON rows, not model instances: 300 sessions with their
rooms, venues, themes and people as instances cost more than rendering the whole page. Five
queries, whatever the number of sessions.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.roles import is_organizer
from events.models import Event, Room
from events.templatetags.summit import format_local_span
from events.translated import lookups
from registrations.models import spoken_languages
from sessions_app.agenda_links import agenda_links
from sessions_app.agenda_listed import (
    AgendaRow,
    DayRows,
    Listed,
    ThemeName,
    as_json,
    from_json,
    with_seat_counts,
)
from sessions_app.forms import AgendaFilterForm
from sessions_app.interpretation import add_interpretation, spoken_and_interpreted
from sessions_app.models import (
    Session,
    SessionPerson,
    SessionPolicy,
    Signup,
)
from sessions_app.views import _get_event, _user, _viewer_time_zone, _visible_sessions, clock_span
from summit import cache, frozen_pages

# The viewer's sign-up badge of a session goes where its marker, "<!--my-status:{pk}-->", is
# (see _with_my_statuses).
MY_STATUS_MARKERS = re.compile(r"<!--my-status:(\d+)-->")
# Built here rather than in the template, escaped with the standard library's html.escape
# (what Django's escape() calls): 300 rows of template loops cost more than the rest.
THEME_BADGE = ' <span class="badge theme">{}</span>'
# AgendaFilterForm's, besides the zone
FILTERS = ("theme", "format", "place", "language", "interpretation")


def _listed(request: HttpRequest, event: Event) -> list[Listed]:
    """The event's visible sessions in the agenda's order, with themes and people (3 queries)."""
    visible = with_seat_counts(_visible_sessions(request).filter(event=event))
    no_policy = SessionPolicy().signup_closes_before  # the model's default
    # The title's columns read as they are, the fallback done in from_json: modeltranslation's
    # own per row (`values("title")`) costs a tenth of the render.
    rows = as_json(visible, no_policy, lookups("title"))
    sessions = {row["pk"]: from_json(row) for row in rows}
    links = Session.themes.through.objects.filter(session__event=event)
    themes: dict[str, ThemeName] = {}  # one per theme
    # The through model is not translated: the name in the active language, else the original.
    names = links.values_list("session_id", "theme__slug", *lookups("theme__name"))
    for session_id, slug, translated, original in names:
        if session_id in sessions:
            if slug not in themes:
                themes[slug] = ThemeName(slug, translated or original)
            sessions[session_id].themes.append(themes[slug])
    # In each session's order (the model's), without joining the sessions' order across rows.
    people = SessionPerson.objects.filter(session__event=event)
    people = people.order_by("session_id", "role", "position", "pk")
    for session_id, name, role in people.values_list("session_id", "name", "role"):
        if session_id in sessions:
            sessions[session_id].people.append((name, role == SessionPerson.Role.MODERATOR))
    add_interpretation(event, sessions)
    for session in sessions.values():
        session.themes.sort(key=lambda theme: theme.name)
    return list(sessions.values())


def _render_content(
    request: HttpRequest, event: Event, viewer_zone: str, now: dt.datetime
) -> tuple[str, dt.datetime | None, bool]:
    """The page's content with a marker where each viewer badge goes, the moment it goes
    stale (_next_change), and whether it may be cached (not when a filter was refused: the
    form shows the error)."""
    sessions = _listed(request, event)
    form = _agenda_form(request, event, sessions, viewer_zone)
    shown = _filtered(sessions, form.filters())
    days = _agenda_days(shown, viewer_zone, now)
    context = {
        "event": event,
        "form": form,
        "days": sorted(days.items()),
        "total": len(sessions),
        "shown": sum(len(rows) for rows in days.values()),
        "viewer_zone": viewer_zone,
        "zones": sorted({s.time_zone for s in sessions}),
        "links": agenda_links(event.slug),
    }
    html = render_to_string("sessions_app/_agenda.html", context, request=request)
    return html, _next_change(shown, now), not form.errors


def _next_change(sessions: list[Listed], now: dt.datetime) -> dt.datetime | None:
    """The first moment after `now` at which a seats cell reads differently (see _seats_cells): a
    sign-up closing or a session ending; None when all are over or cancelled."""
    moments = (
        moment
        for s in sessions
        if not s.cancelled
        for moment in (s.signup_closes_at, s.ends_at)
        if moment > now
    )
    return min(moments, default=None)


def _agenda_form(
    request: HttpRequest, event: Event, sessions: list[Listed], viewer_zone: str
) -> AgendaFilterForm:
    """The filters: the event's rooms, and what its visible sessions use (one query)."""
    venues = Q(venue_id=event.venue_id) | Q(venue__other_events=event)
    rooms = Room.objects.filter(venues).distinct().select_related("venue")
    themes = {theme.slug: theme for session in sessions for theme in session.themes}
    by_name: list[ThemeName] = sorted(themes.values(), key=lambda theme: theme.name)
    languages = {code for session in sessions for code in session.languages}
    data = request.GET.copy()
    data["tz"] = viewer_zone
    return AgendaFilterForm(
        data,
        themes=by_name,
        rooms=rooms,
        languages=languages,
        interpretation={code for session in sessions for code in session.interpretation},
    )


def _filtered(sessions: list[Listed], chosen: dict[str, str]) -> list[Listed]:
    """Filtered in Python: the unfiltered list also gives the filters' choices, and languages
    are a JSON list that SQLite cannot search."""
    kind, _dash, place_id = chosen.get("place", "").partition("-")
    return [
        s
        for s in sessions
        if ("theme" not in chosen or chosen["theme"] in {t.slug for t in s.themes})
        and ("format" not in chosen or s.format == chosen["format"])
        and ("language" not in chosen or chosen["language"] in s.languages)
        and ("interpretation" not in chosen or chosen["interpretation"] in s.interpretation)
        and (kind != "room" or str(s.room_id) == place_id)
        and (kind != "venue" or str(s.venue_id) == place_id)
    ]


def _agenda_days(
    sessions: list[Listed], viewer_zone: str, now: dt.datetime
) -> dict[dt.date, DayRows]:
    """The rows under the local day of each session's own venue, in the agenda's order."""
    row = _row_maker(viewer_zone, now)
    days: dict[dt.date, DayRows] = {}
    for s in sessions:
        day, html_row = row(s)
        days.setdefault(day, DayRows()).append(html_row)
    return days


@functools.lru_cache(maxsize=4096)
def _when(
    language: str | None, starts_at: dt.datetime, ends_at: dt.datetime, zone: str, viewer_zone: str
) -> tuple[dt.date, str, str]:
    """A span's local day, its clock, and the row's time cell, in `language` (the active
    one: part of the key). Pure, so kept per process: sessions share their hours, and the
    formats were most of a row's time."""
    local_clock = clock_span(starts_at, ends_at, zone)
    viewer_clock = ""
    if viewer_zone and viewer_zone != zone:
        when = format_local_span(starts_at, ends_at, viewer_zone)
        also = _("%(when)s in %(zone)s") % {"when": when, "zone": viewer_zone}
        viewer_clock = f' <span class="viewer-time">{escape(also)}</span>'
    cell = (
        f'<td class="when"><time datetime="{starts_at.isoformat()}">{escape(local_clock)}'
        f"</time>{viewer_clock}</td>"
    )
    return starts_at.astimezone(zoneinfo.ZoneInfo(zone)).date(), local_clock, cell


def _row_maker(viewer_zone: str, now: dt.datetime) -> Callable[[Listed], tuple[dt.date, AgendaRow]]:
    """What each row needs once per render (words, names, addresses), and the row from it,
    with its local day. A row is an f-string: 300 rows through the template engine cost most
    of an uncached render (docs/PERFORMANCE.md). Every value goes in escaped (html.escape,
    which Django's escape() calls) unless it is markup built here from escaped parts."""
    language = get_language()
    names = spoken_languages()
    formats = {value: escape(str(label)) for value, label in Session.Format.choices}
    url_start, url_end = _session_url()
    label = _("moderator")  # outside the f-string: xgettext does not read f-strings
    moderator = f' <span class="meta-inline">({escape(label)})</span>'
    where, speakers = escape(_("Where")), escape(_("Speakers"))
    spoken, seats_label = escape(_("Languages")), escape(_("Seats"))
    cancelled, draft = pgettext("session", "Cancelled"), _("Draft: only organizers see it")
    cancelled_badge = f'<span class="badge status-cancelled">{escape(cancelled)}</span>'
    draft_badge = f'<span class="badge status-draft">{escape(draft)}</span>'
    cancelled_row = ' class="cancelled"'
    badges: dict[str, str] = {}  # a theme's badge by slug

    def badge(theme: ThemeName) -> str:
        if theme.slug not in badges:
            badges[theme.slug] = THEME_BADGE.format(escape(theme.name))
        return badges[theme.slug]

    # Rooms and venues, languages and seat counts repeat: each cell made once.
    @functools.cache
    def place(room: str, venue: str) -> str:
        return f'{escape(room)}<span class="meta">{escape(venue)}</span>'

    @functools.cache
    def languages(spoken: tuple[str, ...], into: tuple[str, ...]) -> str:
        return escape(spoken_and_interpreted(list(spoken), list(into), names) or "–")

    seats = _seats_cells()

    def row(s: Listed) -> tuple[dt.date, AgendaRow]:
        day, local_clock, when = _when(language, s.starts_at, s.ends_at, s.time_zone, viewer_zone)
        status = cancelled_badge if s.cancelled else draft_badge if s.draft else ""
        themes = "".join([badge(t) for t in s.themes])
        html = (
            f"<tr{cancelled_row if s.cancelled else ''}>{when}"
            f'<th scope="row" class="title"><a href="{url_start}{s.pk}{url_end}">'
            f"{escape(s.title)}</a>"
            f'<span class="tags"><span class="badge format">'
            f"{formats.get(s.format) or escape(s.format)}</span>{themes}</span>"
            f"{status}<!--my-status:{s.pk}--></th>"
            f'<td><span class="label">{where}: </span>{place(s.room, s.venue)}</td>'
            f'<td><span class="label">{speakers}: </span>{_people(s.people, moderator)}</td>'
            f'<td><span class="label">{spoken}: </span>'
            f"{languages(tuple(s.languages), tuple(s.interpretation))}</td>"
            f'<td class="seats"><span class="label">{seats_label}: </span>{seats(s, now)}</td>'
            "</tr>"
        )
        return day, AgendaRow(s, local_clock, SafeString(html))

    return row


def _people(people: list[tuple[str, bool]], moderator: str) -> str:
    if not people:
        return '<span class="meta-inline">–</span>'
    return ", ".join([escape(name) + moderator if mod else escape(name) for name, mod in people])


def _session_url() -> tuple[str, str]:
    """A session page's address, escaped, before and after its id: one reverse() for all the
    rows (it costs more than the rest of a row)."""
    stand_in = "2147483647"
    address = reverse("sessions_app:session_detail", kwargs={"pk": int(stand_in)})
    start, _stand_in, end = address.partition(stand_in)
    return escape(start), escape(end)


@functools.lru_cache(maxsize=4096)
def _seats_left(language: str | None, n: int) -> str:
    """ "12 left" in `language` (the active one: part of the key), escaped; kept per process,
    as _when: a hundred counts per render, each a plural lookup."""
    return escape(ngettext("%(counter)s left", "%(counter)s left", n) % {"counter": n})


def _seats_cells() -> Callable[[Listed, dt.datetime], str]:
    """A row's seats cell, escaped; its words translated once per render and count."""
    closed, full = escape(_("Sign-up closed")), escape(_("Full: waiting list"))
    language = get_language()

    def seats(session: Listed, now: dt.datetime) -> str:
        if session.cancelled or now >= session.ends_at:
            return "–"
        if now >= session.signup_closes_at:
            return closed
        if not session.seats_left:
            return full
        return _seats_left(language, session.seats_left)

    return seats


def _with_my_statuses(pieces: list[str], request: HttpRequest, event_id: int) -> SafeString:
    """The cached content with the viewer's own badges ("You are signed up") at their
    sessions. `pieces` is the content split at the markers: text, session id, text, ..."""
    if not request.user.is_authenticated:
        return mark_safe("".join(pieces[::2]))
    mine = Signup.objects.active().filter(user=_user(request), session__event_id=event_id)
    badges = {
        str(pk): render_to_string("sessions_app/_signup_status.html", {"status": status})
        for pk, status in mine.values_list("session_id", "status")
    }
    return mark_safe("".join(badges.get(p, "") if n % 2 else p for n, p in enumerate(pieces)))


@dataclass(frozen=True)
class AgendaPage:
    """What the cache keeps of an agenda page: enough to answer without the database."""

    event_id: int
    event_name: str
    pieces: list[str]  # the content split at the badge markers: text, session id, text, ...
    # When a seats cell next reads differently (None: never). A default for pages pickled
    # before this field: they keep the old behaviour until they expire.
    stale_at: dt.datetime | None = None

    def is_current(self, now: dt.datetime) -> bool:
        return self.stale_at is None or now < self.stale_at


@require_safe
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    viewer_zone = _viewer_time_zone(request)
    now = timezone.now()
    asked = [request.GET.get(name, "") for name in FILTERS]
    parts = ("agenda", slug, is_organizer(request.user), get_language(), viewer_zone, asked)
    depends_on = ["agenda", "signups"]
    # The whole page, for anonymous viewers only: attendees are many.
    whole, answer = frozen_pages.lookup(request, parts, depends_on=depends_on, now=now)
    if answer is not None:
        return answer
    cached = cache.Fragment(parts, depends_on=depends_on, local=True)
    page = cached.get()
    keep = True  # not a page whose filters were refused: the form shows the error
    if page is None or not page.is_current(now):
        # Only here is the event looked up, so only an event the viewer may see is cached; a
        # change of that (publishing, unpublishing) bumps the "agenda" version.
        event = _get_event(request, slug)
        content, stale_at, cacheable = _render_content(request, event, viewer_zone, now)
        page = AgendaPage(event.pk, event.name, MY_STATUS_MARKERS.split(content), stale_at)
        keep = cacheable
        if keep:
            cached.set(page)
    context = {
        "event_name": page.event_name,
        "content": _with_my_statuses(page.pieces, request, page.event_id),
    }
    if whole is not None and keep:
        answer = frozen_pages.keep(
            request, whole, "sessions_app/agenda.html", context, page.stale_at
        )
        if answer is not None:
            return answer
    return render(request, "sessions_app/agenda.html", context)
