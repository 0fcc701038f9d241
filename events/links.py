"""Links that apps above events add to its pages (summit.links), each in their AppConfig.ready():
the event page's actions (`add_event_action`, such as the agenda) and how to register while
registration is open (`add_register_link`), both reversed with the event's slug. Templates
reach them with `{% hook_links "events.actions" event.slug as links %}`."""

from __future__ import annotations

from summit.links import LinkHook

EVENT_ACTIONS = LinkHook("slug", "events.actions")
add_event_action = EVENT_ACTIONS.add
REGISTER = LinkHook("slug", "events.register")
add_register_link = REGISTER.add
