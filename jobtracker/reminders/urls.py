from django.urls import path

from jobtracker.reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.reminder_settings, name="settings"),
    path("reminders/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
