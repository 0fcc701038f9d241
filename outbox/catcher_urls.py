from django.urls import path

from outbox import catcher

app_name = "catcher"
urlpatterns = [
    path("", catcher.inbox, name="inbox"),
    path("<str:key>/", catcher.message, name="message"),
]
