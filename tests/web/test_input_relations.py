"""Impossible inputs (more dossiers on time than received) are refused at every door, in words,
and leave the database as it was."""

import json

import pytest
from dbstate import assert_unchanged
from django.urls import reverse

from parindex.core.errors import InputError
from parindex.web.api.services import api_token_create
from parindex.web.assessments.models import InputValue
from parindex.web.assessments.services.inputs import assessment_input_set

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
VI = (
    "3.4.3: Số hồ sơ giải quyết đúng hạn (301.893) không được lớn hơn Tổng số hồ sơ đã giải "
    "quyết (201.893)"
)
EN = "3.4.3: Dossiers resolved on time (301,893) cannot be greater than Dossiers resolved (201,893)"


def versions(assessment, code: str) -> dict[str, int]:
    return dict(
        InputValue.objects.filter(assessment=assessment, node_code=code).values_list(
            "input_name", "version"
        )
    )


def stored(assessment) -> dict[str, str]:
    return dict(
        InputValue.objects.filter(assessment=assessment, node_code="3.4.3").values_list(
            "input_name", "value"
        )
    )


def test_the_demo_stores_the_seeds_commune_dossiers(demo) -> None:
    assert stored(demo) == {"on_time": "201628", "total": "201893"}


def test_the_service_refuses_a_numerator_above_the_stored_denominator(demo, users) -> None:
    with assert_unchanged(InputValue), pytest.raises(InputError) as caught:
        assessment_input_set(
            assessment=demo,
            node_code="3.4.3",
            values={"on_time": "301.893"},
            versions=versions(demo, "3.4.3"),
            actor=users["focal"],
        )
    (problem,) = caught.value.problems
    assert (problem.code, problem.node, problem.params["input"]) == ("relation", "3.4.3", "on_time")


def test_the_service_refuses_a_denominator_below_the_stored_numerator(demo, users) -> None:
    with assert_unchanged(InputValue), pytest.raises(InputError) as caught:
        assessment_input_set(
            assessment=demo,
            node_code="3.4.3",
            values={"total": "200.000"},
            versions=versions(demo, "3.4.3"),
            actor=users["focal"],
        )
    (problem,) = caught.value.problems
    assert problem.params["left_value"] == 201628 and problem.params["right_value"] == 200000


def test_the_page_shows_the_refusal_next_to_the_input_and_keeps_the_score(as_user, demo) -> None:
    client = as_user("focal")
    posted = {"on_time": "301.893", "total": "201.893", "version-on_time": "1"}
    posted["version-total"] = "1"
    url = reverse("assessments:node_update", args=[demo.pk, "3.4.3"])
    with assert_unchanged(InputValue):
        html = client.post(url, posted, **HTMX).content.decode()
    assert (
        '<p class="error" role="alert">Số hồ sơ giải quyết đúng hạn: Số hồ sơ giải quyết đúng '
        "hạn (301.893) không được lớn hơn Tổng số hồ sơ đã giải quyết (201.893)</p>"
    ) in html
    assert "Điểm: 0,9987/1" in html and "Điểm: 1/1" not in html


def test_the_page_in_english_words_the_refusal_in_english(as_user, demo) -> None:
    posted = {"on_time": "301893", "total": "201893", "version-on_time": "1", "version-total": "1"}
    url = reverse("assessments:node_update", args=[demo.pk, "3.4.3"])
    client = as_user("focal")
    with assert_unchanged(InputValue):
        response = client.post(url, posted, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert EN in response.content.decode()


def test_the_api_answers_400_with_the_sentence(demo, users, client) -> None:
    _token, plain = api_token_create(user=users["focal"], name="test")
    with assert_unchanged(InputValue):
        response = client.patch(
            reverse("api:node_inputs", args=[demo.pk, "3.4.3"]),
            json.dumps({"values": {"on_time": "301893"}, "versions": versions(demo, "3.4.3")}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {plain}",
        )
    assert response.status_code == 400
    (detail,) = response.json()["error"]["details"]
    assert detail == {
        "node": "3.4.3",
        "input": "on_time",
        "code": "relation",
        "message": VI.split(": ", 1)[1],
        "reason": "input 'on_time' = 301893 must be <= total = 201893",
    }
