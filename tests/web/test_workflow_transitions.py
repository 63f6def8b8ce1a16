"""Submit, confirm, start appraisal: who may, in which status, and what submit requires."""

import re
from decimal import Decimal

import pytest
from dbstate import assert_unchanged
from django.urls import reverse

from parindex.web.assessments.models import (
    AreaAppraiser,
    Assessment,
    AssessmentAppraiser,
    AssessmentStatus,
    InputValue,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.errors import IncompleteError, WrongStatusError
from parindex.web.assessments.services.workflow import assessment_submit
from parindex.web.audit.models import AuditEvent
from parindex.web.evidence.services import explanation_set, submission_gaps

pytestmark = pytest.mark.django_db


def post(client, name: str, assessment: Assessment):
    return client.post(reverse(f"assessments:{name}", args=[assessment.pk]))


def status(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


def test_focal_point_submits_and_self_scores_are_kept(as_user, demo, no_gaps) -> None:
    response = post(as_user("focal"), "submit", demo)
    assert response.status_code == 302
    assert status(demo) == AssessmentStatus.PENDING
    kept = ItemScore.objects.filter(assessment=demo, stage=ItemStage.SELF)
    assert kept.get(node_code="3.4.1").points == Decimal("1.4628")
    assert AuditEvent.objects.filter(action="assessment.status", after="pending").exists()


@pytest.mark.parametrize(
    ("role", "code"),
    [("head", 403), ("viewer", 403), ("appraiser", 403), ("secretariat", 403), ("outsider", 404)],
)
def test_only_the_units_focal_point_submits(role, code, as_user, demo, no_gaps) -> None:
    assert post(as_user(role), "submit", demo).status_code == code
    assert status(demo) == AssessmentStatus.DRAFT


def test_submit_lists_the_inputs_not_entered(as_user, demo, no_gaps) -> None:
    InputValue.objects.filter(assessment=demo, node_code__in=["3.4.1", "6.1.1"]).delete()
    client = as_user("focal")
    response = client.post(reverse("assessments:submit", args=[demo.pk]), follow=True)
    assert response.redirect_chain == [(reverse("assessments:submit", args=[demo.pk]), 302)]
    page = demo.get_absolute_url()
    items = re.findall(r'<li><a href="([^"]+)">(.*?)</a>: ([^<]+)</li>', response.content.decode())
    clean = [(url, re.sub(r"<[^>]+>", "", title), what) for url, title, what in items]
    assert clean == [
        (
            f"{page}#n-3-4-1",
            "3.4.1 Tỷ lệ hồ sơ TTHC do cơ quan chuyên môn cấp tỉnh tiếp nhận trong năm được "
            "giải quyết đúng hạn",
            "chưa nhập đủ số liệu",
        ),
        (
            f"{page}#n-6-1-1",
            "6.1.1 Thực hiện giải ngân kế hoạch đầu tư vốn ngân sách nhà nước hàng năm",
            "chưa nhập đủ số liệu",
        ),
    ]
    assert "Xác nhận gửi phiếu" not in response.content.decode()  # no confirm while blocked
    assert status(demo) == AssessmentStatus.DRAFT
    assert not ItemScore.objects.filter(assessment=demo).exists()


def test_submit_requires_evidence_or_explanation(users, demo) -> None:
    gaps = submission_gaps(demo)
    assert gaps, "the demo has no evidence attached"
    with pytest.raises(IncompleteError) as refused:
        assessment_submit(assessment=demo, actor=users["focal"])
    assert (gaps[0].node_code, gaps[0].missing) in refused.value.missing
    for gap in gaps:
        explanation_set(
            assessment=demo,
            node_code=gap.node_code,
            text="Tài liệu bổ sung sau",
            version=0,
            actor=users["focal"],
        )
    assessment_submit(assessment=demo, actor=users["focal"])
    assert status(demo) == AssessmentStatus.PENDING


def test_submit_twice_is_refused(users, demo, no_gaps) -> None:
    assessment_submit(assessment=demo, actor=users["focal"])
    with pytest.raises(WrongStatusError):
        assessment_submit(assessment=demo, actor=users["focal"])


def test_submitted_inputs_cannot_be_edited(as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    stored = InputValue.objects.filter(assessment=demo, node_code="7.1.3")
    client = as_user("focal")
    with assert_unchanged(demo, stored):
        response = client.post(
            reverse("assessments:node_update", args=[demo.pk, "7.1.3"]),
            {"rate": "90", "version-rate": "1"},
        )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "code"),
    [("focal", 403), ("viewer", 403), ("secretariat", 403), ("outsider", 404)],
)
def test_only_the_unit_head_confirms(role, code, as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    assert post(as_user(role), "confirm", demo).status_code == code
    assert status(demo) == AssessmentStatus.PENDING


def test_unit_head_confirms_a_pending_submission(as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    html = as_user("head").get(demo.get_absolute_url()).content.decode()
    assert reverse("assessments:confirm", args=[demo.pk]) in html
    post(as_user("head"), "confirm", demo)
    assert status(demo) == AssessmentStatus.SUBMITTED


def test_confirm_before_submission_is_refused_with_a_message(as_user, demo) -> None:
    response = as_user("head").post(reverse("assessments:confirm", args=[demo.pk]), follow=True)
    assert "trạng thái hiện tại" in response.content.decode()
    assert status(demo) == AssessmentStatus.DRAFT


@pytest.mark.parametrize(
    ("role", "code"), [("focal", 403), ("head", 403), ("appraiser", 403), ("outsider", 404)]
)
def test_only_the_secretariat_starts_appraisal(role, code, as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.SUBMITTED)
    assert post(as_user(role), "appraisal_start", demo).status_code == code
    assert status(demo) == AssessmentStatus.SUBMITTED


def test_secretariat_starts_appraisal(as_user, users, demo, advance) -> None:
    advance(demo, AssessmentStatus.SUBMITTED)
    response = as_user("secretariat").post(
        reverse("assessments:appraisal_start", args=[demo.pk]), follow=True
    )
    # back to the assessment (the secretariat does not appraise it), told who was told
    assert response.redirect_chain == [(demo.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Đã bắt đầu thẩm định; đã báo thành viên Hội đồng được phân công: "
        f"{users['appraiser'].get_full_name()}."
    ]
    assert status(demo) == AssessmentStatus.APPRAISING


def test_starting_appraisal_with_no_appraiser_assigned_says_so(as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.SUBMITTED)
    AssessmentAppraiser.objects.filter(assessment=demo).delete()
    AreaAppraiser.objects.filter(campaign=demo.campaign).delete()
    response = as_user("secretariat").post(
        reverse("assessments:appraisal_start", args=[demo.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã bắt đầu thẩm định, nhưng chưa phân công thành viên Hội đồng nào: "
        "hãy phân công ở trang quản lý đợt đánh giá."
    ]
    assert status(demo) == AssessmentStatus.APPRAISING
