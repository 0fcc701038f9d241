"""JSON errors everywhere under /api/: one shape, whatever raised.

    {"status": 404, "code": "not_found", "detail": "Not found."}
    {"status": 400, "code": "invalid", "detail": "…", "errors": {"field": ["…"]}}

`exception_handler` shapes what DRF catches (its own exceptions, Http404, PermissionDenied);
the Django handlers (summit/urls.py names them) answer the rest under /api/ (an unknown
address, a request Django refuses before any view, an uncaught error) and hand every other
path to Django's own HTML pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def error_body(status_code: int, code: str, detail: str, errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # uncaught: Django's handler500 below answers
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            response.status_code, "invalid", _("The request is not valid."), response.data
        )
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes()
        response.data = error_body(
            response.status_code,
            code if isinstance(code, str) else exc.default_code,
            str(exc.detail),
        )
        response.data.update(getattr(exc, "extra", {}))
    else:  # Http404 and PermissionDenied, turned into DRF's by its handler
        response.data = error_body(
            response.status_code,
            "not_found" if response.status_code == status.HTTP_404_NOT_FOUND else "forbidden",
            str(response.data.get("detail", "")),
        )
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(status_code: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse(error_body(status_code, code, detail), status=status_code)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(400, "bad_request", _("The request could not be understood."))
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(403, "forbidden", _("You may not do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(404, "not_found", _("There is nothing at this address."))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(500, "server_error", _("Something went wrong on our side."))
    return defaults.server_error(request)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "too_large"


class Conflict(exceptions.APIException):
    """A service refused the change (RegistrationError): the code is the service's."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ConflictsFound(Conflict):
    """The change would leave the session in agenda conflicts: listed in the body."""

    default_detail = gettext_lazy("The change would leave the session in a conflict.")
    default_code = "conflicts"

    def __init__(self, conflicts: list[dict[str, Any]]) -> None:
        super().__init__()
        self.extra = {"conflicts": conflicts}
