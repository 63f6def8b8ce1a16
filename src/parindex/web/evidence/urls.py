from django.urls import path

from parindex.web.evidence import views

app_name = "evidence"
urlpatterns = [
    path("assessments/<int:pk>/", views.assessment_evidence, name="assessment"),
    path("assessments/<int:pk>/reuse/", views.reuse_previous, name="reuse"),
    path("assessments/<int:pk>/nodes/<str:code>/", views.node_panel, name="node"),
    path("assessments/<int:pk>/nodes/<str:code>/upload/", views.node_upload, name="upload"),
    path("assessments/<int:pk>/nodes/<str:code>/cite/", views.node_cite, name="cite"),
    path("assessments/<int:pk>/nodes/<str:code>/link/", views.node_link, name="link"),
    path(
        "assessments/<int:pk>/nodes/<str:code>/link/form/", views.node_link_form, name="link_form"
    ),
    path("assessments/<int:pk>/nodes/<str:code>/explain/", views.node_explain, name="explain"),
    path("assessments/<int:pk>/links/<int:link_pk>/unlink/", views.node_unlink, name="unlink"),
    path("documents/<int:pk>/versions/", views.document_new_version, name="version"),
    path("documents/<int:pk>/withdraw/", views.document_withdraw, name="withdraw"),
    path("files/<int:pk>/", views.download, name="download"),
    path("units/<int:pk>/", views.library, name="library"),
    path("units/<int:pk>/upload/", views.library_upload, name="library_upload"),
    path("units/<int:pk>/cite/", views.library_cite, name="library_cite"),
]
