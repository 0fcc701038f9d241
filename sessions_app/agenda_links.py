"""Links that apps above sessions_app add to the public agenda page (summit.links), such as
the schedule exports: `add_agenda_link(label=…, url_name=…)` in their AppConfig.ready(), the
URL reversed with the event's slug. A link is the same for every viewer, so it may go into the
cached page."""

from __future__ import annotations

from summit.links import LinkHook

AGENDA = LinkHook("slug")
add_agenda_link = AGENDA.add
agenda_links = AGENDA.links
