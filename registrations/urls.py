from django.urls import path

from registrations import delegation_views, needs, organizer_views, views

app_name = "registrations"
urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("my/registrations/", views.my_registrations, name="my_registrations"),
    path("my/registrations/<int:pk>/edit/", views.edit_registration, name="edit_registration"),
    path("my/registrations/<int:pk>/needs/", needs.edit_needs, name="edit_needs"),
    path(
        "my/registrations/<int:pk>/cancel/", views.cancel_registration, name="cancel_registration"
    ),
    path(
        "organizers/events/<slug:slug>/registrations/",
        organizer_views.event_registrations,
        name="event_registrations",
    ),
    path(
        "organizers/events/<slug:slug>/registrations/decide/",
        organizer_views.decide_registrations,
        name="decide_registrations",
    ),
    path(
        "organizers/events/<slug:slug>/registrations/export.csv",
        organizer_views.export_registrations,
        name="export_registrations",
    ),
    path(
        "organizers/events/<slug:slug>/registrations/export.xlsx",
        organizer_views.export_registrations_xlsx,
        name="export_registrations_xlsx",
    ),
    path(
        "organizers/events/<slug:slug>/delegations.xlsx",
        organizer_views.export_delegations_xlsx,
        name="export_delegations_xlsx",
    ),
    path(
        "organizers/events/<slug:slug>/cities.xlsx",
        organizer_views.export_proposed_cities_xlsx,
        name="export_proposed_cities_xlsx",
    ),
    path(
        "organizers/events/<slug:slug>/registrations/<int:pk>/",
        organizer_views.registration_detail,
        name="registration_detail",
    ),
    path("invitations/<str:token>/", delegation_views.accept_invitation, name="accept_invitation"),
    path("delegations/<int:pk>/", delegation_views.delegation_detail, name="delegation_detail"),
    path("delegations/<int:pk>/invite/", delegation_views.invite_delegate, name="invite_delegate"),
    path(
        "delegations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        delegation_views.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "delegations/<int:pk>/members/<int:registration_pk>/substitute/",
        delegation_views.substitute_member,
        name="substitute_member",
    ),
    path(
        "delegations/<int:pk>/quota/",
        delegation_views.set_delegation_quota,
        name="set_delegation_quota",
    ),
    path(
        "delegations/<int:pk>/coordinator/",
        delegation_views.appoint_coordinator,
        name="appoint_coordinator",
    ),
    path(
        "organizers/events/<slug:slug>/cities/",
        organizer_views.proposed_cities,
        name="proposed_cities",
    ),
    path(
        "organizers/events/<slug:slug>/cities/<int:city_pk>/confirm/",
        organizer_views.confirm_city,
        name="confirm_city",
    ),
    path("events/<slug:slug>/delegates/", delegation_views.delegate_list, name="delegate_list"),
]
