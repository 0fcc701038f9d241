from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from summit.i18n import javascript_catalog
from summit.views import healthz

admin.site.site_header = _("Summit administration")
admin.site.site_title = "Summit"

urlpatterns = [
    path("", include("events.urls")),
    path("", include("registrations.urls")),
    path("", include("sessions_app.urls")),
    path("", include("checkin.urls")),
    path("", include("meetings.urls")),
    path("", include("schedules.urls")),
    path("", include("reports.urls")),
    path("", include("privacy.urls")),
    path("healthz/", healthz, name="healthz"),
    # The language switcher and the account's language page, before allauth's accounts/.
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("organizers/outbox/", include("outbox.urls")),
    path("organizers/webhooks/", include("webhooks.urls")),
    path("api/", include("api.urls")),
    path("organizers/api-tokens/", include("api.token_urls")),
    path("jsi18n/", javascript_catalog, name="javascript_catalog"),
    path("admin/", admin.site.urls),
    # The local mail catcher's pages answer 404 unless settings.MAIL_CATCHER_DIR is set.
    path("dev/mail/", include("outbox.catcher_urls")),
]

# Under /api/ these answer JSON; everywhere else Django's pages (api/errors.py).
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
