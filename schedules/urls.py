from django.urls import path

from schedules import views

app_name = "schedules"
urlpatterns = [
    path("events/<slug:slug>/schedule.xml", views.schedule_xml, name="schedule_xml"),
    path("events/<slug:slug>/schedule.json", views.schedule_json, name="schedule_json"),
]
