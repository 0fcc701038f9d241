"""/organizers/api-tokens/: the organizers' page for API tokens."""

from django.urls import path

from api import token_views

app_name = "api_tokens"
urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("new/", token_views.create_token, name="create"),
    path("<int:pk>/revoke/", token_views.revoke_token, name="revoke"),
]
