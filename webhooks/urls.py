from django.urls import path

from webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="endpoints"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("<int:pk>/switch/", views.endpoint_switch, name="switch"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="retry"),
]
