"""The public agenda: every visible session of an event by local day, with filters.

Cached (summit.cache): the page's content as HTML, under the "agenda" and "signups" versions
(the seats left change with each sign-up), per event, organizer or not, language, viewer's
zone and asked filters. Stored only when the filters are valid, so made-up values cannot fill
the cache. The one part that is the viewer's own, their sign-up badges, goes into the cached
HTML afterwards at markers, so one copy serves everyone. The seats also change with time, no
write telling: a stored page is served only until the first of its sessions' sign-up closes or
one ends (AgendaPage.is_current).

A miss reads the sessions as plain values, not model instances: 300 sessions with their
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
from typing import Any, cast

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
    FIELDS,
    AgendaRow,
    DayRows,
    Listed,
    from_row,
    with_seat_counts,
)
from sessions_app.forms import AgendaFilterForm
from sessions_app.interpretation import add_interpretation, spoken_and_interpreted
from sessions_app.models import (
    Session,
    SessionPerson,
    SessionPolicy,
    Signup,
    Theme,
)
from sessions_app.views import _get_event, _user, _viewer_time_zone, _visible_sessions, clock_span
from summit import cache, frozen_pages

# The viewer's sign-up badge of a session goes where its marker is (see _with_my_statuses).
MY_STATUS_MARKER = "<!--my-status:{pk}-->"
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
    # The title's columns read as they are, the fallback done in from_row: modeltranslation's
    # own per row (`values("title")`) costs a tenth of the render, and its values() iterator
    # copies every row even when no translated field is asked for (rewrite(False): Django's).
    title = lookups("title")
    rows = cast(Any, visible).rewrite(False).values(*FIELDS, *title)
    sessions = {row["pk"]: from_row(row, no_policy, title) for row in rows}
    links = Session.themes.through.objects.filter(session__event=event)
    # One instance per theme, and its name read from here: a translated model's __init__ and
    # name cost more than a row (300 sessions have some 400 themes).
    themes: dict[str, Theme] = {}
    theme_names: dict[str, str] = {}
    # The through model is not translated: the name in the active language, else the original.
    names = links.values_list("session_id", "theme__slug", *lookups("theme__name"))
    for session_id, slug, translated, original in names:
        if session_id in sessions:
            if slug not in themes:
                theme_names[slug] = name = translated or original
                themes[slug] = Theme(slug=slug, name=name)
            sessions[session_id].themes.append(themes[slug])
    # In each session's order (the model's), without joining the sessions' order across rows.
    people = SessionPerson.objects.filter(session__event=event)
    people = people.order_by("session_id", "role", "position", "pk")
    for session_id, name, role in people.values_list("session_id", "name", "role"):
        if session_id in sessions:
            sessions[session_id].people.append((name, role == SessionPerson.Role.MODERATOR))
    add_interpretation(event, sessions)
    for session in sessions.values():
        session.themes.sort(key=lambda theme: theme_names[theme.slug])
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
    languages = {code for session in sessions for code in session.languages}
    data = request.GET.copy()
    data["tz"] = viewer_zone
    return AgendaFilterForm(
        data,
        themes=sorted(themes.values(), key=lambda t: t.name),
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


# A row of the agenda, filled with str.format: 300 rows through the template engine cost most of
# an uncached render (docs/PERFORMANCE.md). Every value goes in escaped (html.escape, which
# Django's escape() calls) unless it is markup built here from escaped parts.
ROW = (
    "<tr{cancelled_class}>"
    '<td class="when"><time datetime="{starts_at}">{clock}</time>{viewer_clock}</td>'
    '<th scope="row" class="title"><a href="{url}">{title}</a>'
    '<span class="tags"><span class="badge format">{format}</span>{themes}</span>'
    "{status_badge}{my_status_marker}</th>"
    '<td><span class="label">{where_label}: </span>{room}<span class="meta">{venue}</span></td>'
    '<td><span class="label">{speakers_label}: </span>{people}</td>'
    '<td><span class="label">{languages_label}: </span>{languages}</td>'
    '<td class="seats"><span class="label">{seats_label}: </span>{seats}</td>'
    "</tr>"
)


def _row_labels() -> dict[str, str]:
    """The words every row repeats, translated and escaped once per render."""
    cancelled = pgettext("session", "Cancelled")
    draft = _("Draft: only organizers see it")
    return {
        "where_label": escape(_("Where")),
        "speakers_label": escape(_("Speakers")),
        "languages_label": escape(_("Languages")),
        "seats_label": escape(_("Seats")),
        "cancelled": f'<span class="badge status-cancelled">{escape(cancelled)}</span>',
        "draft": f'<span class="badge status-draft">{escape(draft)}</span>',
    }


def _agenda_days(
    sessions: list[Listed], viewer_zone: str, now: dt.datetime
) -> dict[dt.date, DayRows]:
    """The rows under the local day of each session's own venue, in the agenda's order."""
    row = _row_maker(viewer_zone, now)
    days: dict[dt.date, DayRows] = {}
    for s in sessions:
        local_start = s.starts_at.astimezone(zoneinfo.ZoneInfo(s.time_zone))
        days.setdefault(local_start.date(), DayRows()).append(row(s))
    return days


def _row_maker(viewer_zone: str, now: dt.datetime) -> Callable[[Listed], AgendaRow]:
    """What each row needs once per render (words, names, addresses), and the row from it."""
    names = spoken_languages()
    formats = {value: str(label) for value, label in Session.Format.choices}  # lazy: once
    url = _session_urls()
    label = _("moderator")  # outside the f-string: xgettext does not read f-strings
    moderator = f' <span class="meta-inline">({escape(label)})</span>'
    labels = _row_labels()
    badges: dict[str, str] = {}  # a theme's badge by slug: its translated name is dear to read

    def badge(theme: Theme) -> str:
        if theme.slug not in badges:
            badges[theme.slug] = THEME_BADGE.format(escape(theme.name))
        return badges[theme.slug]

    # Many sessions share their hours: each span is formatted once (a third of the time).
    clock = functools.cache(clock_span)
    viewer_span = functools.cache(format_local_span)
    # And their rooms, formats, languages and seat counts: each cell escaped once.
    cell = functools.cache(escape)
    languages = functools.cache(
        lambda spoken, into: cell(spoken_and_interpreted(list(spoken), list(into), names) or "–")
    )
    seats = _seats_cells()

    def row(s: Listed) -> AgendaRow:
        local_clock = clock(s.starts_at, s.ends_at, s.time_zone)
        viewer_clock = ""
        if viewer_zone and viewer_zone != s.time_zone:
            when = viewer_span(s.starts_at, s.ends_at, viewer_zone)
            also = _("%(when)s in %(zone)s") % {"when": when, "zone": viewer_zone}
            viewer_clock = f' <span class="viewer-time">{escape(also)}</span>'
        status = labels["cancelled"] if s.cancelled else labels["draft"] if s.draft else ""
        html = ROW.format(
            cancelled_class=' class="cancelled"' if s.cancelled else "",
            starts_at=s.starts_at.isoformat(),
            clock=cell(local_clock),
            viewer_clock=viewer_clock,
            url=escape(url(s.pk)),
            title=escape(s.title),
            format=cell(formats.get(s.format, s.format)),
            themes="".join(badge(t) for t in s.themes),
            status_badge=status,
            my_status_marker=MY_STATUS_MARKER.format(pk=s.pk),
            room=cell(s.room),
            venue=cell(s.venue),
            people=_people(s.people, moderator),
            languages=languages(tuple(s.languages), tuple(s.interpretation)),
            seats=seats(s, now),
            **labels,
        )
        return AgendaRow(session=s, clock=local_clock, html=mark_safe(html))

    return row


def _people(people: list[tuple[str, bool]], moderator: str) -> SafeString:
    if not people:
        return mark_safe('<span class="meta-inline">–</span>')
    return mark_safe(", ".join(escape(name) + (moderator if mod else "") for name, mod in people))


def _session_urls() -> Callable[[int], str]:
    """A session page's address from its id, with one reverse() for all the rows (it costs
    more than the rest of a row)."""
    stand_in = 2_147_483_647
    address = reverse("sessions_app:session_detail", kwargs={"pk": stand_in})
    return lambda pk: address.replace(str(stand_in), str(pk))


def _seats_cells() -> Callable[[Listed, dt.datetime], str]:
    """A row's seats cell, escaped; its words translated once per render and count."""
    closed, full = escape(_("Sign-up closed")), escape(_("Full: waiting list"))

    @functools.cache
    def left(n: int) -> str:
        return escape(ngettext("%(counter)s left", "%(counter)s left", n) % {"counter": n})

    def seats(session: Listed, now: dt.datetime) -> str:
        if session.cancelled or now >= session.ends_at:
            return "–"
        if now >= session.signup_closes_at:
            return closed
        if not session.seats_left:
            return full
        return left(session.seats_left)

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
