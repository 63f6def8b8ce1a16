from django.urls import path

from parindex.web.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("import/", views.framework_import, name="import"),
    path("<int:pk>/", views.framework_detail, name="detail"),
    path("<int:pk>/activate/", views.framework_activate, name="activate"),
    path("<int:pk>/retire/", views.framework_retire, name="retire"),
    path("<int:pk>/plan-defaults/", views.framework_plan_defaults, name="plan_defaults"),
    path("<int:pk>/plan-areas/<str:area>/", views.framework_plan_area, name="plan_area"),
    path("<int:pk>/self-scores/", views.framework_self_scores, name="self_scores"),
    path("<int:pk>/files/<int:upload_pk>/", views.framework_upload_file, name="upload_file"),
]
