from django.urls import path

from parindex.web.assessments import views, workflow

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/nodes/<str:code>/", views.node_inputs_update, name="node_update"),
    path("<int:pk>/nodes/<str:code>/history/", workflow.item_history, name="item_history"),
    path("<int:pk>/submit/", workflow.assessment_submit, name="submit"),
    path("<int:pk>/confirm/", workflow.assessment_confirm, name="confirm"),
    path("<int:pk>/appraisal/start/", workflow.assessment_appraisal_start, name="appraisal_start"),
    path("<int:pk>/appraisal/", workflow.appraisal_page, name="appraisal"),
    path("<int:pk>/appraisal/<str:code>/", workflow.item_appraise, name="item_appraise"),
    path("<int:pk>/returned/", workflow.returned_page, name="returned"),
    path("<int:pk>/returned/<str:code>/", workflow.item_explain, name="item_explain"),
    path("<int:pk>/finalise/", workflow.finalise_page, name="finalise"),
    path("<int:pk>/reopen/", workflow.assessment_reopen, name="reopen"),
    path("<int:pk>/export.xlsx", workflow.assessment_xlsx, name="export"),
    path("campaigns/<int:pk>/publish/", workflow.campaign_publish, name="publish"),
    path("campaigns/<int:pk>/ranking/", workflow.campaign_ranking, name="ranking"),
    path("campaigns/<int:pk>/ranking.xlsx", workflow.campaign_ranking_xlsx, name="ranking_export"),
]
