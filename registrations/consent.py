"""What a registration tells the privacy layer about consent, and the event's privacy notice it
shows: the one mechanism between the registration pages and privacy/.

privacy/ sits above registrations and keeps the notices and the consent records; registrations
may not import it. So registrations names the purposes a person answers for, sends
`consent_answered` (registrations.signals) inside the service's transaction whenever someone
answers (registering, accepting the notice later, changing the delegate list choice), and asks
the reader that privacy sets here in its AppConfig.ready() for an event's current notice.
Without privacy installed there is no reader: the form shows the standard notice text, and
nothing is recorded beyond the registration's own `privacy_accepted_at`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event


class Purpose(models.TextChoices):
    """What a person agrees to, one record each (privacy.models.Consent)."""

    PRIVACY_NOTICE = "privacy_notice", _("The privacy notice")
    DELEGATE_LIST = "delegate_list", _("Being listed in the delegate list")
    PHOTOS = "photos", _("Photos of me at the event")
    PARTNER_NETWORK = "partner_network", _("Sharing my details with the partner network")


# The purposes a person may withdraw on their own (the notice is accepted or not registered).
OPTIONAL_PURPOSES = (Purpose.DELEGATE_LIST, Purpose.PHOTOS, Purpose.PARTNER_NETWORK)


@dataclass(frozen=True)
class Notice:
    """An event's privacy notice as the registration form shows it."""

    version: int
    text: str
    url: str  # the notice's own page, where older versions stay readable


NoticeReader = Callable[[Event], "Notice | None"]
_reader: list[NoticeReader] = []


def set_notice_reader(reader: NoticeReader) -> None:
    """Name the function that reads an event's current notice (privacy does, once)."""
    _reader[:] = [reader]


def current_notice(event: Event) -> Notice | None:
    """The event's newest notice, or None: the standard text applies."""
    return _reader[0](event) if _reader else None
