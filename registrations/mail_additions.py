"""What apps above registrations add to a delegate's approval mail.

registrations writes the approval mail but cannot import the apps above it (checkin makes the
badge whose QR code the mail shows). Such an app registers a provider here in its
AppConfig.ready(); the approval mail asks each provider for its addition when it is written
(in a worker, in the delegate's language) and shows them all: a paragraph in the text body,
a fragment in the HTML body, and the binary parts (an inline image) the fragment refers to by
`cid:`. Removing the app removes its addition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from outbox.services import BinaryPart
from registrations.models import Registration


@dataclass(frozen=True)
class MailAddition:
    text: str  # a paragraph of the text body
    html: SafeString  # a fragment of the HTML body, escaped by the provider
    parts: list[BinaryPart] = field(default_factory=list)


Provider = Callable[[Registration], MailAddition | None]
_providers: list[Provider] = []


def add_approval_mail_addition(provider: Provider) -> None:
    """Ask `provider` for an addition to every approval mail (once, however often added).
    It may write (issue what the mail shows): it runs in the worker that writes the mail."""
    if provider not in _providers:
        _providers.append(provider)


def approval_mail_additions(registration: Registration) -> list[MailAddition]:
    found = (provider(registration) for provider in _providers)
    return [addition for addition in found if addition is not None]
