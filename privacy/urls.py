from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("account/delete/", views.delete_account, name="delete_account"),
    path("account/data/", views.my_data, name="my_data"),
    path("account/data/<int:pk>/download/", views.download_data, name="download_data"),
    path("organizers/erasures/", views.erasures, name="erasures"),
]
