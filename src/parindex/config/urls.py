"""URL map of the web application."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("parindex.web.site.urls")),
    path("accounts/", include("parindex.web.accounts.urls")),
    path("assessments/", include("parindex.web.assessments.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
