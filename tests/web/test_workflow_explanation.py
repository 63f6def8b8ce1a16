"""The explanation round and finalisation: returned items answered, final scores fixed."""

import datetime
from decimal import Decimal

import pytest
from dbstate import assert_unchanged
from django.urls import reverse

from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    ItemAppraisal,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.appraisal import (
    assessment_finalise,
    item_appraise,
    item_explain,
)
from parindex.web.assessments.services.errors import IncompleteError, WrongStatusError
from parindex.web.assessments.services.workflow import self_leaves

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(demo, advance, users) -> Assessment:
    """Appraised: 7.1.3 returned, 6.1.1 adjusted, everything else accepted."""
    assessment = advance(demo, AssessmentStatus.APPRAISING)
    appraiser = users["appraiser"]
    for code in self_leaves(assessment):
        if code == "7.1.3":
            item_appraise(
                assessment=assessment,
                node_code=code,
                decision="return",
                reason="Thiếu báo cáo",
                actor=appraiser,
            )
        elif code == "6.1.1":
            item_appraise(
                assessment=assessment,
                node_code=code,
                decision="adjust",
                points="0.9",
                reason="Chưa khớp",
                actor=appraiser,
            )
        else:
            item_appraise(assessment=assessment, node_code=code, decision="accept", actor=appraiser)
    assessment.refresh_from_db()
    return assessment


def explain(client, assessment: Assessment, code: str, **data):
    url = reverse("assessments:item_explain", args=[assessment.pk, code])
    return client.post(url, data, follow=True)


def test_returned_page_lists_returned_items_with_the_reason(as_user, returned) -> None:
    html = as_user("focal").get(reverse("assessments:returned", args=[returned.pk]))
    html = html.content.decode()
    assert "7.1.3" in html and "Thiếu báo cáo" in html
    assert 'id="n-6-1-1"' not in html  # adjusted, not returned
    points = ItemAppraisal.objects.get(assessment=returned, node_code="7.1.3").points
    assert points == 0  # stored as 0: a return sets no points
    # the unit reads that no points are set yet, not a score of zero
    assert "Điểm thẩm định: chưa chấm (chờ giải trình)</p>" in html
    assert "Điểm thẩm định: 0" not in html and "0,0000" not in html


def test_the_returned_page_has_one_answer_box_next_to_the_reason(as_user, returned) -> None:
    html = as_user("focal").get(reverse("assessments:returned", args=[returned.pk]))
    article = html.content.decode().split('id="n-7-1-3"', 1)[1].split("</article>", 1)[0]
    assert article.count("<textarea") == 1  # the evidence panel adds no second box
    assert reverse("evidence:explain", args=[returned.pk, "7.1.3"]) not in article
    assert "Lưu giải trình" not in article
    assert (
        '-explanation">Nội dung giải trình (trả lời lý do trả lại của thẩm định viên)</label>'
        in article
    )
    assert 'id="ev-7-1-3"' in article  # the evidence panel itself stays, to attach or cite
    assert "Trích dẫn văn bản" in article and "Tải lên tệp" in article
    assert article.index("Lý do trả lại: Thiếu báo cáo") < article.index("Nội dung giải trình")


