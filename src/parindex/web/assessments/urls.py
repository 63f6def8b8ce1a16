from django.urls import path

from parindex.web.assessments.views import (
    appeals,
    appraisal,
    assessment,
    campaigns,
    steps,
    workflow,
)

app_name = "assessments"
urlpatterns = [
    path("", assessment.assessment_list, name="list"),
    path("<int:pk>/", assessment.assessment_detail, name="detail"),
    path("<int:pk>/nodes/<str:code>/", assessment.node_inputs_update, name="node_update"),
    path("<int:pk>/nodes/<str:code>/history/", assessment.item_history, name="item_history"),
    path("<int:pk>/submit/", steps.assessment_submit, name="submit"),
    path("<int:pk>/confirm/", steps.assessment_confirm, name="confirm"),
    path("<int:pk>/send-back/", workflow.assessment_send_back, name="send_back"),
    path("<int:pk>/appraisal/start/", workflow.assessment_appraisal_start, name="appraisal_start"),
    path("<int:pk>/appraisal/", appraisal.appraisal_page, name="appraisal"),
    path("<int:pk>/appraisal/accept-remaining/", steps.accept_remaining, name="accept_remaining"),
    path("<int:pk>/appraisal/<str:code>/", appraisal.item_appraise, name="item_appraise"),
    path("<int:pk>/returned/", appraisal.returned_page, name="returned"),
    path("<int:pk>/returned/<str:code>/", appraisal.item_explain, name="item_explain"),
    path("<int:pk>/finalise/", workflow.finalise_page, name="finalise"),
    path("<int:pk>/appeals/", appeals.appeals_page, name="appeals"),
    path("<int:pk>/appeals/new/", appeals.appeal_file, name="appeal_file"),
    path("<int:pk>/appeals/<str:code>/decide/", appeals.appeal_decide, name="appeal_decide"),
    path("<int:pk>/reopen/", workflow.assessment_reopen, name="reopen"),
    path("<int:pk>/export.xlsx", assessment.assessment_xlsx, name="export"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns.xlsx", campaigns.campaign_list_xlsx, name="campaigns_export"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", campaigns.campaign_manage, name="campaign_manage"),
    path("campaigns/<int:pk>/units/", campaigns.campaign_units_add, name="campaign_units_add"),
    path(
        "campaigns/<int:pk>/units/<int:unit_pk>/remove/",
        campaigns.campaign_unit_remove,
        name="campaign_unit_remove",
    ),
    path(
        "campaigns/<int:pk>/contributions/",
        campaigns.campaign_contribution,
        name="campaign_contribution",
    ),
    path(
        "campaigns/<int:pk>/appraisers/unit/",
        campaigns.campaign_appraiser_unit,
        name="campaign_appraiser_unit",
    ),
    path(
        "campaigns/<int:pk>/appraisers/area/",
        campaigns.campaign_appraiser_area,
        name="campaign_appraiser_area",
    ),
    path(
        "campaigns/<int:pk>/contributions/remove/",
        campaigns.campaign_contribution_remove,
        name="campaign_contribution_remove",
    ),
    path(
        "campaigns/<int:pk>/appraisers/unit/remove/",
        campaigns.campaign_appraiser_unit_remove,
        name="campaign_appraiser_unit_remove",
    ),
    path(
        "campaigns/<int:pk>/appraisers/area/remove/",
        campaigns.campaign_appraiser_area_remove,
        name="campaign_appraiser_area_remove",
    ),
    path("campaigns/<int:pk>/publish/", workflow.campaign_publish, name="publish"),
    path("campaigns/<int:pk>/ranking/", workflow.campaign_ranking, name="ranking"),
    path("campaigns/<int:pk>/ranking.xlsx", workflow.campaign_ranking_xlsx, name="ranking_export"),
]
