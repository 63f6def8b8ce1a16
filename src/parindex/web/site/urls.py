from django.urls import path

from parindex.web.site import views

app_name = "site"
urlpatterns = [path("", views.home, name="home")]
