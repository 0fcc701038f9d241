"""The meetings' pages: coordinators' (views.py) and organizers' (organizer_views.py)."""

from django.urls import path

from meetings import organizer_views, views

app_name = "meetings"
urlpatterns = [
    path("delegations/<int:pk>/meetings/", views.delegation_meetings, name="delegation_meetings"),
    path("delegations/<int:pk>/meetings/new/", views.new_request, name="new_request"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/accept/", views.accept, name="accept"),
    path("meetings/<int:pk>/counter/", views.counter, name="counter"),
    path("meetings/<int:pk>/decline/", views.decline, name="decline"),
    path("meetings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("meetings/<int:pk>/move/", organizer_views.move, name="move"),
    path(
        "organizers/events/<slug:slug>/meetings/",
        organizer_views.event_meetings,
        name="event_meetings",
    ),
    path(
        "organizers/events/<slug:slug>/meetings/schedule/",
        organizer_views.schedule,
        name="schedule",
    ),
]
