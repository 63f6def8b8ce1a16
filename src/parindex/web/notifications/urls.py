from django.urls import path

from parindex.web.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notifications_read, name="read"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("sent/", views.reminder_list, name="sent"),
    path("settings/", views.mail_settings, name="settings"),
]
