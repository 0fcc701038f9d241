"""Links that apps above registrations add to an event's organizers' registrations page
(summit.links), such as check-in and bilateral meetings: `add_organizer_link(label=…,
url_name=…)` in their AppConfig.ready(), the URL reversed with the event's slug. The same for
every organizer, so they may go into the cached list."""

from __future__ import annotations

from summit.links import LinkHook

ORGANIZER_LIST = LinkHook("slug")
add_organizer_link = ORGANIZER_LIST.add
organizer_links = ORGANIZER_LIST.links
