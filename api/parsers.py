"""The API reads JSON only, and never more of it than API_MAX_BODY_BYTES.

DRF reads the request stream itself, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE (which guards
request.body), so the limit is enforced here: a huge body is refused after reading the limit.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from api.errors import RequestTooLarge


def _refuse_constant(name: str) -> None:
    raise ValueError(name)  # NaN and Infinity are not JSON


class LimitedJSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
        if declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge
        try:
            return json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            raise exceptions.ParseError(_("The body is not valid JSON.")) from None
