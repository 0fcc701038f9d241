"""Links that apps above registrations add to a delegation's page (its coordinator's;
summit.links), such as the reports' dashboard of its figures: `add_delegation_link(label=…,
url_name=…)` in their AppConfig.ready(), the URL reversed with the delegation's id as `pk`."""

from __future__ import annotations

from summit.links import LinkHook

DELEGATION = LinkHook("pk")
add_delegation_link = DELEGATION.add
delegation_links = DELEGATION.links
