from django.urls import path

from parindex.web.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/nodes/<str:code>/", views.node_inputs_update, name="node_update"),
]
