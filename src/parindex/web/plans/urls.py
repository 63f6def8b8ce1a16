from django.urls import path

from parindex.web.plans import pdf, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("export.xlsx", views.plan_list_export, name="list_export"),
    path("generate/", views.plan_generate, name="generate"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/areas/<str:area>/", views.plan_area_edit, name="area_edit"),
    path("<int:pk>/general/", views.plan_general_edit, name="general_edit"),
    path("<int:pk>/versions/", views.plan_versions, name="versions"),
    path("<int:pk>/approve/", views.plan_approve, name="approve"),
    path("<int:pk>/issue/", views.plan_issue, name="issue"),
    path("<int:pk>/plan.<str:fmt>", views.plan_document, name="document"),
    path("<int:pk>/pdf/<str:task_id>/", pdf.pdf_status, name="pdf"),
    path("<int:pk>/pdf/<str:task_id>/download/", pdf.pdf_download, name="pdf_download"),
    path("<int:pk>/periods/<str:period>/", views.period_detail, name="period"),
    path("<int:pk>/periods/<str:period>/deadline/", views.period_deadline, name="deadline"),
    path("<int:pk>/periods/<str:period>/report/", views.item_report, name="report"),
    path("<int:pk>/periods/<str:period>/report.<str:fmt>", views.period_export, name="export"),
]