def test_the_panel_refreshed_on_the_returned_page_keeps_one_answer_box(as_user, returned) -> None:
    page = reverse("assessments:returned", args=[returned.pk])
    response = as_user("focal").post(
        reverse("evidence:cite", args=[returned.pk, "7.1.3"]),
        {
            "number": "12/BC-UBND",
            "issued_on": "2021-01-10",
            "issuer": "UBND tỉnh Lào Cai",
            "title": "Báo cáo bổ sung",
            "next": page,
        },
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )
    body = response.content.decode()
    assert "Báo cáo bổ sung" in body
    assert "<textarea" not in body and "Lưu giải trình" not in body
    # elsewhere (the assessment page) the panel keeps its own explanation box
    other = as_user("focal").get(
        reverse("evidence:node", args=[returned.pk, "7.1.3"]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{returned.get_absolute_url()}",
    )
    assert "Lưu giải trình" in other.content.decode()


def _finalise_state(html: str) -> str:
    return html.split('<p class="help"><span class="status">', 1)[1].split("</span>", 1)[0]


def test_the_finalise_page_says_what_is_left_of_the_explanation_round(
    as_user, users, returned
) -> None:
    url = reverse("assessments:finalise", args=[returned.pk])
    client = as_user("secretariat")
    html = client.get(url).content.decode()
    assert _finalise_state(html) == ("Trả lại để giải trình: còn 1 tiêu chí chờ đơn vị giải trình")
    item_explain(
        assessment=returned,
        node_code="7.1.3",
        explanation="Bổ sung",
        values={"rate": "95"},
        input_versions={"rate": 1},
        version=1,
        actor=users["focal"],
    )
    item_appraise(
        assessment=returned,
        node_code="7.1.3",
        decision="accept",
        version=2,
        actor=users["appraiser"],
    )
    assert Assessment.objects.get(pk=returned.pk).status == AssessmentStatus.RETURNED
    html = client.get(url).content.decode()
    assert _finalise_state(html) == "Đơn vị đã giải trình; chờ chốt kết quả"
    assert "Trả lại để giải trình" not in html
    assert "<td>Chấp nhận · đã giải trình</td>" in html


def test_explanation_with_changed_inputs_gives_a_new_computed_score(as_user, returned) -> None:
    row = ItemAppraisal.objects.get(assessment=returned, node_code="7.1.3")
    response = explain(
        as_user("focal"),
        returned,
        "7.1.3",
        explanation="Bổ sung số liệu cả năm",
        rate="95",
        **{"version-rate": "1", "version": str(row.version)},
    )
    assert "Đã gửi giải trình" in response.content.decode()
    row.refresh_from_db()
    assert row.explained_points == Decimal("0.95")
    assert ItemScore.objects.get(
        assessment=returned, node_code="7.1.3", stage=ItemStage.EXPLAINED
    ).points == Decimal("0.95")


def test_explanation_without_text_is_refused(users, returned) -> None:
    with pytest.raises(IncompleteError):
        item_explain(
            assessment=returned, node_code="7.1.3", explanation=" ", version=1, actor=users["focal"]
        )


def test_only_returned_items_are_explained(users, returned) -> None:
    with pytest.raises(WrongStatusError):
        item_explain(
            assessment=returned, node_code="3.4.1", explanation="x", version=1, actor=users["focal"]
        )


@pytest.mark.parametrize(("role", "code"), [("viewer", 403), ("appraiser", 403), ("outsider", 404)])
def test_only_the_unit_explains(role, code, as_user, returned) -> None:
    url = reverse("assessments:item_explain", args=[returned.pk, "7.1.3"])
    client = as_user(role)
    with assert_unchanged(returned, returned.appraisals.all()):
        response = client.post(url, {"explanation": "x", "version": 1})
    assert response.status_code == code


def test_finalise_waits_for_explanations_until_their_deadline(users, returned, clock) -> None:
    with pytest.raises(IncompleteError) as refused:
        assessment_finalise(assessment=returned, actor=users["secretariat"])
    assert refused.value.missing == [("7.1.3", "explanation")]
    clock.now = returned.campaign.explanation_due + datetime.timedelta(minutes=1)
    assessment_finalise(assessment=returned, actor=users["secretariat"])
    assert Assessment.objects.get(pk=returned.pk).status == AssessmentStatus.FINAL


def test_finalise_takes_explained_or_appraised_points(as_user, users, returned) -> None:
    item_explain(
        assessment=returned,
        node_code="7.1.3",
        explanation="Bổ sung",
        values={"rate": "95"},
        input_versions={"rate": 1},
        version=1,
        actor=users["focal"],
    )
    response = as_user("secretariat").post(
        reverse("assessments:finalise", args=[returned.pk]), follow=True
    )
    assert "Đã chốt kết quả" in response.content.decode()
    returned.refresh_from_db()
    finals = {
        s.node_code: s.points
        for s in ItemScore.objects.filter(assessment=returned, stage=ItemStage.FINAL)
    }
    assert finals["7.1.3"] == Decimal("0.95")
    assert finals["6.1.1"] == Decimal("0.9")
    assert finals["3.4.1"] == Decimal("1.4628")
    assert returned.final_total == sum(finals.values())
    assert returned.final_total == Decimal("61.4203") - Decimal("0.0623") + Decimal("0.124")
    assert returned.final_max == Decimal("65")


def test_finalise_lists_items_not_appraised(users, demo, advance) -> None:
    advance(demo, AssessmentStatus.APPRAISING)
    with pytest.raises(IncompleteError) as refused:
        assessment_finalise(assessment=demo, actor=users["secretariat"])
    assert ("3.4.1", "appraisal") in refused.value.missing


@pytest.mark.parametrize(
    ("role", "code"), [("focal", 403), ("head", 403), ("appraiser", 403), ("outsider", 404)]
)
def test_only_the_secretariat_finalises(role, code, as_user, returned) -> None:
    url = reverse("assessments:finalise", args=[returned.pk])
    client = as_user(role)
    with assert_unchanged(returned, returned.appraisals.all()):
        assert client.post(url).status_code == code
    assert Assessment.objects.get(pk=returned.pk).status == AssessmentStatus.RETURNED


def test_item_history_shows_every_stage_and_input_change(as_user, users, returned) -> None:
    item_explain(
        assessment=returned,
        node_code="7.1.3",
        explanation="Bổ sung",
        values={"rate": "95"},
        input_versions={"rate": 1},
        version=1,
        actor=users["focal"],
    )
    url = reverse("assessments:item_history", args=[returned.pk, "7.1.3"])
    html = as_user("secretariat").get(url, HTTP_HX_REQUEST="true").content.decode()
    for text in ["Tự đánh giá", "Thẩm định", "Sau giải trình", "Thiếu báo cáo"]:
        assert text in html
    # the input's name, before and after, in words and Vietnamese numbers
    assert "Nhập số liệu: Tỷ lệ văn bản trao đổi dưới dạng điện tử" in html
    assert "82,598" in html and "95" in html and "input.set" not in html
    assert "focal" in html and "appraiser" in html
    assert "<html" not in html  # a fragment for the page's <details>


def test_the_council_reads_returned_items_without_the_answer_form(as_user, returned) -> None:
    html = as_user("secretariat").get(reverse("assessments:returned", args=[returned.pk]))
    html = html.content.decode()
    assert "Thiếu báo cáo" in html
    assert reverse("assessments:item_explain", args=[returned.pk, "7.1.3"]) not in html


def test_a_contributing_agency_answers_returned_items_of_its_areas(as_user, returned) -> None:
    url = reverse("assessments:returned", args=[returned.pk])
    html = as_user("focal-stttt").get(url).content.decode()
    assert reverse("assessments:item_explain", args=[returned.pk, "7.1.3"]) in html
    html = as_user("focal-stc").get(url).content.decode()
    assert "7.1.3" not in html
    assert as_user("viewer").get(url).status_code == 403


def test_in_english_the_returned_page_says_no_points_are_set(as_user, returned, settings) -> None:
    client = as_user("focal")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("assessments:returned", args=[returned.pk])).content.decode()
    assert "not yet set (awaiting explanation)</p>" in html
    assert ">Explanation (your answer to the appraiser's reason)</label>" in html
