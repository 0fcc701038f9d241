from django.urls import path

from outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.mail_list, name="list"),
    path("<int:pk>/", views.mail_detail, name="detail"),
    path("<int:pk>/retry/", views.retry_mail, name="retry"),
]
