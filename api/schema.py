"""The OpenAPI schema's error responses: every operation names the errors it can answer, in
the one shape api.errors writes, so a client (and the tests) can check them too."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "required": ["status", "code", "detail"],
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status"},
        "code": {"type": "string", "description": "A stable code, e.g. not_found, invalid"},
        "detail": {"type": "string", "description": "What went wrong, for people"},
        "errors": {
            "type": "object",
            "description": "With 400 invalid: the messages per field or query parameter",
            "additionalProperties": {},
        },
        "conflicts": {
            "type": "array",
            "description": "With 409 conflicts: what the change would leave the session in",
            "items": {
                "type": "object",
                "required": ["kind", "message", "sessions"],
                "properties": {
                    "kind": {
                        "type": "string",
                        "description": "room_double_booked, person_double_booked, "
                        "no_time_to_travel, outside_event_dates or over_room_capacity",
                    },
                    "message": {"type": "string"},
                    "sessions": {"type": "array", "items": {"type": "string", "format": "uuid"}},
                },
            },
        },
    },
}
EVERY = {
    "400": "Bad query parameter or body",
    "401": "Missing, invalid or revoked token",
    "403": "The token may not do this",
    "404": "Not found, or not visible to this token",
    "405": "Method not allowed",
    "406": "Only application/json is served",
    "429": "Too many requests; see Retry-After",
    "500": "Server error",
}
WRITES = {
    "409": 'The change was refused: the code says why (for a session, "conflicts" with the '
    "list in conflicts, unless allow_conflicts)",
    "413": "Body too large",
    "415": "Only application/json is read",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            codes = EVERY | (WRITES if method in {"post", "put", "patch", "delete"} else {})
            responses = operation.setdefault("responses", {})
            for code, description in codes.items():
                responses.setdefault(code, {"description": description, "content": reference})
    return result
