from __future__ import annotations

import factory
from django.utils import timezone

from outbox.models import OutboundMail


class OutboundMailFactory(factory.django.DjangoModelFactory[OutboundMail]):
    class Meta:
        model = OutboundMail

    idempotency_key = factory.Sequence(lambda n: f"test:{n}")
    from_email = "Summit <summit@example.org>"
    to = factory.Sequence(lambda n: f"recipient{n}@example.org")
    subject = factory.Sequence(lambda n: f"Mail {n}")
    body_text = "Hello from Summit."
    next_attempt_at = factory.LazyFunction(timezone.now)
