from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("account/delete/", views.delete_account, name="delete_account"),
    path("organizers/erasures/", views.erasures, name="erasures"),
]
