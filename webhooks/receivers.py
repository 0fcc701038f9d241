"""The announcements of the apps below, turned into webhook deliveries (services.emit)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from registrations.models import RegistrationChange
from registrations.signals import registration_changed
from sessions_app.models import SessionChange
from sessions_app.signals import session_changed
from webhooks import payloads
from webhooks.services import emit


@receiver(registration_changed, dispatch_uid="webhooks.registration_changed")
def announce_registration_change(change: RegistrationChange, **kwargs: Any) -> None:
    event_type = payloads.registration_event_type(change)
    if event_type is None:
        return
    registration = change.registration
    emit(
        event_type=event_type,
        event=registration.event,
        key=f"registration-change:{change.pk}",
        data=payloads.registration_data(registration),
    )


@receiver(session_changed, dispatch_uid="webhooks.session_changed")
def announce_session_change(change: SessionChange, **kwargs: Any) -> None:
    event_type = payloads.session_event_type(change)
    if event_type is None:
        return
    session = change.session
    emit(
        event_type=event_type,
        event=session.event,
        key=f"session-change:{change.pk}",
        data=payloads.session_data(session, change),
    )
