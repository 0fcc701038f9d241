"""The site's addresses plus two that fail, to see what a crash under /api/ answers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.views import APIView

from summit.urls import *  # noqa: F403  (the handlers too)
from summit.urls import urlpatterns as site_patterns


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


class Crash(APIView):
    def get(self, request: Any) -> Any:
        raise RuntimeError("a bug in an API view")


urlpatterns = [
    path("api/v1/crash/", crash),
    path("api/v1/crash-drf/", Crash.as_view()),
    path("crash/", crash),
    *site_patterns,
]
