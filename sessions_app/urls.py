"""The sessions' pages. Public agenda and session pages, the delegates' sign-up and agenda.

Calendar downloads and feeds (calendar_views.py) and the organizers' agenda builder (under
organizers/) have their own blocks below.
"""

from django.urls import path

from sessions_app import (
    agenda_views,
    builder,
    builder_actions,
    calendar_views,
    changelog,
    export_views,
    needs_views,
    views,
)

app_name = "sessions_app"
urlpatterns = [
    # --- public agenda and session pages (views.py) ---
    path("events/<slug:slug>/agenda/", agenda_views.agenda, name="agenda"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    # --- delegates (views.py) ---
    path("sessions/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("sessions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("my/agenda/", views.my_agenda, name="my_agenda"),
    # --- calendar downloads and feeds (calendar_views.py) ---
    path(
        "sessions/<int:pk>/calendar.ics", calendar_views.download_session, name="download_session"
    ),
    path("events/<slug:slug>/agenda.ics", calendar_views.download_agenda, name="download_agenda"),
    path("my/agenda.ics", calendar_views.download_my_agenda, name="download_my_agenda"),
    path("my/calendar/", calendar_views.calendar_subscription, name="calendar_subscription"),
    path("my/calendar/new/", calendar_views.new_calendar_feed, name="new_calendar_feed"),
    path("my/calendar/revoke/", calendar_views.revoke_calendar_feed, name="revoke_calendar_feed"),
    path("calendar/feed/<slug:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    # --- the organizers' agenda builder (builder.py) and the public changelog (changelog.py) ---
    path("organizers/events/<slug:slug>/builder/", builder.builder, name="builder"),
    path(
        "organizers/events/<slug:slug>/builder/signups.xlsx",
        export_views.export_signups_xlsx,
        name="export_signups_xlsx",
    ),
    path(
        "organizers/events/<slug:slug>/builder/new/",
        builder_actions.builder_create,
        name="builder_create",
    ),
    path(
        "organizers/events/<slug:slug>/builder/publish/",
        builder_actions.builder_publish,
        name="builder_publish",
    ),
    path(
        "organizers/events/<slug:slug>/builder/sessions/<int:pk>/",
        builder.builder_session,
        name="builder_session",
    ),
    path(
        "organizers/events/<slug:slug>/builder/sessions/<int:pk>/preview/",
        builder.builder_preview,
        name="builder_preview",
    ),
    path(
        "organizers/events/<slug:slug>/builder/sessions/<int:pk>/edit/",
        builder_actions.builder_edit,
        name="builder_edit",
    ),
    path(
        "organizers/events/<slug:slug>/builder/sessions/<int:pk>/move/",
        builder_actions.builder_move,
        name="builder_move",
    ),
    path(
        "organizers/events/<slug:slug>/builder/sessions/<int:pk>/duplicate/",
        builder_actions.builder_duplicate,
        name="builder_duplicate",
    ),
    path(
        "organizers/events/<slug:slug>/builder/sessions/<int:pk>/cancel/",
        builder_actions.builder_cancel,
        name="builder_cancel",
    ),
    path("events/<slug:slug>/changelog/", changelog.changelog, name="changelog"),
    # --- needs and interpreters, for organizers (needs_views.py, issue #18) ---
    path("organizers/events/<slug:slug>/needs/", needs_views.event_needs, name="event_needs"),
    path(
        "organizers/events/<slug:slug>/needs/<int:pk>/",
        needs_views.session_needs,
        name="session_needs",
    ),
    path(
        "organizers/events/<slug:slug>/builder/<int:pk>/interpreters/",
        needs_views.book_interpreters,
        name="book_interpreters",
    ),
    path(
        "organizers/events/<slug:slug>/builder/<int:pk>/interpreters/<int:booking>/remove/",
        needs_views.remove_booking,
        name="remove_booking",
    ),
]
