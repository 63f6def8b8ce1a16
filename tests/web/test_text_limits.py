"""Typed text over its limit is refused with the limit and nothing is stored; never cut."""

import json

import pytest
from dbstate import assert_unchanged
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from parindex.web.api.models import ApiToken
from parindex.web.api.services import api_token_create
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    InputValue,
    ItemAppeal,
    ItemAppraisal,
    NodeComment,
    Reopening,
)
from parindex.web.assessments.services.appraisal import assessment_finalise, item_appraise
from parindex.web.assessments.services.workflow import self_leaves
from parindex.web.audit.models import AuditEvent
from parindex.web.site.text import TextError

pytestmark = pytest.mark.django_db

AGAIN = "; chưa lưu, vui lòng rút gọn rồi gửi lại."


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def appraising(demo, advance) -> Assessment:
    return advance(demo, AssessmentStatus.APPRAISING)


@pytest.fixture
def returned(appraising, users) -> Assessment:
    item_appraise(
        assessment=appraising,
        node_code="7.1.3",
        decision="return",
        reason="Thiếu báo cáo",
        actor=users["appraiser"],
    )
    appraising.refresh_from_db()
    return appraising


@pytest.fixture
def final(appraising, users) -> Assessment:
    for code in self_leaves(appraising):
        item_appraise(
            assessment=appraising, node_code=code, decision="accept", actor=users["appraiser"]
        )
    assessment_finalise(assessment=appraising, actor=users["secretariat"])
    appraising.refresh_from_db()
    return appraising


def appraise(client, assessment, reason: str):
    url = reverse("assessments:item_appraise", args=[assessment.pk, "7.1.3"])
    return client.post(url, {"decision": "return", "reason": reason}, follow=True)


def test_an_appraisal_reason_over_4000_is_refused(as_user, appraising) -> None:
    client = as_user("appraiser")
    with assert_unchanged(ItemAppraisal, AuditEvent):
        html = page(appraise(client, appraising, " " + "x" * 4001))
    assert "7.1.3: Lý do dài quá 4000 ký tự" + AGAIN in html


def test_an_appraisal_reason_of_4000_is_stored_whole(as_user, appraising) -> None:
    appraise(as_user("appraiser"), appraising, "x" * 4000 + "  ")
    assert ItemAppraisal.objects.get(assessment=appraising, node_code="7.1.3").reason == "x" * 4000


def explain(client, assessment, explanation: str):
    url = reverse("assessments:item_explain", args=[assessment.pk, "7.1.3"])
    row = ItemAppraisal.objects.get(assessment=assessment, node_code="7.1.3")
    return client.post(url, {"explanation": explanation, "version": row.version}, follow=True)


def test_an_explanation_over_4000_is_refused(as_user, returned) -> None:
    client = as_user("focal")
    with assert_unchanged(ItemAppraisal, AuditEvent):
        html = page(explain(client, returned, "y" * 4001))
    assert "7.1.3: Nội dung giải trình dài quá 4000 ký tự" + AGAIN in html


def test_an_explanation_of_4000_is_stored_whole(as_user, returned) -> None:
    explain(as_user("focal"), returned, "y" * 4000)
    row = ItemAppraisal.objects.get(assessment=returned, node_code="7.1.3")
    assert row.explanation == "y" * 4000


def appeal(client, assessment, reason: str):
    url = reverse("assessments:appeal_file", args=[assessment.pk])
    return client.post(url, {"node_code": "6.1.1", "reason": reason}, follow=True)


def decide(client, assessment, answer: str):
    url = reverse("assessments:appeal_decide", args=[assessment.pk, "6.1.1"])
    return client.post(url, {"decision": "uphold", "answer": answer}, follow=True)


def test_an_appeal_or_its_answer_over_4000_is_refused(as_user, final) -> None:
    client = as_user("focal")
    with assert_unchanged(ItemAppeal, AuditEvent):
        html = page(appeal(client, final, "z" * 4001))
    assert "6.1.1: Lý do dài quá 4000 ký tự" + AGAIN in html
    appeal(as_user("focal"), final, "z" * 4000)
    assert ItemAppeal.objects.get(assessment=final).reason == "z" * 4000
    client = as_user("secretariat")
    with assert_unchanged(ItemAppeal, AuditEvent):
        html = page(decide(client, final, "w" * 4001))
    assert "6.1.1: Lý do dài quá 4000 ký tự" + AGAIN in html
    decide(as_user("secretariat"), final, "w" * 4000)
    assert ItemAppeal.objects.get(assessment=final).answer == "w" * 4000


