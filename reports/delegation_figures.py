"""A delegation's figures, for its coordinator: the event dashboard's figures over the
delegation's own registrations only (status, weeks, office), its fill against its seats, its
members' session sign-ups and their check-in at the entrance. A fixed number of queries.

Rows link nowhere: the registration list they would lead to is the organizers'; the
coordinator's own list of members is the delegation page.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from checkin.models import Checkin
from registrations.models import Delegation, Registration, RegistrationPolicy
from reports.figures import ACTIVE, Figure, Row, by_office, by_status, over_time, weekly_counts
from sessions_app.models import Signup

Status = Registration.Status


def delegation_figures(delegation: Delegation) -> list[Figure]:
    registrations = Registration.objects.filter(delegation=delegation).order_by()
    active = registrations.filter(status__in=ACTIVE)
    weekly = weekly_counts(registrations)
    return [
        by_status(weekly),
        over_time(weekly),
        by_office(active),
        fill(delegation),
        sessions(delegation),
        entrance(delegation),
    ]


def fill(delegation: Delegation) -> Figure:
    policy = RegistrationPolicy.objects.filter(event_id=delegation.event_id).first()
    quota = delegation.quota(policy) if policy else delegation.quota_override
    approved = Registration.objects.filter(delegation=delegation, status=Status.APPROVED).count()
    return Figure(
        "delegations",
        _("Delegation fill"),
        _("Approved members of the delegation, of its seats."),
        [Row(delegation.city.name, approved, total=quota)],
    )


def sessions(delegation: Delegation) -> Figure:
    """Per session of the event, the members signed up (and waiting), the busiest first."""
    members = Registration.objects.filter(delegation=delegation, status__in=ACTIVE).values(
        "user_id"
    )
    counts = (
        Signup.objects.filter(session__event_id=delegation.event_id, user_id__in=members)
        .values_list("session__title")
        .annotate(
            seated=Count("pk", filter=Q(status=Signup.Status.SIGNED_UP)),
            waiting=Count("pk", filter=Q(status=Signup.Status.WAITLISTED)),
        )
        .order_by("-seated", "session__title")
    )
    rows = [
        Row(
            title
            if not waiting
            else _("%(title)s (%(n)s waiting)") % {"title": title, "n": waiting},
            seated,
        )
        for title, seated, waiting in counts
    ]
    return Figure(
        "sessions",
        _("Session sign-ups"),
        _("Members of the delegation with a seat in each session."),
        rows,
    )


def entrance(delegation: Delegation) -> Figure:
    """Approved members who came through the entrance at least once, of all approved."""
    approved = Registration.objects.filter(delegation=delegation, status=Status.APPROVED)
    expected = approved.count()
    arrived = (
        Checkin.objects.filter(
            registration__in=approved,
            checkin_list__session__isnull=True,
            result=Checkin.Result.VALID,
            direction=Checkin.Direction.ENTRY,
        )
        .values("registration_id")
        .distinct()
        .count()
    )
    rows = [Row(_("Entrance"), arrived, total=expected)] if expected else []
    return Figure(
        "attendance",
        _("Check-in"),
        _("Approved members who arrived at the entrance, of all approved."),
        rows,
    )
