from django.urls import path

from reports import funder_views, views

app_name = "reports"
urlpatterns = [
    path("organizers/reports/", views.report_list, name="list"),
    path("organizers/events/<slug:slug>/dashboard/", views.event_dashboard, name="dashboard"),
    path(
        "delegations/<int:pk>/dashboard/",
        views.delegation_dashboard,
        name="delegation_dashboard",
    ),
    path(
        "organizers/networks/<slug:slug>/<int:year>/dashboard/",
        views.network_dashboard,
        name="network_dashboard",
    ),
    path(
        "organizers/events/<slug:slug>/funder-report/",
        funder_views.funder_report,
        name="funder_report",
    ),
    path(
        "organizers/events/<slug:slug>/funder-report/status/",
        funder_views.funder_report_status,
        name="funder_report_status",
    ),
    path(
        "organizers/events/<slug:slug>/funder-report/<int:pk>/download/",
        funder_views.download_funder_report,
        name="download_funder_report",
    ),
]