def send_back(client, assessment, message: str):
    url = reverse("assessments:send_back", args=[assessment.pk])
    return client.post(url, {"message": message}, follow=True)


def test_a_send_back_message_over_2000_is_refused(as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    client = as_user("head")
    with assert_unchanged(demo, AuditEvent):
        html = page(send_back(client, demo, "m" * 2001))
    assert "Lời nhắn dài quá 2000 ký tự" + AGAIN in html
    send_back(as_user("head"), demo, "m" * 2000)
    assert AuditEvent.objects.get(action="assessment.send_back").after == "m" * 2000


def reopen(client, assessment, message: str):
    url = reverse("assessments:reopen", args=[assessment.pk])
    return client.post(url, {"until": "31/12/2099", "message": message}, follow=True)


def test_a_reopening_message_over_2000_is_refused(as_user, demo) -> None:
    client = as_user("secretariat")
    with assert_unchanged(Reopening, AuditEvent):
        html = page(reopen(client, demo, "r" * 2001))
    assert "Lời nhắn dài quá 2000 ký tự" + AGAIN in html
    reopen(as_user("secretariat"), demo, "r" * 2000)
    assert Reopening.objects.get(assessment=demo).message == "r" * 2000


def entry(assessment, code: str, comment: str) -> dict[str, str]:
    """The node's stored inputs as loaded, with a new comment."""
    data: dict[str, str] = {"_comment": comment}
    for row in InputValue.objects.filter(assessment=assessment, node_code=code):
        data[row.input_name], data[f"version-{row.input_name}"] = row.value, str(row.version)
    note = NodeComment.objects.filter(assessment=assessment, node_code=code).first()
    data["version-_comment"] = str(note.version if note is not None else 0)
    return data


COMMENT_REFUSED = "Giải thích, ghi chú dài quá 2000 ký tự" + AGAIN


def test_an_input_comment_over_2000_is_refused_on_the_page(as_user, demo) -> None:
    url = reverse("assessments:node_update", args=[demo.pk, "7.1.3"])
    client = as_user("focal")
    with assert_unchanged(NodeComment, InputValue, AuditEvent):
        html = page(client.post(url, entry(demo, "7.1.3", "c" * 2001), HTTP_HX_REQUEST="true"))
    assert COMMENT_REFUSED in html
    page(client.post(url, entry(demo, "7.1.3", "c" * 2000), HTTP_HX_REQUEST="true"))
    assert NodeComment.objects.get(assessment=demo, node_code="7.1.3").text == "c" * 2000


def test_an_input_comment_over_2000_is_a_400_in_the_api(users, demo) -> None:
    _token, plain = api_token_create(user=users["focal"], name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    url = reverse("api:node_inputs", args=[demo.pk, "7.1.3"])
    version = int(entry(demo, "7.1.3", "")["version-_comment"])

    def patch(comment: str):
        body = {"comment": comment, "comment_version": version}
        return client.patch(url, json.dumps(body), content_type="application/json")

    with assert_unchanged(NodeComment, InputValue, AuditEvent):
        response = patch("c" * 2001)
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": "Dữ liệu không hợp lệ.",
            "details": [
                {
                    "node": "7.1.3",
                    "input": "",
                    "field": "comment",
                    "code": "comment_too_long",
                    "message": COMMENT_REFUSED,
                    "reason": "comment longer than 2000 characters",
                }
            ],
        }
    }
    assert patch("c" * 2000).status_code == 200
    assert NodeComment.objects.get(assessment=demo, node_code="7.1.3").text == "c" * 2000


def test_a_token_name_over_100_is_refused_on_the_page(as_user) -> None:
    client = as_user("focal")
    with assert_unchanged(ApiToken, AuditEvent):
        html = page(client.post(reverse("api:tokens"), {"name": "n" * 101}))
    assert "Tên khóa dài quá 100 ký tự." in html
    page(client.post(reverse("api:tokens"), {"name": "n" * 100}))
    assert ApiToken.objects.get(user__username="focal").name == "n" * 100


def test_a_token_name_over_100_is_refused_by_the_service_and_the_command(users) -> None:
    with assert_unchanged(ApiToken, AuditEvent):
        with pytest.raises(TextError) as refused:
            api_token_create(user=users["focal"], name="n" * 101)
        with pytest.raises(CommandError, match="longer than 100 characters"):
            call_command("api_token_create", "focal", "--name", "n" * 101)
    assert (refused.value.code, refused.value.params) == ("name_too_long", {"limit": 100})
