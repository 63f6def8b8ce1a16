"""The appeal round: the unit appeals final item scores before publication, the council answers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Campaign,
    ItemAppeal,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.appeals import appeal_decide, item_appeal
from parindex.web.assessments.services.appraisal import assessment_finalise, item_appraise
from parindex.web.assessments.services.errors import (
    DeadlinePassedError,
    IncompleteError,
    ItemConflictError,
    WrongStatusError,
)
from parindex.web.assessments.services.selectors import latest_final
from parindex.web.assessments.services.workflow import (
    assessment_reopen,
    campaign_publish,
    self_leaves,
)
from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

REASON = "Số liệu 6.1.1 đã được Kho bạc xác nhận đủ 5.428.326 triệu đồng"


@pytest.fixture
def final(demo, advance, users) -> Assessment:
    """Finalised: 6.1.1 adjusted to 0.9 by the appraiser, everything else accepted."""
    assessment = advance(demo, AssessmentStatus.APPRAISING)
    for code in self_leaves(assessment):
        if code == "6.1.1":
            item_appraise(
                assessment=assessment,
                node_code=code,
                decision="adjust",
                points="0.9",
                reason="Chưa khớp",
                actor=users["appraiser"],
            )
        else:
            item_appraise(
                assessment=assessment, node_code=code, decision="accept", actor=users["appraiser"]
            )
    assessment_finalise(assessment=assessment, actor=users["secretariat"])
    assessment.refresh_from_db()
    return assessment


def status(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


def appeal(client, assessment, code="6.1.1", reason=REASON):
    url = reverse("assessments:appeal_file", args=[assessment.pk])
    return client.post(url, {"node_code": code, "reason": reason}, follow=True)


def decide(client, assessment, code="6.1.1", **data):
    url = reverse("assessments:appeal_decide", args=[assessment.pk, code])
    return client.post(url, data, follow=True)


def test_unit_appeals_and_the_council_changes_the_score(as_user, final) -> None:
    total = final.final_total
    appeal(as_user("focal"), final)
    assert status(final) == AssessmentStatus.APPEALED
    row = ItemAppeal.objects.get(assessment=final, node_code="6.1.1")
    assert (row.points_before, row.filed_by.username, row.reason) == (
        Decimal("0.9"),
        "focal",
        REASON,
    )
    decide(as_user("secretariat"), final, decision="change", points="0,9623", answer="Đã đối chiếu")
    final.refresh_from_db()
    assert final.status == AssessmentStatus.FINAL
    assert final.final_total == total + Decimal("0.0623")
    stages = list(
        ItemScore.objects.filter(assessment=final, node_code="6.1.1").values_list("stage", "points")
    )
    # every score kept: self, appraised, final, after appeal, final again
    assert stages == [
        (ItemStage.SELF, Decimal("0.9623")),
        (ItemStage.APPRAISED, Decimal("0.9")),
        (ItemStage.FINAL, Decimal("0.9")),
        (ItemStage.APPEALED, Decimal("0.9623")),
        (ItemStage.FINAL, Decimal("0.9623")),
    ]
    assert latest_final(final, "6.1.1") == Decimal("0.9623")


def test_upheld_appeal_keeps_the_score_and_is_in_the_history(as_user, users, final) -> None:
    total = final.final_total
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["head"])
    decide(as_user("secretariat"), final, decision="uphold", answer="Giữ nguyên")
    final.refresh_from_db()
    assert (final.status, final.final_total) == (AssessmentStatus.FINAL, total)
    appealed = ItemScore.objects.get(assessment=final, node_code="6.1.1", stage="appealed")
    assert (appealed.points, appealed.reason, appealed.by.username) == (
        Decimal("0.9"),
        "Giữ nguyên",
        "secretariat",
    )
    history = (
        as_user("focal")
        .get(reverse("assessments:item_history", args=[final.pk, "6.1.1"]))
        .content.decode()
    )
    assert "Sau kiến nghị: Giữ nguyên" in history
    assert "Kiến nghị" in history and REASON in history and "item.appeal" not in history


def test_publication_waits_for_answers_to_appeals(users, final) -> None:
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    with pytest.raises(IncompleteError) as refused:
        campaign_publish(campaign=final.campaign, actor=users["secretariat"])
    assert refused.value.missing == [(final.unit.name, "appealed")]


def test_several_appeals_all_answered_before_the_assessment_is_final(users, final) -> None:
    for code in ("6.1.1", "3.4.1"):
        item_appeal(assessment=final, node_code=code, reason=REASON, actor=users["focal"])
    appeal_decide(
        assessment=final,
        node_code="3.4.1",
        decision="uphold",
        answer="Đúng",
        actor=users["secretariat"],
    )
    assert status(final) == AssessmentStatus.APPEALED
    appeal_decide(
        assessment=final,
        node_code="6.1.1",
        decision="uphold",
        answer="Đúng",
        actor=users["secretariat"],
    )
    assert status(final) == AssessmentStatus.FINAL


def test_appeal_refused_after_its_deadline_until_reopened(users, final, clock) -> None:
    Campaign.objects.filter(pk=final.campaign_id).update(appeal_due=clock.now)
    final.campaign.refresh_from_db()
    clock.now += datetime.timedelta(minutes=1)
    with pytest.raises(DeadlinePassedError):
        item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    assessment_reopen(
        assessment=final,
        actor=users["secretariat"],
        message="Gia hạn kiến nghị",
        until=clock.now + datetime.timedelta(days=2),
        node_code="6.1.1",
    )
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    assert status(final) == AssessmentStatus.APPEALED


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ({"reason": "  "}, "cần nêu lý do"),
        ({"code": "1.1"}, "không có tiêu chí này"),  # scored by the Ministry, not self-scored
        ({"code": "9.9.9"}, "không có tiêu chí này"),
        ({"reason": "x" * 4001}, "dài quá 4000"),
    ],
)
def test_bad_appeal_is_refused_with_a_message(as_user, final, data, what) -> None:
    text = appeal(as_user("focal"), final, **data).content.decode()
    assert what in text
    assert status(final) == AssessmentStatus.FINAL
    assert not ItemAppeal.objects.exists()


def test_an_item_is_appealed_once(as_user, users, final) -> None:
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    assert "đã được kiến nghị" in appeal(as_user("head"), final).content.decode()
    assert ItemAppeal.objects.count() == 1


def test_no_appeal_after_publication(users, final) -> None:
    campaign_publish(campaign=final.campaign, actor=users["secretariat"])
    final.refresh_from_db()
    with pytest.raises(WrongStatusError):
        item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])


def test_appeal_refused_while_appraising(users, demo, advance) -> None:
    appraising = advance(demo, AssessmentStatus.APPRAISING)
    with pytest.raises(WrongStatusError):
        item_appeal(assessment=appraising, node_code="6.1.1", reason=REASON, actor=users["focal"])


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ({"decision": "change", "answer": "Sai"}, "cần nhập điểm hợp lệ"),
        ({"decision": "change", "points": "2", "answer": "Sai"}, "ngoài khoảng"),
        ({"decision": "change", "points": "0,95"}, "cần nêu lý do"),
        ({"decision": "maybe", "answer": "?"}, "kết luận không hợp lệ"),
    ],
)
def test_bad_decision_is_refused_and_the_appeal_stays_open(as_user, users, final, data, what):
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    assert what in decide(as_user("secretariat"), final, **data).content.decode()
    assert ItemAppeal.objects.get().pending
    assert not ItemScore.objects.filter(stage=ItemStage.APPEALED).exists()


def test_an_answered_appeal_cannot_be_answered_again(users, final) -> None:
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    item_appeal(assessment=final, node_code="3.4.1", reason=REASON, actor=users["focal"])
    decision = {"decision": "uphold", "answer": "Giữ", "actor": users["secretariat"]}
    appeal_decide(assessment=final, node_code="6.1.1", **decision)
    with pytest.raises(ItemConflictError):
        appeal_decide(assessment=final, node_code="6.1.1", **decision)
    assert ItemScore.objects.filter(stage=ItemStage.APPEALED).count() == 1


@pytest.mark.parametrize(
    ("role", "page", "file", "answer"),
    [
        ("focal", 200, 302, 403),
        ("head", 200, 302, 403),
        ("secretariat", 200, 403, 302),
        ("appraiser", 403, 403, 403),
        ("viewer", 403, 403, 403),
        ("focal-vp", 403, 403, 403),
        ("outsider", 404, 404, 404),
        ("nobody", 404, 404, 404),
    ],
)
def test_appeal_permission_matrix(role, page, file, answer, as_user, users, final) -> None:
    item_appeal(assessment=final, node_code="3.4.1", reason=REASON, actor=users["focal"])
    client = as_user(role)
    assert client.get(reverse("assessments:appeals", args=[final.pk])).status_code == page
    url = reverse("assessments:appeal_file", args=[final.pk])
    assert client.post(url, {"node_code": "6.1.1", "reason": REASON}).status_code == file
    url = reverse("assessments:appeal_decide", args=[final.pk, "3.4.1"])
    data = {"decision": "uphold", "answer": "Giữ"}
    assert client.post(url, data).status_code == answer
    assert ItemAppeal.objects.filter(node_code="6.1.1").exists() == (file == 302)
    assert (not ItemAppeal.objects.get(node_code="3.4.1").pending) == (answer == 302)


def test_appeals_page_shows_the_form_and_the_council_answer_form(as_user, users, final) -> None:
    html = as_user("focal").get(reverse("assessments:appeals", args=[final.pk])).content.decode()
    assert 'name="reason"' in html and 'value="6.1.1"' in html
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    council = as_user("secretariat")
    html = council.get(reverse("assessments:appeals", args=[final.pk])).content.decode()
    assert REASON in html
    assert reverse("assessments:appeal_decide", args=[final.pk, "6.1.1"]) in html
    detail = council.get(final.get_absolute_url()).content.decode()
    assert reverse("assessments:appeals", args=[final.pk]) in detail


def test_appeals_page_query_count_does_not_grow(as_user, users, final) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("secretariat")
    url = reverse("assessments:appeals", args=[final.pk])
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for code in ("3.4.1", "3.4.2", "3.4.3", "7.1.3"):
        item_appeal(assessment=final, node_code=code, reason=REASON, actor=users["focal"])
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five.captured_queries) == len(one.captured_queries)


def test_appeal_and_decision_are_audited(users, final) -> None:
    item_appeal(assessment=final, node_code="6.1.1", reason=REASON, actor=users["focal"])
    appeal_decide(
        assessment=final,
        node_code="6.1.1",
        decision="change",
        points="1",
        answer="Đủ",
        actor=users["secretariat"],
    )
    events = AuditEvent.objects.filter(field="6.1.1", action__startswith="item.appeal")
    assert list(events.order_by("id").values_list("action", "before")) == [
        ("item.appeal", "0.9000"),
        ("item.appeal_decide", "0.9000"),
    ]


def _scorecard(client, assessment) -> tuple[tuple, dict]:
    import io

    import openpyxl

    response = client.get(reverse("assessments:export", args=[assessment.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    return header, {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}


def test_scorecard_export_has_the_score_after_appeal(as_user, users, final) -> None:
    appeal(as_user("focal"), final, code="6.1.1")
    appeal(as_user("focal"), final, code="3.4.1", reason="Đề nghị xem lại")
    decide(as_user("secretariat"), final, decision="change", points="0,9623", answer="Đã đối chiếu")
    decide(as_user("secretariat"), final, code="3.4.1", decision="uphold", answer="Giữ nguyên")
    header, rows = _scorecard(as_user("focal"), final)
    assert header[4:8] == (
        "Điểm thẩm định",
        "Điểm sau giải trình",
        "Điểm sau kiến nghị",
        "Điểm cuối cùng",
    )
    # changed on appeal: appraised 0.9, after appeal 0.9623, which is the final score now
    assert rows["6.1.1"][4:8] == (0.9, None, 0.9623, 0.9623)
    # upheld: the appeal's figure is the unchanged final score
    assert rows["3.4.1"][4:8] == (1.4628, None, 1.4628, 1.4628)
    # not appealed: no figure after appeal
    assert rows["3.4.2"][6] is None and rows["3.4.2"][7] == 1.4823
    # areas have no stage figures; the total row's final is the moved final total
    assert rows["6"][4:8] == (None, None, None, None)
    final.refresh_from_db()
    assert rows[None][1] == "Tổng" and rows[None][6] is None
    assert rows[None][7] == float(final.final_total)


def test_scorecard_export_after_appeal_column_is_empty_without_appeals(as_user, final) -> None:
    _header, rows = _scorecard(as_user("focal"), final)
    assert rows["6.1.1"][4:8] == (0.9, None, None, 0.9)
