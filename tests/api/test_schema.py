"""The OpenAPI schema: served, valid by drf-spectacular's own check, and describing every
endpoint. That each response in the tests matches it is checked by the `api` client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLResolver, get_resolver
from openapi_core import OpenAPI

from tests.api.conftest import CheckedClient, schema_dict


def test_schema_passes_spectacular_validation_without_warnings(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    # --fail-on-warn: any warning or error of the generator exits non-zero (SystemExit).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert out.read_text().startswith("openapi: 3.1.0")


def test_schema_is_served_as_json(api: CheckedClient, db: None) -> None:
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    served = json.loads(response.content)
    assert served == schema_dict()
    OpenAPI.from_dict(served)  # openapi-spec-validator checks it on loading


def test_schema_is_served_as_yaml_by_default(api: CheckedClient, db: None) -> None:
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert b"openapi: 3.1.0" in response.content


def api_routes() -> set[str]:
    """Every /api/v1/ address the site routes, as the schema writes them ({slug}, {id})."""
    short = {"<slug:slug>": "{slug}", "<id:pk>": "{id}", "<uuid:public_id>": "{public_id}"}
    routes = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and str(pattern.pattern) == "api/":
            for inner in pattern.url_patterns:
                route = "/api/" + str(inner.pattern)
                for converter, name in short.items():
                    route = route.replace(converter, name)
                routes.add(route)
    return routes - {"/api/v1/schema/"}


def test_schema_describes_every_endpoint() -> None:
    assert set(schema_dict()["paths"]) == api_routes()


@pytest.mark.parametrize("code", ["400", "401", "404", "429", "500"])
def test_every_operation_documents_the_json_errors(code: str) -> None:
    for methods in schema_dict()["paths"].values():
        for operation in methods.values():
            content = operation["responses"][code]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}
