"""Survey uploads built to explode (questionnaire, responses) are refused and nothing is written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)

from bombs import office_bomb
from parindex.core.limits import CODE
from parindex.io.limits import FORM_ZIP_LIMITS
from parindex.web.audit.models import AuditEvent
from parindex.web.surveys.models import ImportBatch, Survey, SurveyResponse
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.questionnaire import read_uploaded_form
from parindex.web.surveys.services.responses import responses_import

pytestmark = pytest.mark.django_db

SENTENCE = "Tệp quá lớn hoặc bị hỏng."


def test_survey_form_upload_of_a_zip_bomb_is_refused_by_the_service():
    with pytest.raises(SurveyServiceError) as excinfo:
        read_uploaded_form("form.xlsx", office_bomb())

    assert excinfo.value.code == CODE
    assert excinfo.value.detail["limit"] == "zip_total_bytes"
    assert excinfo.value.detail["maximum"] == FORM_ZIP_LIMITS.max_total_bytes


def test_survey_create_page_refuses_a_zip_bomb_form_with_a_400(client, users):
    client.force_login(users["secretariat"])
    surveys, events = Survey.objects.count(), AuditEvent.objects.count()

    response = client.post(
        reverse("surveys:new"),
        {
            "title": "Bom",
            "year": 2021,
            "margin": "0.05",
            "access": "code",
            "form_file": SimpleUploadedFile("bom.xlsx", office_bomb()),
        },
    )

    assert response.status_code == 400
    assert SENTENCE in response.content.decode()
    assert (Survey.objects.count(), AuditEvent.objects.count()) == (surveys, events)


@pytest.mark.parametrize(
    ("name", "content", "limit"),
    [
        ("bom.xlsx", office_bomb(), "zip_total_bytes"),
        ("lon.csv", b"_uuid\n" + b"x\n" * 200_001, "rows"),
    ],
    ids=["xlsx-bomb", "csv-rows"],
)
def test_survey_responses_import_of_a_bomb_stores_nothing(survey, users, name, content, limit):
    with pytest.raises(SurveyServiceError) as excinfo:
        responses_import(survey=survey, file_name=name, content=content, actor=users["secretariat"])

    assert (excinfo.value.code, excinfo.value.detail["limit"]) == (CODE, limit)
    assert not ImportBatch.objects.filter(survey=survey).exists()
    assert not SurveyResponse.objects.filter(survey=survey).exists()


def test_survey_import_page_refuses_a_zip_bomb_with_a_400(client, users, survey):
    client.force_login(users["secretariat"])

    response = client.post(
        reverse("surveys:import", args=[survey.pk]),
        {"file": SimpleUploadedFile("bom.xlsx", office_bomb())},
    )

    assert response.status_code == 400
    assert SENTENCE in response.content.decode()
    assert not ImportBatch.objects.filter(survey=survey).exists()
    assert not SurveyResponse.objects.filter(survey=survey).exists()


def test_survey_import_of_a_csv_that_is_not_utf8_is_an_unreadable_file(client, users, survey):
    client.force_login(users["secretariat"])

    response = client.post(
        reverse("surveys:import", args=[survey.pk]),
        {"file": SimpleUploadedFile("cp1258.csv", "_uuid\nTr\u1ea7n\n".encode("utf-16"))},
    )

    assert response.status_code == 400
    assert "Không đọc được tệp: tệp bị hỏng hoặc không phải CSV UTF-8." in response.content.decode()
    assert not ImportBatch.objects.filter(survey=survey).exists()
