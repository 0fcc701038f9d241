"""Summit's URLs plus /bench/ceiling/: the smallest Django view, the benchmark's ceiling."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe


@require_safe
def ceiling(request: HttpRequest) -> HttpResponse:
    """A short fixed response through the same middleware as every page."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/ceiling/", ceiling, name="bench_ceiling"),
    path("", include("summit.urls")),
]
