"""The organizers' read endpoints for delegations, a session's sign-ups and check-ins.

Like the registrations: a token sees its event's rows (or every event's); another event's
session is a 404. Each list costs a fixed number of queries, whatever its length
(tests/api/test_reads.py): counts are annotated, people joined, not read per row.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from api import filters
from api.ids import find_session
from api.organizer_views import OrganizerMixin
from api.read_serializers import CheckinSerializer, DelegationSerializer, SignupSerializer
from api.session_views import SessionMixin
from checkin.models import Checkin
from registrations.models import ACTIVE_STATUSES, Delegation, Registration
from sessions_app.models import Signup

TAGS = ["organizers"]
PENDING = [Registration.Status.SUBMITTED, Registration.Status.PENDING_APPROVAL]


def counted(status: Any) -> Count:
    statuses = status if isinstance(status, list) else [status]
    return Count("registrations", filter=Q(registrations__status__in=statuses))


@extend_schema(tags=TAGS, parameters=[filters.DelegationFilters])
class DelegationList(OrganizerMixin, generics.ListAPIView):
    """Delegations (one city at one event), by event and city name, with their coordinator,
    their seats and how many of their registrations are approved, pending and waitlisted."""

    serializer_class = DelegationSerializer

    def get_queryset(self) -> Any:
        chosen = filters.validated(filters.DelegationFilters, self.request.query_params)
        rows = Delegation.objects.select_related(
            "event__venue", "event__registration_policy", "city", "coordinator"
        ).annotate(
            approved=counted(Registration.Status.APPROVED),
            pending=counted(PENDING),
            waitlisted=counted(Registration.Status.WAITLISTED),
        )
        if self.token.event_id is not None:
            rows = rows.filter(event_id=self.token.event_id)
        rows = rows.order_by("event__start_date", "event_id", "city__name", "pk")
        return filters.DelegationFilters.apply(rows, chosen)


@extend_schema(tags=TAGS, parameters=[filters.SignupFilters])
class SignupList(SessionMixin, generics.ListAPIView):
    """A session's sign-ups, drafts' too, first come first served (the waiting list's order):
    seated, waitlisted and withdrawn (a withdrawal stays as history)."""

    serializer_class = SignupSerializer

    def get_queryset(self) -> Any:
        session = find_session(self.sessions().prefetch_related(None), self.kwargs["public_id"])
        chosen = filters.validated(filters.SignupFilters, self.request.query_params)
        registration = Registration.objects.filter(
            event_id=session.event_id, user_id=OuterRef("user_id"), status__in=ACTIVE_STATUSES
        ).order_by("-created_at")
        rows = (
            Signup.objects.filter(session=session)
            .select_related("session__room__venue", "user")
            .annotate(registration_id=Subquery(registration.values("pk")[:1]))
            .order_by("created_at", "pk")
        )
        return filters.SignupFilters.apply(rows, chosen)


@extend_schema(tags=TAGS, parameters=[filters.CheckinFilters])
class CheckinRecordList(SessionMixin, generics.ListAPIView):
    """Check-ins (every scan and check-in by hand, whatever its result), oldest first: poll
    with ?since= the created_at of the last one seen."""

    serializer_class = CheckinSerializer

    def get_queryset(self) -> Any:
        chosen = filters.validated(filters.CheckinFilters, self.request.query_params)
        rows = Checkin.objects.select_related(
            "checkin_list__event__venue",
            "checkin_list__session",
            "registration",
            "staff",
        )
        if self.token.event_id is not None:
            rows = rows.filter(checkin_list__event_id=self.token.event_id)
        if "session" in chosen:
            try:
                session = find_session(self.sessions().prefetch_related(None), chosen["session"])
            except Http404:
                raise ValidationError({"session": [_("No such session.")]}) from None
            rows = rows.filter(checkin_list__session=session)
        return filters.CheckinFilters.apply(rows.order_by("created_at", "pk"), chosen)
