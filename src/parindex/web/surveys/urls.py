from django.urls import path

from parindex.web.surveys import public_views, views

app_name = "surveys"

urlpatterns = [
    path("surveys/", views.survey_list, name="list"),
    path("surveys/new/", views.survey_new, name="new"),
    path("surveys/surveys.xlsx", views.list_export, name="list_export"),
    path("surveys/<int:pk>/", views.detail, name="detail"),
    path("surveys/<int:pk>/status/", views.status, name="status"),
    path("surveys/<int:pk>/quota/", views.quota, name="quota"),
    path("surveys/<int:pk>/log-map/", views.log_map, name="log_map"),
    path("surveys/<int:pk>/batches.xlsx", views.batches_export, name="batches_export"),
    path("surveys/<int:pk>/coverage.xlsx", views.coverage_export, name="coverage_export"),
    path("surveys/<int:pk>/xlsform.xlsx", views.form_export, name="form_export"),
    path("surveys/<int:pk>/codes/", views.codes, name="codes"),
    path("surveys/<int:pk>/codes.xlsx", views.codes_export, name="codes_export"),
    path("surveys/<int:pk>/import/", views.import_responses, name="import"),
    path("surveys/<int:pk>/results/", views.results, name="results"),
    path("surveys/<int:pk>/results.xlsx", views.results_export, name="results_export"),
    path("surveys/<int:pk>/apply/", views.apply, name="apply"),
    path("khao-sat/<slug:slug>/", public_views.form_page, name="public"),
    path("khao-sat/<slug:slug>/cam-on/", public_views.thanks, name="thanks"),
    path("khao-sat/<slug:slug>/<slug:unit>/", public_views.form_page, name="public_unit"),
    path(
        "khao-sat/<slug:slug>/<slug:unit>/<slug:service>/",
        public_views.form_page,
        name="public_cell",
    ),
]
