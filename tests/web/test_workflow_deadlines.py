"""Deadlines lock work; the secretariat reopens one assessment or one sub-criterion."""

import datetime

import pytest
from django.urls import reverse

from parindex.web.assessments.models import AssessmentStatus, InputValue, Reopening
from parindex.web.assessments.services.appraisal import item_appraise, item_explain
from parindex.web.assessments.services.errors import DeadlinePassedError, IncompleteError
from parindex.web.assessments.services.workflow import assessment_reopen, assessment_submit

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)


def edit(client, assessment, code="7.1.3", rate="90"):
    return client.post(
        reverse("assessments:node_update", args=[assessment.pk, code]),
        {"rate": rate, "version-rate": "1"},
        HTTP_HX_REQUEST="true",
    )


def test_self_assessment_edits_lock_at_the_deadline(as_user, demo, clock) -> None:
    clock.now = demo.campaign.self_assessment_due - MINUTE
    assert edit(as_user("focal"), demo).status_code == 200
    clock.now = demo.campaign.self_assessment_due + MINUTE
    response = edit(as_user("focal"), demo, rate="91")
    assert response.status_code == 403
    assert "Đã quá hạn" in response.content.decode()
    assert InputValue.objects.get(assessment=demo, node_code="7.1.3").value == "90"


def test_the_page_is_read_only_after_the_deadline(as_user, demo, clock) -> None:
    clock.now = demo.campaign.self_assessment_due + MINUTE
    html = as_user("focal").get(demo.get_absolute_url()).content.decode()
    assert "Đã quá hạn" in html
    assert f'hx-post="{reverse("assessments:node_update", args=[demo.pk, "7.1.3"])}"' not in html


def test_submit_after_the_deadline_is_refused(users, demo, clock, no_gaps) -> None:
    clock.now = demo.campaign.self_assessment_due + MINUTE
    with pytest.raises(DeadlinePassedError):
        assessment_submit(assessment=demo, actor=users["focal"])


def test_secretariat_reopens_the_assessment_with_a_message(as_user, demo, clock) -> None:
    clock.now = demo.campaign.self_assessment_due + MINUTE
    response = as_user("secretariat").post(
        reverse("assessments:reopen", args=[demo.pk]),
        {"until": (clock.now + 3 * DAY).date().isoformat(), "message": "Bổ sung số liệu quý IV"},
    )
    assert response.status_code == 302
    client = as_user("focal")
    assert edit(client, demo).status_code == 200
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "Bổ sung số liệu quý IV" in html and "Phiếu được mở lại đến" in html
    clock.now += 4 * DAY
    client = as_user("focal")  # four idle days end the session: the focal point logs in again
    assert edit(client, demo, rate="92").status_code == 403


def test_reopening_one_sub_criterion_opens_only_it(as_user, users, demo, clock) -> None:
    clock.now = demo.campaign.self_assessment_due + MINUTE
    assessment_reopen(
        assessment=demo,
        node_code="7.1.3",
        message="Sửa tỷ lệ",
        until=clock.now + DAY,
        actor=users["secretariat"],
    )
    client = as_user("focal")
    assert edit(client, demo, "7.1.3").status_code == 200
    response = client.post(
        reverse("assessments:node_update", args=[demo.pk, "3.4.1"]),
        {"on_time": "1", "total": "2", "version-on_time": "1", "version-total": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "Tiêu chí 7.1.3 được mở lại đến" in html and "Sửa tỷ lệ" in html
    assert f'hx-post="{reverse("assessments:node_update", args=[demo.pk, "7.1.3"])}"' in html
    assert f'hx-post="{reverse("assessments:node_update", args=[demo.pk, "3.4.1"])}"' not in html


@pytest.mark.parametrize("role", ["focal", "head", "appraiser", "viewer"])
def test_only_the_secretariat_reopens(role, as_user, demo) -> None:
    response = as_user(role).post(
        reverse("assessments:reopen", args=[demo.pk]), {"until": "2099-01-01", "message": "x"}
    )
    assert response.status_code == 403
    assert not Reopening.objects.exists()


def test_reopen_needs_a_message_and_a_future_date(users, demo, clock) -> None:
    with pytest.raises(IncompleteError):
        assessment_reopen(
            assessment=demo, message="", until=clock.now + DAY, actor=users["secretariat"]
        )
    with pytest.raises(IncompleteError):
        assessment_reopen(
            assessment=demo, message="x", until=clock.now - DAY, actor=users["secretariat"]
        )


def test_appraisal_locks_at_its_deadline(users, demo, advance, clock) -> None:
    advance(demo, AssessmentStatus.APPRAISING)
    clock.now = demo.campaign.appraisal_due + MINUTE
    with pytest.raises(DeadlinePassedError):
        item_appraise(
            assessment=demo, node_code="3.4.1", decision="accept", actor=users["appraiser"]
        )
    assessment_reopen(
        assessment=demo,
        node_code="3.4.1",
        message="Thẩm định lại",
        until=clock.now + DAY,
        actor=users["secretariat"],
    )
    item_appraise(assessment=demo, node_code="3.4.1", decision="accept", actor=users["appraiser"])


def test_explanations_lock_at_their_deadline(users, demo, advance, clock) -> None:
    advance(demo, AssessmentStatus.APPRAISING)
    item_appraise(
        assessment=demo, node_code="7.1.3", decision="return", reason="x", actor=users["appraiser"]
    )
    clock.now = demo.campaign.explanation_due + MINUTE
    with pytest.raises(DeadlinePassedError):
        item_explain(
            assessment=demo, node_code="7.1.3", explanation="x", version=1, actor=users["focal"]
        )
