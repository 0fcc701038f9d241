from django.urls import path

from privacy import consent_views, retention_views, views

app_name = "privacy"
urlpatterns = [
    path("account/delete/", views.delete_account, name="delete_account"),
    path("account/data/", views.my_data, name="my_data"),
    path("account/data/<int:pk>/download/", views.download_data, name="download_data"),
    path("account/consents/", consent_views.my_consents, name="my_consents"),
    path("account/privacy-notice/", consent_views.review_notices, name="review_notices"),
    path("events/<slug:slug>/privacy/", consent_views.notice, name="notice"),
    path(
        "events/<slug:slug>/privacy/<int:version>/",
        consent_views.notice,
        name="notice_version",
    ),
    path("organizers/erasures/", views.erasures, name="erasures"),
    path("organizers/privacy/", retention_views.overview, name="overview"),
    path(
        "organizers/events/<slug:slug>/privacy/",
        consent_views.manage_notice,
        name="manage_notice",
    ),
    path(
        "organizers/events/<slug:slug>/consents/",
        consent_views.event_consents_page,
        name="event_consents",
    ),
    path(
        "organizers/events/<slug:slug>/retention/",
        retention_views.retention,
        name="retention",
    ),
]
