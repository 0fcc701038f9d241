"""The demo's privacy notice: the next summit (registration open) has a notice of its own,
published after the demo delegates registered, so a demo delegate who signs in is asked to
accept it first (the re-ask page), and the registration form shows it. Idempotent: published
once. Added to `manage.py load_demo` by PrivacyConfig.ready (demo.load.add_demo_loader)."""

from __future__ import annotations

from demo.state import Demo
from privacy.consents import publish_notice
from privacy.models import PrivacyNotice

EVENT = "nsc-annual-summit-next"
TEXT = """The Nordic Safe Cities secretariat keeps your registration to run the summit: badges, \
seating, interpretation, catering and access.

Your dietary and accessibility needs and your phone number are seen only by the organizers, \
and are deleted 90 days after the summit.

Photos are taken in the plenary hall. If you agreed, they may be published; you can withdraw \
at any time on your account's Consents page.

If you agreed, your name, office and city are shared with the Strong Cities Network, our \
partner network, to invite you to its events."""


def load_privacy_notice(demo: Demo) -> None:
    event = demo.events.get(EVENT)
    if event is None or demo.organizer is None:
        return
    if not PrivacyNotice.objects.filter(event=event).exists():
        publish_notice(event=event, text=TEXT, by=demo.organizer)
