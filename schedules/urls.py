from django.urls import path

from schedules import views

app_name = "schedules"
urlpatterns = [
    path("events/<slug:slug>/schedule.xml", views.schedule_xml, name="schedule_xml"),
    path("events/<slug:slug>/schedule.json", views.schedule_json, name="schedule_json"),
    path("events/<slug:slug>/schedule2.json", views.schedule2_json, name="schedule2_json"),
]
