"""Links that apps above registrations add to an approved registration's row on "My
registrations" (summit.links), such as the badge: `add_approved_link(label=…, url_name=…)` in
their AppConfig.ready(), the URL reversed with the registration's pk. Templates reach them with
`{% hook_links "registrations.approved" registration.pk as links %}`."""

from __future__ import annotations

from summit.links import LinkHook

APPROVED = LinkHook("pk", "registrations.approved")
add_approved_link = APPROVED.add
