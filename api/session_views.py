"""The organizers' session endpoints: create a draft, move, cancel, behind a write token.

Each calls the same service as the agenda builder (sessions_app.services), so the changelog,
the revision, the attendees' mails and invites and the webhooks follow exactly as there. The
builder shows conflicts beside the grid; a program sees none, so here a change that leaves the
session in a conflict is undone (the whole transaction, mails and webhooks included) and
refused with 409 and the list, unless the body says "allow_conflicts": true.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters
from api.errors import Conflict, ConflictsFound
from api.ids import find_session, session_public_id
from api.organizer_views import OrganizerMixin
from api.session_serializers import (
    CancelSessionSerializer,
    CreateSessionSerializer,
    MoveSessionSerializer,
    OrganizerSessionSerializer,
)
from events.models import Event
from sessions_app import services
from sessions_app.conflicts import event_conflicts
from sessions_app.models import Session, SessionPerson

TAGS = ["organizers"]


class SessionMixin(OrganizerMixin):
    def sessions(self) -> Any:
        people = SessionPerson.objects.select_related("city")
        rows = Session.objects.select_related("event", "room__venue__city").prefetch_related(
            "themes", Prefetch("people", queryset=people)
        )
        if self.token.event_id is not None:
            rows = rows.filter(event_id=self.token.event_id)
        return rows

    def get_session(self, public_id: Any) -> Session:
        return find_session(self.sessions(), public_id)

    def answer(self, session: Session, code: int = status.HTTP_200_OK) -> Response:
        session = self.sessions().get(pk=session.pk)  # as saved, with its relations
        return Response(OrganizerSessionSerializer(session).data, status=code)


def change(write: Callable[[], Session], *, allow_conflicts: bool) -> Session:
    """Run the service; undo it if the session is then in a conflict, unless allowed.

    The service locks the event's agenda (sessions_app.services.lock_agenda) and the lock
    holds until this transaction ends, so the check runs with every other write to the agenda
    (another program's, the builder's) committed: two writers cannot both book the last free
    hour of a room.
    """
    try:
        with transaction.atomic():
            session = write()
            found = [c for c in event_conflicts(session.event) if session.pk in c.session_ids]
            if found and not allow_conflicts:
                raise ConflictsFound(conflicts_json(found))
    except services.SessionError as error:
        raise Conflict(error.message, code=error.code) from None
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise serializers.ValidationError(detail) from None
    return session


def conflicts_json(found: list[Any]) -> list[dict[str, Any]]:
    ids = {pk for conflict in found for pk in conflict.session_ids}
    uids = dict(Session.objects.filter(pk__in=ids).values_list("pk", "uid"))
    return [
        {
            "kind": str(conflict.kind),
            "message": conflict.message,
            "sessions": [str(session_public_id(uids[pk])) for pk in conflict.session_ids],
        }
        for conflict in found
    ]


class Sessions(SessionMixin, generics.ListAPIView):
    """GET: every session of the token's events, drafts and cancelled ones too, in agenda
    order. POST: add a draft session to an event, as the agenda builder does; the public sees
    it when the event's agenda is next published."""

    serializer_class = OrganizerSessionSerializer

    def get_queryset(self) -> Any:
        chosen = filters.validated(filters.OrganizerSessionFilters, self.request.query_params)
        rows = self.sessions().order_by("event__start_date", "event_id", "starts_at", "pk")
        return filters.OrganizerSessionFilters.apply(rows, chosen)

    @extend_schema(tags=TAGS, parameters=[filters.OrganizerSessionFilters])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS, request=CreateSessionSerializer, responses={201: OrganizerSessionSerializer}
    )
    def post(self, request: Request) -> Response:
        events = Event.objects.all()
        if self.token.event_id is not None:
            events = events.filter(pk=self.token.event_id)
        form = CreateSessionSerializer(data=request.data, events=events)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        allow = data.pop("allow_conflicts")
        if not data.get("slug"):
            data.pop("slug", None)
        session = change(
            lambda: services.create_session(by=request.user, **data),
            allow_conflicts=allow,
        )
        return self.answer(session, status.HTTP_201_CREATED)


@extend_schema(
    tags=TAGS,
    request=MoveSessionSerializer,
    responses={200: OrganizerSessionSerializer},
)
class MoveSession(SessionMixin, APIView):
    """Move a session to another time and/or room, or resize it (a new end). For a published
    session the attendees get the new invite, and session.moved webhooks go out."""

    def post(self, request: Request, public_id: Any) -> Response:
        session = self.get_session(public_id)
        form = MoveSessionSerializer(data=request.data, session=session)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        moved = change(
            lambda: services.move_session(
                session=session,
                starts_at=data["starts_at"],
                ends_at=data.get("ends_at"),
                room=data["room"],
                by=request.user,
            ),
            allow_conflicts=data["allow_conflicts"],
        )
        return self.answer(moved)


@extend_schema(
    tags=TAGS,
    request=CancelSessionSerializer,
    responses={200: OrganizerSessionSerializer},
)
class CancelSession(SessionMixin, APIView):
    """Cancel a session for good (a cancelled session cannot change again). For a published
    one the attendees get the cancellation, and session.cancelled webhooks go out."""

    def post(self, request: Request, public_id: Any) -> Response:
        CancelSessionSerializer(data=request.data).is_valid(raise_exception=True)
        session = self.get_session(public_id)
        cancelled = change(
            lambda: services.cancel_session(session=session, by=request.user),
            allow_conflicts=True,
        )
        return self.answer(cancelled)
