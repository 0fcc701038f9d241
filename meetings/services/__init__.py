"""Every write of meetings: the exchange between two coordinators (exchange), the organizers'
central scheduling and moves (scheduling), expiry (expiry). Imported from here."""

from meetings.services.common import MeetingRefused
from meetings.services.exchange import (
    accept_meeting,
    cancel_meeting,
    counter_propose,
    decline_meeting,
    request_meeting,
)
from meetings.services.expiry import expire_due_requests
from meetings.services.scheduling import move_meeting, schedule_meeting

__all__ = [
    "MeetingRefused",
    "accept_meeting",
    "cancel_meeting",
    "counter_propose",
    "decline_meeting",
    "expire_due_requests",
    "move_meeting",
    "request_meeting",
    "schedule_meeting",
]
