from django.urls import path

from registrations import views

app_name = "registrations"
urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("my/registrations/", views.my_registrations, name="my_registrations"),
    path("my/registrations/<int:pk>/edit/", views.edit_registration, name="edit_registration"),
    path(
        "my/registrations/<int:pk>/cancel/", views.cancel_registration, name="cancel_registration"
    ),
    path(
        "organizers/events/<slug:slug>/registrations/",
        views.event_registrations,
        name="event_registrations",
    ),
    path(
        "organizers/events/<slug:slug>/registrations/decide/",
        views.decide_registrations,
        name="decide_registrations",
    ),
    path(
        "organizers/events/<slug:slug>/registrations/export.csv",
        views.export_registrations,
        name="export_registrations",
    ),
    path(
        "organizers/events/<slug:slug>/registrations/<int:pk>/",
        views.registration_detail,
        name="registration_detail",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation_detail"),
    path("delegations/<int:pk>/invite/", views.invite_delegate, name="invite_delegate"),
    path(
        "delegations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "delegations/<int:pk>/members/<int:registration_pk>/substitute/",
        views.substitute_member,
        name="substitute_member",
    ),
    path("events/<slug:slug>/delegates/", views.delegate_list, name="delegate_list"),
]
