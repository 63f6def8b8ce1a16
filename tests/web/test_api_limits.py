"""A JSON body nested deeper than the parser's stack is a 400 in the API's error shape."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from bombs import DEEP
from parindex.web.api.services import api_token_create
from parindex.web.assessments.models import InputValue

pytestmark = pytest.mark.django_db


def test_api_body_nested_too_deep_is_a_400_json_error_and_nothing_is_written(users, demo):
    _token, plain = api_token_create(user=users["focal"], name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    before = list(InputValue.objects.filter(assessment=demo).values_list("pk", "version"))

    response = client.put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        DEEP[:60_000],
        content_type="application/json",
    )

    assert response.status_code == 400
    assert json.loads(response.content) == {
        "error": {
            "code": "file_too_large_or_malformed",
            "message": "Nội dung gửi lên quá lớn hoặc bị hỏng (lồng nhau quá sâu).",
            "details": [{"limit": "json_depth"}],
        }
    }
    after = list(InputValue.objects.filter(assessment=demo).values_list("pk", "version"))
    assert after == before
