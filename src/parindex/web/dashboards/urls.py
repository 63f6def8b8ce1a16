from django.urls import path

from parindex.web.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.page, {"name": "province"}, name="province"),
    path("<int:pk>/internal/", views.page, {"name": "internal"}, name="internal"),
    path("<int:pk>/national/", views.page, {"name": "national"}, name="national"),
    path("<int:pk>/<str:name>/export.xlsx", views.export, name="export"),
    path("<int:pk>/<str:name>/charts/<str:key>.png", views.chart_png, name="chart_png"),
    path("national/import/", views.national_import, name="national_import"),
]
