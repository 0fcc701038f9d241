from django.urls import path

from checkin import organizer_views, sheet_views, views

app_name = "checkin"
urlpatterns = [
    path("checkin/", views.my_checkin_events, name="my_checkin_events"),
    path("checkin/sw.js", views.service_worker, name="service_worker"),
    path("checkin/<slug:slug>/", views.choose_list, name="choose_list"),
    path("checkin/<slug:slug>/lists/<int:pk>/", views.checkin_page, name="checkin_page"),
    path("checkin/<slug:slug>/lists/<int:pk>/scan/", views.scan, name="scan"),
    path(
        "checkin/<slug:slug>/lists/<int:pk>/offline.json",
        views.offline_list,
        name="offline_list",
    ),
    path("checkin/<slug:slug>/lists/<int:pk>/by-hand/", views.check_in_by_hand, name="by_hand"),
    path("my/registrations/<int:pk>/badge/", views.my_badge, name="my_badge"),
    path("my/registrations/<int:pk>/badge.pdf", views.my_badge_pdf, name="my_badge_pdf"),
    path("organizers/events/<slug:slug>/badges/", organizer_views.badges_page, name="badges_page"),
    path(
        "organizers/events/<slug:slug>/badges.pdf",
        organizer_views.event_badges_pdf,
        name="event_badges_pdf",
    ),
    path(
        "organizers/events/<slug:slug>/badges/sheet/", sheet_views.badge_sheet, name="badge_sheet"
    ),
    path(
        "organizers/events/<slug:slug>/badges/sheet.json",
        sheet_views.badge_sheet_json,
        name="badge_sheet_json",
    ),
    path(
        "organizers/events/<slug:slug>/badges/sheets/<int:pk>.pdf",
        sheet_views.badge_sheet_pdf,
        name="badge_sheet_pdf",
    ),
    path(
        "organizers/events/<slug:slug>/badges/delegations/<int:pk>.pdf",
        organizer_views.delegation_badges_pdf,
        name="delegation_badges_pdf",
    ),
    path(
        "organizers/events/<slug:slug>/badges/<int:pk>.pdf",
        organizer_views.person_badge_pdf,
        name="person_badge_pdf",
    ),
    path(
        "organizers/events/<slug:slug>/badges/<int:pk>/reissue/",
        organizer_views.reissue_badge,
        name="reissue_badge",
    ),
    path(
        "organizers/events/<slug:slug>/checkin-staff/",
        organizer_views.grant_staff,
        name="grant_staff",
    ),
    path(
        "organizers/events/<slug:slug>/checkin-staff/<int:user_pk>/remove/",
        organizer_views.remove_staff,
        name="remove_staff",
    ),
    path(
        "organizers/events/<slug:slug>/checkin/counts/",
        organizer_views.live_counts,
        name="live_counts",
    ),
    path(
        "organizers/events/<slug:slug>/checkin/counts.json",
        organizer_views.live_counts_json,
        name="live_counts_json",
    ),
    path(
        "organizers/events/<slug:slug>/checkin.xlsx",
        organizer_views.export_checkin_xlsx,
        name="export_checkin_xlsx",
    ),
]
