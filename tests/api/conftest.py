"""The API's fixtures: a client that checks every /api/v1/ response against the OpenAPI schema
the site serves, an event with an agenda, and organizers' tokens of every kind."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound

from accounts.models import User
from api.models import ApiToken
from api.services import create_api_token, revoke_api_token
from events.models import Event, Room
from sessions_app.models import Session
from tests.factories import CityFactory, EventFactory, RoomFactory, VenueFactory
from tests.sessions_app.factories import SessionFactory, SessionPersonFactory, ThemeFactory, local

FIRST_DAY = dt.date(2049, 4, 20)


def schema_dict() -> dict[str, Any]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return dict(json.loads(OpenApiJsonRenderer().render(schema)))


@pytest.fixture(scope="session")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(schema_dict())


class CheckedClient(Client):
    """Every response of an API endpoint must match the schema (status, headers, body); every
    other response under /api/ must be a JSON error."""

    openapi: OpenAPI

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        path = response.wsgi_request.path
        if not path.startswith("/api/") or path == "/api/v1/schema/":
            return response
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        body = json.loads(response.content)
        match = response.wsgi_request.resolver_match
        if match and match.app_name == "api" and match.url_name != "schema":
            try:
                self.openapi.validate_response(
                    DjangoOpenAPIRequest(response.wsgi_request),
                    DjangoOpenAPIResponse(response),  # type: ignore[arg-type]
                )
            except OperationNotFound:
                # A method the endpoint does not have: refused before any operation runs (a
                # read token's write is refused for its scope first).
                assert response.status_code in (401, 403, 405), response.status_code
                assert set(body) >= {"status", "code", "detail"}, body
        elif response.status_code >= 400:
            assert set(body) >= {"status", "code", "detail"}, body
        return response


@pytest.fixture
def api(openapi: OpenAPI) -> CheckedClient:
    client = CheckedClient()
    client.openapi = openapi
    return client


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


# --- an event with an agenda ----------------------------------------------------------------------
@pytest.fixture
def event(db: None) -> Event:
    venue = VenueFactory.create(name="Copenhagen City Hall", city=CityFactory.create())
    return EventFactory.create(
        name="Nordic Safe Cities Summit 2049",
        slug="nsc-2049",
        venue=venue,
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + dt.timedelta(days=1),
    )


@pytest.fixture
def festsal(event: Event) -> Room:
    return RoomFactory.create(venue=event.venue, name="Festsalen", capacity=200)


@pytest.fixture
def session(event: Event, festsal: Room) -> Session:
    """Published, 10:00-11:30 Copenhagen time on the first day, with a speaker and a theme."""
    session = SessionFactory.create(
        event=event,
        title="Countering disinformation locally",
        slug="countering-disinformation",
        room=festsal,
        starts_at=local(FIRST_DAY, 10),
        ends_at=local(FIRST_DAY, 11, 30),
        languages=["en", "da"],
    )
    session.themes.add(ThemeFactory.create(name="Polarisation"))
    SessionPersonFactory.create(session=session, name="Mette Jensen", office="mayor")
    return session


@pytest.fixture
def draft(event: Event, festsal: Room) -> Session:
    return SessionFactory.create(
        event=event,
        title="Secret draft",
        room=festsal,
        status=Session.Status.DRAFT,
        starts_at=local(FIRST_DAY, 14),
        ends_at=local(FIRST_DAY, 15),
    )


@pytest.fixture
def other_event(db: None) -> Event:
    return EventFactory.create(name="Strong Cities London 2049", slug="scn-london-2049")


# --- tokens ---------------------------------------------------------------------------------------
def make_token(by: User, *, scope: str = "read", event: Event | None = None) -> str:
    _token, raw = create_api_token(name="CRM", scope=scope, event=event, by=by)
    return raw


@pytest.fixture
def read_token(organizer: User) -> str:
    return make_token(organizer, scope=ApiToken.Scope.READ)


@pytest.fixture
def write_token(organizer: User) -> str:
    return make_token(organizer, scope=ApiToken.Scope.WRITE)


@pytest.fixture
def other_event_token(organizer: User, other_event: Event) -> str:
    """A write token for the other event only."""
    return make_token(organizer, scope=ApiToken.Scope.WRITE, event=other_event)


@pytest.fixture
def revoked_token(organizer: User) -> str:
    raw = make_token(organizer, scope=ApiToken.Scope.WRITE)
    revoke_api_token(token=ApiToken.objects.get(token_hash=ApiToken.hash(raw)))
    return raw


@pytest.fixture
def expired_token(organizer: User) -> str:
    """A write token whose end has passed."""
    raw = make_token(organizer, scope=ApiToken.Scope.WRITE)
    past = timezone.now() - dt.timedelta(seconds=1)
    ApiToken.objects.filter(token_hash=ApiToken.hash(raw)).update(expires_at=past)
    return raw


# --- registrations --------------------------------------------------------------------------------
@pytest.fixture
def pending(event: Event) -> Any:
    """A registration pending approval at the event, in Copenhagen."""
    from registrations.models import Registration
    from tests.registrations.factories import RegistrationFactory, RegistrationPolicyFactory

    RegistrationPolicyFactory.create(event=event, requires_approval=True)
    return RegistrationFactory.create(
        event=event,
        city=event.venue.city,
        status=Registration.Status.PENDING_APPROVAL,
        badge_name="Mette Jensen",
        phone="+45 1234",
    )


@pytest.fixture
def elsewhere(other_event: Event) -> Any:
    """A registration pending approval at the other event, in Malmö."""
    from registrations.models import Registration
    from tests.registrations.factories import RegistrationFactory

    return RegistrationFactory.create(
        event=other_event,
        city=CityFactory.create(name="Malmö", country="SE"),
        status=Registration.Status.PENDING_APPROVAL,
    )
