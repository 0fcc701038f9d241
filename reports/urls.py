from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("organizers/reports/", views.report_list, name="list"),
    path("organizers/events/<slug:slug>/dashboard/", views.event_dashboard, name="dashboard"),
]
