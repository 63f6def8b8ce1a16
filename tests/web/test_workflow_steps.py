"""Irreversible steps ask first (submit, confirm, finalise, publish, accept all remaining); the
appraisal page says why it is empty; refused forms keep what was typed."""

from __future__ import annotations

import datetime

import pytest
from dbstate import assert_unchanged
from django.urls import reverse
from django.utils import timezone
from test_workflow_appeal import final  # noqa: F401 (fixture)
from test_workflow_publication import TOTALS, finalised

from parindex.presentation.numbers import fmt_datetime
from parindex.web.accounts.models import Role
from parindex.web.accounts.services import user_create
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Campaign,
    ItemAppraisal,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.appraisal import (
    item_appraise,
    items_accept_remaining,
    remaining_items,
)
from parindex.web.assessments.services.assignments import area_appraiser_assign
from parindex.web.assessments.services.errors import NotAllowedError, NothingLeftError
from parindex.web.assessments.services.workflow import self_leaves
from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, pk: int) -> str:
    return reverse(f"assessments:{name}", args=[pk])


def status(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


@pytest.fixture
def appraising(demo, advance) -> Assessment:
    return advance(demo, AssessmentStatus.APPRAISING)


# --- confirmation pages -----------------------------------------------------------------------


def test_submit_asks_first_and_says_what_will_happen(as_user, demo, no_gaps) -> None:
    client = as_user("focal")
    detail = client.get(demo.get_absolute_url()).content.decode()
    assert f'href="{url("submit", demo.pk)}"' in detail  # a link to the question, not a post
    with assert_unchanged(demo):
        page = client.get(url("submit", demo.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Phiếu được gửi đến thủ trưởng đơn vị để xác nhận." in html
    assert "Điểm tự đánh giá hiện tại (" in html
    assert f'<form method="post" action="{url("submit", demo.pk)}"' in html
    assert f'href="{demo.get_absolute_url()}">Huỷ, quay lại' in html
    assert status(demo) == AssessmentStatus.DRAFT
    assert client.post(url("submit", demo.pk)).status_code == 302
    assert status(demo) == AssessmentStatus.PENDING


@pytest.mark.parametrize(("role", "code"), [("head", 403), ("appraiser", 403), ("outsider", 404)])
def test_only_the_focal_point_sees_the_submit_question(as_user, demo, role, code) -> None:
    assert as_user(role).get(url("submit", demo.pk)).status_code == code


def test_the_submit_question_lists_missing_evidence_linking_to_its_panel(as_user, demo) -> None:
    html = as_user("focal").get(url("submit", demo.pk)).content.decode()
    assert "Chưa gửi được: còn" in html
    assert f'href="{demo.get_absolute_url()}#ev-3-4-1"' in html
    assert "thiếu tài liệu kiểm chứng và chưa giải trình" in html
    assert "Xác nhận gửi phiếu" not in html


def test_a_refused_submission_lists_each_missing_item_by_code_and_title(as_user, demo) -> None:
    client = as_user("focal")
    with assert_unchanged(Assessment, AuditEvent):
        response = client.post(url("submit", demo.pk))
    assert response.status_code == 302 and response.url == url("submit", demo.pk)
    html = client.get(response.url).content.decode()
    assert "Chưa gửi được phiếu: còn tiêu chí cần hoàn thiện." in html
    assert (
        f'<li><a href="{demo.get_absolute_url()}#ev-3-4-1"><span class="node-code">3.4.1</span> '
        "Tỷ lệ hồ sơ TTHC do cơ quan chuyên môn cấp tỉnh tiếp nhận trong năm được giải quyết "
        "đúng hạn</a>: thiếu tài liệu kiểm chứng và chưa giải trình</li>"
    ) in html
    items = html.split('<ul class="missing-items">')[1].split("</ul>")[0].count("<li>")
    assert f"Chưa gửi được: còn {items} tiêu chí cần hoàn thiện" in html
    assert items == len(self_leaves(demo))  # the demo cites no evidence yet: every item
    assert status(demo) == AssessmentStatus.DRAFT


def test_confirm_asks_the_unit_head_first(as_user, demo, advance) -> None:
    pending = advance(demo, AssessmentStatus.PENDING)
    client = as_user("head")
    with assert_unchanged(pending):
        html = client.get(url("confirm", pending.pk)).content.decode()
    assert "Phiếu được gửi đến Hội đồng thẩm định (Thường trực CCHC)." in html
    assert as_user("focal").get(url("confirm", pending.pk)).status_code == 403
    client = as_user("head")
    client.post(url("confirm", pending.pk))
    assert status(pending) == AssessmentStatus.SUBMITTED


def test_finalise_asks_first_with_each_items_final_points(as_user, users, appraising) -> None:
    for code in self_leaves(appraising):
        item_appraise(
            assessment=appraising, node_code=code, decision="accept", actor=users["appraiser"]
        )
    client = as_user("secretariat")
    page = client.get(url("finalise", appraising.pk)).content.decode()
    assert 'href="?step=confirm"' in page
    with assert_unchanged(appraising):
        html = client.get(url("finalise", appraising.pk) + "?step=confirm").content.decode()
    assert "Sau khi chốt không thẩm định hay giải trình thêm được" in html
    assert '<span class="node-code">3.4.1</span>' in html and ": 1,4628</li>" in html
    client.post(url("finalise", appraising.pk))
    assert status(appraising) == AssessmentStatus.FINAL


def test_publish_asks_first(as_user, demo) -> None:
    campaign = finalised(demo, 2020, TOTALS)
    client = as_user("secretariat")
    with assert_unchanged(campaign):
        html = client.get(url("publish", campaign.pk) + "?step=confirm").content.decode()
    assert f"Kết quả của {len(TOTALS)} đơn vị được công bố" in html
    assert f'action="{url("publish", campaign.pk)}"' in html
    campaign.refresh_from_db()
    assert campaign.published_at is None


@pytest.mark.parametrize(("days", "warned"), [(10, True), (-1, False)])
def test_publish_warns_when_the_appeal_deadline_has_not_passed(as_user, demo, days, warned):
    campaign = finalised(demo, 2020, TOTALS)
    due = timezone.now() + datetime.timedelta(days=days)
    Campaign.objects.filter(pk=campaign.pk).update(appeal_due=due)
    html = as_user("secretariat").get(url("publish", campaign.pk) + "?step=confirm")
    shown = fmt_datetime(timezone.localtime(due))
    warning = (
        f"Hạn kiến nghị ({shown}) chưa hết: công bố bây giờ thì các đơn vị hết quyền kiến nghị."
    )
    assert (warning in html.content.decode()) is warned


# --- the appraisal page -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reached", "why"),
    [
        (AssessmentStatus.PENDING, "Đơn vị chưa gửi phiếu: thẩm định bắt đầu khi"),
        (AssessmentStatus.SUBMITTED, "Phiếu đã gửi; Thường trực CCHC chưa bắt đầu thẩm định."),
    ],
)
def test_appraisal_page_says_why_nothing_can_be_appraised(as_user, demo, advance, reached, why):
    assessment = advance(demo, reached)
    html = as_user("secretariat").get(url("appraisal", assessment.pk)).content.decode()
    assert why in html
    assert url("accept_remaining", assessment.pk) not in html


def test_accept_all_remaining_accepts_exactly_the_undecided_items(users, appraising) -> None:
    appraiser = users["appraiser"]
    item_appraise(
        assessment=appraising,
        node_code="6.1.1",
        decision="adjust",
        points="0.5",
        reason="Chưa khớp",
        actor=appraiser,
    )
    expected = [c for c in self_leaves(appraising) if c != "6.1.1"]
    assert remaining_items(appraising, appraiser) == expected
    accepted = items_accept_remaining(assessment=appraising, actor=appraiser)
    assert accepted == expected
    decisions = dict(
        ItemAppraisal.objects.filter(assessment=appraising).values_list("node_code", "decision")
    )
    assert decisions == {**{c: "accept" for c in expected}, "6.1.1": "adjust"}
    assert AuditEvent.objects.filter(
        action="item.appraise", object_id=str(appraising.pk)
    ).count() == (len(expected) + 1)
    scored = ItemScore.objects.filter(assessment=appraising, stage=ItemStage.APPRAISED)
    assert scored.count() == len(expected) + 1
    assert (
        scored.get(node_code="3.4.1").points
        == scored.model.objects.get(
            assessment=appraising, node_code="3.4.1", stage=ItemStage.SELF
        ).points
    )
    with assert_unchanged(appraising, ItemAppraisal), pytest.raises(NothingLeftError):
        items_accept_remaining(assessment=appraising, actor=appraiser)


def test_accept_all_remaining_keeps_to_the_appraisers_area(users, appraising) -> None:
    unit = users["appraiser"].unit
    member = user_create(
        username="council-area", password="x", unit=unit, roles=[(Role.APPRAISER, unit)]
    )
    with assert_unchanged(appraising, ItemAppraisal), pytest.raises(NotAllowedError):
        items_accept_remaining(assessment=appraising, actor=member)  # not assigned yet
    area_appraiser_assign(
        campaign=appraising.campaign, node_code="3", appraiser=member, actor=users["secretariat"]
    )
    accepted = items_accept_remaining(assessment=appraising, actor=member)
    assert accepted == [c for c in self_leaves(appraising) if c.startswith("3.")]
    assert set(
        ItemAppraisal.objects.filter(assessment=appraising).values_list("node_code", flat=True)
    ) == set(accepted)


def test_accept_all_remaining_through_the_pages(as_user, appraising) -> None:
    client = as_user("appraiser")
    page = client.get(url("appraisal", appraising.pk)).content.decode()
    assert f'href="{url("accept_remaining", appraising.pk)}"' in page
    with assert_unchanged(appraising, ItemAppraisal):
        html = client.get(url("accept_remaining", appraising.pk)).content.decode()
    count = len(self_leaves(appraising))
    assert f"{count} tiêu chí chưa thẩm định được chấp nhận với điểm tự đánh giá." in html
    response = client.post(url("accept_remaining", appraising.pk))
    assert response.status_code == 302
    assert ItemAppraisal.objects.filter(assessment=appraising, decision="accept").count() == count
    assert as_user("focal").post(url("accept_remaining", appraising.pk)).status_code == 403


# --- refused forms keep what was typed ----------------------------------------------------------


def test_a_refused_appraisal_keeps_the_choice_without_htmx(as_user, appraising) -> None:
    client = as_user("appraiser")
    target = reverse("assessments:item_appraise", args=[appraising.pk, "3.4.1"])
    with assert_unchanged(appraising, ItemAppraisal, ItemScore):
        response = client.post(
            target, {"version": 0, "decision": "adjust", "points": "1,2", "reason": ""}, follow=True
        )
    html = response.content.decode()
    assert "cần nêu lý do" in html
    article = html[html.index('id="n-3-4-1"') :]
    article = article[: article.index("</article>")]
    assert 'value="adjust" checked' in article
    assert 'name="points" value="1,2"' in article


def test_a_refused_appraisal_keeps_the_choice_with_htmx(as_user, appraising) -> None:
    client = as_user("appraiser")
    target = reverse("assessments:item_appraise", args=[appraising.pk, "3.4.1"])
    with assert_unchanged(appraising, ItemAppraisal, ItemScore):
        response = client.post(
            target, {"version": 0, "decision": "return", "points": "", "reason": ""}, **HTMX
        )
    html = response.content.decode()
    assert 'value="return" checked' in html and "cần nêu lý do" in html


def test_a_refused_send_back_keeps_the_message(as_user, demo, advance) -> None:
    pending = advance(demo, AssessmentStatus.PENDING)
    text = "Bổ sung tài liệu " * 200  # 3.400 characters: over the 2.000 allowed
    client = as_user("head")
    with assert_unchanged(pending):
        response = client.post(url("send_back", pending.pk), {"message": text}, follow=True)
    html = response.content.decode()
    assert "Lời nhắn dài quá 2000 ký tự" in html
    assert f'maxlength="2000">{text}</textarea>' in html


def test_a_refused_reopening_keeps_what_was_typed(as_user, demo) -> None:
    client = as_user("secretariat")
    with assert_unchanged(demo):
        response = client.post(
            url("reopen", demo.pk),
            {"until": "31/02/2027", "node_code": "3.4.1", "message": "Bổ sung số liệu"},
            follow=True,
        )
    html = response.content.decode()
    assert "Ngày mở đến không hợp lệ." in html
    assert 'name="node_code" value="3.4.1"' in html
    assert ">Bổ sung số liệu</textarea>" in html


def test_the_submit_question_after_submission_says_it_is_too_late(as_user, demo, advance):
    pending = advance(demo, AssessmentStatus.PENDING)
    response = as_user("focal").get(url("submit", pending.pk), follow=True)
    assert response.redirect_chain == [(pending.get_absolute_url(), 302)]
    assert "Không thực hiện được ở trạng thái hiện tại của phiếu." in response.content.decode()
    assert status(pending) == AssessmentStatus.PENDING


def test_a_refused_appeal_and_decision_keep_what_was_typed(as_user, final) -> None:  # noqa: F811
    client = as_user("focal")
    page = reverse("assessments:appeals", args=[final.pk])
    with assert_unchanged(final):
        response = client.post(
            reverse("assessments:appeal_file", args=[final.pk]),
            {"node_code": "6.1.1", "reason": "   "},
            follow=True,
        )
    html = response.content.decode()
    assert response.redirect_chain == [(page, 302)]
    assert "cần nêu lý do" in html
    assert '<option value="6.1.1" selected>' in html
    client.post(
        reverse("assessments:appeal_file", args=[final.pk]),
        {"node_code": "6.1.1", "reason": "Kho bạc đã xác nhận số liệu"},
    )
    council = as_user("secretariat")
    with assert_unchanged(final):
        response = council.post(
            reverse("assessments:appeal_decide", args=[final.pk, "6.1.1"]),
            {"decision": "change", "points": "99", "answer": "Đồng ý"},
            follow=True,
        )
    html = response.content.decode()
    assert "điểm ngoài khoảng từ 0 đến điểm tối đa" in html
    assert 'name="points" value="99"' in html
    assert 'value="change" checked' in html
