"""/api/v1/: the public endpoints, the organizers' endpoints and the OpenAPI schema."""

from django.urls import path, register_converter
from drf_spectacular.views import SpectacularAPIView

from api import organizer_views, public_views, read_views, session_views


class IdConverter:
    """A database id: at most 18 digits, so that no number PostgreSQL cannot hold gets in."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

app_name = "api"
urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/events/", public_views.EventList.as_view(), name="event_list"),
    path("v1/events/<slug:slug>/", public_views.EventDetail.as_view(), name="event_detail"),
    path("v1/events/<slug:slug>/rooms/", public_views.RoomList.as_view(), name="room_list"),
    path(
        "v1/events/<slug:slug>/sessions/", public_views.SessionList.as_view(), name="session_list"
    ),
    path("v1/events/<slug:slug>/people/", public_views.PeopleList.as_view(), name="people_list"),
    path("v1/sessions/", session_views.Sessions.as_view(), name="sessions"),
    path(
        "v1/sessions/<uuid:public_id>/",
        public_views.SessionDetail.as_view(),
        name="session_detail",
    ),
    path(
        "v1/sessions/<uuid:public_id>/move/",
        session_views.MoveSession.as_view(),
        name="move_session",
    ),
    path(
        "v1/sessions/<uuid:public_id>/cancel/",
        session_views.CancelSession.as_view(),
        name="cancel_session",
    ),
    path(
        "v1/sessions/<uuid:public_id>/signups/",
        read_views.SignupList.as_view(),
        name="signup_list",
    ),
    path("v1/delegations/", read_views.DelegationList.as_view(), name="delegation_list"),
    path("v1/checkins/", read_views.CheckinRecordList.as_view(), name="checkin_list"),
    path(
        "v1/registrations/",
        organizer_views.RegistrationList.as_view(),
        name="registration_list",
    ),
    path(
        "v1/registrations/<id:pk>/",
        organizer_views.RegistrationDetail.as_view(),
        name="registration_detail",
    ),
    path(
        "v1/registrations/<id:pk>/approve/",
        organizer_views.ApproveRegistration.as_view(),
        name="approve_registration",
    ),
    path(
        "v1/registrations/<id:pk>/decline/",
        organizer_views.DeclineRegistration.as_view(),
        name="decline_registration",
    ),
]
