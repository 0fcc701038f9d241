"""The demo's bilateral meetings at the next summit: slots over lunch and after the
afternoon sessions on both days, three tables, and a few requests in every state, made through
meetings.services so each has its history. Copenhagen's coordinator (the demo's login example)
has one to answer, one waiting for the other side, and two agreed, one of them confidential.

Loaded inside mail_suppressed(), like the delegates: nobody is mailed, no invite is sent.
Idempotent: a request is made only if no request of the event has its topic yet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from demo.state import Demo
from events.models import Event
from meetings import services
from meetings.models import MeetingRequest, MeetingRoom, MeetingSlot
from registrations.models import Delegation, Registration

SUMMIT = "nsc-annual-summit-next"
# Local times of 30-minute slots when the demo agenda leaves the delegates free, per day.
SLOT_TIMES = (
    ((12, 30), (13, 0), (17, 0), (17, 30), (18, 0), (18, 30)),
    ((12, 0), (15, 0), (15, 30), (16, 0), (16, 30), (17, 0)),
)
TABLES = (("Meeting table 1", 6), ("Meeting table 2", 6), ("Mayors' lounge", 12))


def load_meetings(demo: Demo) -> None:
    event = demo.events[SUMMIT]
    slots = load_slots(demo, event)
    for name, capacity in TABLES:
        room, created = MeetingRoom.objects.get_or_create(
            event=event, name=name, defaults={"capacity": capacity}
        )
        demo.note(room, created)
    if not Registration.objects.filter(event=event).exists():
        return  # loaded on a day the summit takes no registrations: nobody to meet
    for topic, make in requests(slots).items():
        if not MeetingRequest.objects.filter(event=event, topic=topic).exists():
            demo.note(make(event, topic), True)


def load_slots(demo: Demo, event: Event) -> list[MeetingSlot]:
    slots = []
    for day, times in zip((event.start_date, event.end_date), SLOT_TIMES, strict=True):
        for hour, minute in times:
            starts = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=event.zone)
            slot, created = MeetingSlot.objects.get_or_create(
                event=event,
                starts_at=starts,
                defaults={"ends_at": starts + dt.timedelta(minutes=30)},
            )
            demo.note(slot, created)
            slots.append(slot)
    return slots


def side(event: Event, city: str) -> tuple[Delegation, list[Registration]]:
    delegation = Delegation.objects.select_related("coordinator", "city").get(
        event=event, city__name=city
    )
    members = list(
        Registration.objects.filter(delegation=delegation, status="approved").order_by("pk")
    )
    return delegation, members


def ask(
    event: Event, topic: str, first: str, second: str, slots: list[MeetingSlot], **extra: object
) -> MeetingRequest:
    (requester, people), (recipient, _theirs) = side(event, first), side(event, second)
    return services.request_meeting(
        requester=requester,
        recipient=recipient,
        by=requester.coordinator,
        topic=topic,
        slots=slots,
        participants=people[:2],
        **extra,  # type: ignore[arg-type]
    )


def requests(slots: list[MeetingSlot]) -> dict[str, Callable[[Event, str], MeetingRequest]]:
    day1, day2 = slots[:6], slots[6:]

    def pending(event: Event, topic: str) -> MeetingRequest:
        return ask(
            event,
            topic,
            "Oslo",
            "Copenhagen",
            day1[:2],
            message="We would like to hear how your night mayors work with the police.",
        )

    def countered(event: Event, topic: str) -> MeetingRequest:
        meeting = ask(event, topic, "Copenhagen", "Helsinki", day1[2:3])
        recipient, people = side(event, "Helsinki")
        return services.counter_propose(
            meeting=meeting,
            delegation=recipient,
            by=recipient.coordinator,
            slots=day2[2:4],
            participants=people[:1],
            note="Our mayor lands only on day two.",
        )

    def accepted(event: Event, topic: str, *, confidential: bool = False) -> MeetingRequest:
        first, second, slot = (
            ("Reykjavík", "Copenhagen", day2[0])
            if confidential
            else ("Copenhagen", "Malmö", day1[4])
        )
        extra = (
            {
                "confidential": True,
                "interpreter_needed": True,
                "interpret_from": "is",
                "interpret_to": "da",
            }
            if confidential
            else {}
        )
        meeting = ask(event, topic, first, second, [slot], **extra)
        recipient, people = side(event, second)
        return services.accept_meeting(
            meeting=meeting,
            delegation=recipient,
            by=recipient.coordinator,
            slot=slot,
            participants=people[:2],
        )

    def declined(event: Event, topic: str) -> MeetingRequest:
        meeting = ask(event, topic, "Aarhus", "Stockholm", day1[5:6])
        recipient, _people = side(event, "Stockholm")
        return services.decline_meeting(
            meeting=meeting,
            delegation=recipient,
            by=recipient.coordinator,
            note="Our programme is full; let us talk at the reception.",
        )

    def expired(event: Event, topic: str) -> MeetingRequest:
        asked = timezone.now() - dt.timedelta(days=5)  # nobody answered in time
        meeting = ask(event, topic, "Tampere", "Gothenburg", day2[4:5], now=asked)
        services.expire_due_requests()
        meeting.refresh_from_db()
        return meeting

    def cancelled(event: Event, topic: str) -> MeetingRequest:
        meeting = ask(event, topic, "Kristiansand", "Oslo", day2[5:6])
        requester, _people = side(event, "Kristiansand")
        return services.cancel_meeting(
            meeting=meeting,
            delegation=requester,
            by=requester.coordinator,
            note="Our delegation is smaller than planned.",
        )

    return {
        "Night-time economy and safety": pending,
        "Countering disinformation before elections": countered,
        "Øresund cross-border cooperation": accepted,
        "Threats against local politicians": lambda e, t: accepted(e, t, confidential=True),
        "Youth outreach in housing estates": declined,
        "Sharing CCTV guidelines": expired,
        "Festival crowd safety": cancelled,
    }


def summarize_meetings(event_slug: str = SUMMIT) -> list[str]:
    rows = MeetingRequest.objects.filter(event__slug=event_slug)
    by_status = {s: rows.filter(status=s).count() for s, _label in MeetingRequest.Status.choices}
    listed = ", ".join(f"{count} {status}" for status, count in by_status.items() if count)
    return [f"  {rows.count()} meeting requests at the next summit ({listed})"]
