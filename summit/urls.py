from django.contrib import admin
from django.urls import include, path

from summit.views import healthz

admin.site.site_header = "Summit administration"
admin.site.site_title = "Summit"

urlpatterns = [
    path("", include("events.urls")),
    path("", include("registrations.urls")),
    path("", include("sessions_app.urls")),
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("organizers/outbox/", include("outbox.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # The local mail catcher's pages answer 404 unless settings.MAIL_CATCHER_DIR is set.
    path("dev/mail/", include("outbox.catcher_urls")),
]
