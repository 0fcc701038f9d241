from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination

NULLABLE_URI = {"type": ["string", "null"], "format": "uri"}


class Pages(PageNumberPagination):
    """?page=2&page_size=100; at most 200 a page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # DRF writes OpenAPI 3.0's `nullable`; the schema is OpenAPI 3.1 (JSON Schema's null).
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": NULLABLE_URI,
                "previous": NULLABLE_URI,
                "results": schema,
            },
        }
