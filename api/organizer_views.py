"""The organizers' endpoints, behind an API token: registrations, and the decisions on them.

A token sees the registrations of its event (or of every event); another event's look like
nothing at all (404), as a guessed id would. Approve and decline call the same services as the
registrations page, so the history line and the delegate's mail follow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from api import filters
from api.errors import Conflict
from api.models import ApiToken
from api.organizer_serializers import DecisionSerializer, RegistrationSerializer
from api.permissions import OrganizerToken
from events.models import Event, Venue
from registrations import services
from registrations.models import Registration
from summit import cache

TAGS = ["organizers"]


def visible_registrations(token: ApiToken) -> Any:
    rows = Registration.objects.select_related("event__venue", "user", "city")
    if token.event_id is not None:
        rows = rows.filter(event_id=token.event_id)
    return rows.order_by("created_at", "pk")


class OrganizerMixin:
    permission_classes = [OrganizerToken]
    request: Request

    @property
    def token(self) -> ApiToken:
        assert isinstance(self.request.auth, ApiToken)  # OrganizerToken let it in
        return self.request.auth

    def get_registration(self, pk: int) -> Registration:
        return get_object_or_404(visible_registrations(self.token), pk=pk)


@extend_schema(tags=TAGS, parameters=[filters.RegistrationFilters])
class RegistrationList(OrganizerMixin, generics.ListAPIView):
    """Registrations, oldest first, filtered by event, status, country and city."""

    serializer_class = RegistrationSerializer

    def get_queryset(self) -> Any:
        chosen = filters.validated(filters.RegistrationFilters, self.request.query_params)
        rows = filters.RegistrationFilters.apply(visible_registrations(self.token), chosen)
        return rows.defer(*LIST_DEFERRED)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page as it was last built, while no registration, person, city, event or venue
        changed since (the "registrations" version, registrations/apps.py): the rows are
        neither read nor serialized again. What a token sees depends only on its event; the
        links to the next and previous pages on the address asked."""
        parts = (
            "api-registrations",
            self.token.event_id,
            request.build_absolute_uri("/"),
            sorted(request.query_params.lists()),
        )
        cached = cache.Fragment(parts, depends_on=["registrations"], local=True)
        data = cached.get()
        if data is None:
            data = super().list(request, *args, **kwargs).data
            cached.set(data)
        return Response(data)


def _unused(prefix: str, model: Any, *shown: str) -> list[str]:
    return [f"{prefix}{f.name}" for f in model._meta.concrete_fields if f.name not in shown]


# What the list reads of each row's event, venue and user: the slug, the time zone, the email.
# The rest is not fetched: an event's texts in every language made the page's rows wide, and
# decoding them cost more than everything else the request does (issue #16).
LIST_DEFERRED = [
    *_unused("event__", Event, "id", "slug", "venue"),
    *_unused("event__venue__", Venue, "id", "time_zone"),
    *_unused("user__", User, "id", "email"),
]


@extend_schema(tags=TAGS)
class RegistrationDetail(OrganizerMixin, generics.RetrieveAPIView):
    serializer_class = RegistrationSerializer

    def get_object(self) -> Registration:
        return self.get_registration(self.kwargs["pk"])


class Decision(OrganizerMixin, APIView):
    service: Callable[..., Registration]

    def post(self, request: Request, pk: int) -> Response:
        DecisionSerializer(data=request.data).is_valid(raise_exception=True)
        registration = self.get_registration(pk)
        try:
            registration = type(self).service(registration=registration, by=request.user)
        except services.RegistrationError as error:
            raise Conflict(error.message, code=error.code) from None
        registration = self.get_registration(pk)  # as saved, with its relations
        return Response(RegistrationSerializer(registration).data)


@extend_schema(tags=TAGS, request=DecisionSerializer, responses={200: RegistrationSerializer})
class ApproveRegistration(Decision):
    """Approve a registration pending approval; the delegate is mailed."""

    service = staticmethod(services.approve_registration)


@extend_schema(tags=TAGS, request=DecisionSerializer, responses={200: RegistrationSerializer})
class DeclineRegistration(Decision):
    """Decline a registration (an approved one too); the delegate is mailed, and the seat goes
    to the waiting list."""

    service = staticmethod(services.decline_registration)
