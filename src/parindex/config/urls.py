"""URL map of the web application."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("parindex.web.site.urls")),
    path("accounts/", include("parindex.web.accounts.urls")),
    path("assessments/", include("parindex.web.assessments.urls")),
    path("frameworks/", include("parindex.web.frameworks.urls")),
    path("notifications/", include("parindex.web.notifications.urls")),
    path("api/", include("parindex.web.api.urls")),
    path("evidence/", include("parindex.web.evidence.urls")),
    path("dossiers/", include("parindex.web.dossiers.urls")),
    path("plans/", include("parindex.web.plans.urls")),
    path("dashboards/", include("parindex.web.dashboards.urls")),
    path("", include("parindex.web.surveys.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
