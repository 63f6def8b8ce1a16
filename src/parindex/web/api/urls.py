from django.urls import path, re_path

from parindex.web.api import pages, views
from parindex.web.api.endpoint import api_view, not_found
from parindex.web.frameworks import api as frameworks_api

app_name = "api"
urlpatterns = [
    path("v1/campaigns", views.campaigns, name="campaigns"),
    path("v1/campaigns/<int:pk>", views.campaign, name="campaign"),
    path("v1/assessments", views.assessments, name="assessments"),
    path("v1/assessments/<int:pk>", views.assessment, name="assessment"),
    path("v1/assessments/<int:pk>/scorecard", views.scorecard, name="scorecard"),
    path("v1/assessments/<int:pk>/inputs", views.inputs, name="inputs"),
    path("v1/assessments/<int:pk>/inputs/<str:node_code>", views.node_inputs, name="node_inputs"),
    path("v1/frameworks", api_view(get=frameworks_api.framework_list), name="frameworks"),
    path("v1/frameworks/<str:code>@<str:version>", views.framework, name="framework"),
    path("openapi.json", views.openapi, name="openapi"),
    # Pages for people (HTML): the API's documentation and the user's tokens.
    path("docs", pages.docs, name="docs"),
    path("tokens", pages.tokens, name="tokens"),
    # Anything else under /api/ is a JSON 404, never Django's HTML page.
    re_path(r"^.*$", not_found, name="not_found"),
]
