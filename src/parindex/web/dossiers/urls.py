from django.urls import path

from parindex.web.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.index, name="index"),
    path("<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/uploads/<int:upload_pk>/", views.preview, name="preview"),
    path("<int:pk>/jobs/<int:job_pk>/", views.job, name="job"),
    path("<int:pk>/results/", views.results_page, name="results"),
    path("<int:pk>/results/<str:table>.xlsx", views.export, name="export"),
    path("<int:pk>/apply/<int:assessment_pk>/", views.apply_inputs, name="apply"),
    path("applied/<int:pk>/", views.applied, name="applied"),
]
