"""What a webhook says: pure functions from a change to the event type and the JSON data.

A registration's data is what the network's CRM needs to know who comes (name, email, city,
country, office, status), never the special-category fields (dietary, accessibility,
interpretation needs) or the phone. A session's data is what its public agenda shows.
"""

from __future__ import annotations

from typing import Any

from registrations.models import Registration, RegistrationChange
from sessions_app.models import Session, SessionChange, session_uuid
from webhooks.models import EventType

REGISTRATION_TYPES = {
    Registration.Status.APPROVED: EventType.REGISTRATION_APPROVED,
    Registration.Status.DECLINED: EventType.REGISTRATION_DECLINED,
    Registration.Status.CANCELLED: EventType.REGISTRATION_CANCELLED,
}
SESSION_TYPES = {
    SessionChange.Kind.MOVED: EventType.SESSION_MOVED,
    SessionChange.Kind.ROOM_CHANGED: EventType.SESSION_MOVED,
    SessionChange.Kind.CANCELLED: EventType.SESSION_CANCELLED,
}


def registration_event_type(change: RegistrationChange) -> EventType | None:
    """The event a history line announces: a new registration, or a move into a status."""
    if not change.old_status:
        return EventType.REGISTRATION_CREATED
    if change.old_status == change.new_status:
        return None  # details edited, a coordinator appointed: not a status change
    return REGISTRATION_TYPES.get(Registration.Status(change.new_status))


def registration_data(registration: Registration) -> dict[str, Any]:
    user = registration.user
    return {
        "id": registration.pk,
        "event": registration.event.slug,
        "status": registration.status,
        "name": registration.badge_name or user.get_full_name(),
        "email": user.email,
        "office": registration.office,
        "organization": registration.organization,
        "city": registration.city.name,
        "country": str(registration.country),
        "delegation": registration.delegation_id,
        "created_at": registration.created_at.isoformat(),
    }


def session_event_type(change: SessionChange) -> EventType | None:
    """Only changes the public could see: a draft moving about is nobody's news."""
    if not change.is_public:
        return None
    return SESSION_TYPES.get(SessionChange.Kind(change.kind))


def session_data(session: Session, change: SessionChange) -> dict[str, Any]:
    room = session.room
    return {
        "id": str(session_uuid(session.uid)),
        "uid": session.uid,
        "event": session.event.slug,
        "title": session.title,
        "status": session.status,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "time_zone": room.venue.time_zone,
        "room": room.name,
        "venue": room.venue.name,
        "sequence": session.revision,
        "before": change.before,
        "after": change.after,
    }
