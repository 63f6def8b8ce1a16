"""Appraisal per item: accept, adjust, return; by unit or by area; no lost update."""

import re
from decimal import Decimal

import pytest
from dbstate import assert_unchanged
from django.urls import reverse

from parindex.web.accounts.models import Role
from parindex.web.accounts.services import user_create
from parindex.web.assessments.models import (
    Assessment,
    AssessmentAppraiser,
    AssessmentStatus,
    ItemAppraisal,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.assessments.services.assignments import area_appraiser_assign
from parindex.web.assessments.services.errors import ItemConflictError, WrongStatusError
from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def appraising(demo, advance) -> Assessment:
    return advance(demo, AssessmentStatus.APPRAISING)


def appraise(client, assessment: Assessment, code: str, **data):
    url = reverse("assessments:item_appraise", args=[assessment.pk, code])
    return client.post(url, {"version": 0, **data}, **HTMX)


def test_appraisal_page_shows_self_score_inputs_and_the_decision_form(as_user, appraising) -> None:
    html = as_user("appraiser").get(reverse("assessments:appraisal", args=[appraising.pk]))
    html = html.content.decode()
    assert "3.4.1" in html and "1,4628" in html and "<dd>180.840 hồ sơ</dd>" in html
    assert reverse("assessments:item_appraise", args=[appraising.pk, "3.4.1"]) in html
    assert 'hx-post="' in html


@pytest.mark.parametrize(("role", "code"), [("focal", 403), ("head", 403), ("outsider", 404)])
def test_the_unit_does_not_see_the_appraisal_page(role, code, as_user, appraising) -> None:
    client = as_user(role)
    page = client.get(reverse("assessments:appraisal", args=[appraising.pk]))
    assert page.status_code == code
    decision_url = reverse("assessments:item_appraise", args=[appraising.pk, "3.4.1"])
    assert decision_url not in page.content.decode()  # no decision form leaks
    with assert_unchanged(appraising, ItemAppraisal, ItemScore):
        assert appraise(client, appraising, "3.4.1", decision="accept").status_code == code


def test_accept_keeps_the_self_score(as_user, appraising) -> None:
    response = appraise(as_user("appraiser"), appraising, "3.4.1", decision="accept")
    assert response.status_code == 200
    assert "Chấp nhận" in response.content.decode()
    row = ItemAppraisal.objects.get(assessment=appraising, node_code="3.4.1")
    assert row.points == Decimal("1.4628")
    assert ItemScore.objects.get(
        assessment=appraising, node_code="3.4.1", stage=ItemStage.APPRAISED
    ).points == Decimal("1.4628")
    assert AuditEvent.objects.filter(action="item.appraise", field="3.4.1").exists()


def test_adjust_sets_the_appraisers_points_with_a_reason(as_user, appraising) -> None:
    client = as_user("appraiser")
    appraise(
        client, appraising, "6.1.1", decision="adjust", points="0,9", reason="Số liệu chưa khớp"
    )
    row = ItemAppraisal.objects.get(assessment=appraising, node_code="6.1.1")
    assert (row.decision, row.points, row.reason) == ("adjust", Decimal("0.9"), "Số liệu chưa khớp")


def test_adjust_without_reason_or_beyond_the_maximum_is_refused(as_user, appraising) -> None:
    client = as_user("appraiser")
    html = appraise(client, appraising, "6.1.1", decision="adjust", points="0,9").content.decode()
    assert "6.1.1: cần nêu lý do" in html
    html = appraise(
        client, appraising, "6.1.1", decision="adjust", points="2", reason="x"
    ).content.decode()
    assert "Chưa thực hiện được, còn thiếu: 6.1.1: điểm ngoài khoảng từ 0 đến điểm tối đa." in html
    html = appraise(
        client, appraising, "6.1.1", decision="adjust", points="abc", reason="x"
    ).content.decode()
    assert "Chưa thực hiện được, còn thiếu: 6.1.1: điểm không hợp lệ." in html  # not "points:"
    assert "points:" not in html
    assert not ItemAppraisal.objects.filter(assessment=appraising).exists()


def test_return_sends_the_assessment_back_for_explanation(as_user, appraising) -> None:
    appraise(as_user("appraiser"), appraising, "7.1.3", decision="return", reason="Thiếu văn bản")
    assert Assessment.objects.get(pk=appraising.pk).status == AssessmentStatus.RETURNED
    row = ItemAppraisal.objects.get(assessment=appraising, node_code="7.1.3")
    assert row.awaiting_explanation and row.points == 0


def test_a_return_after_a_refused_adjustment_ignores_the_stale_points(as_user, appraising) -> None:
    client = as_user("appraiser")
    html = appraise(
        client, appraising, "7.1.3", decision="adjust", points="abc", reason="Thiếu"
    ).content.decode()
    assert "7.1.3: điểm không hợp lệ." in html
    assert 'name="points" value="abc"' in html  # the refusal keeps what was typed
    assert re.search(r'value="adjust" checked', html)
    html = appraise(
        client, appraising, "7.1.3", decision="return", points="abc", reason="Thiếu báo cáo"
    ).content.decode()
    assert "điểm không hợp lệ" not in html
    row = ItemAppraisal.objects.get(assessment=appraising, node_code="7.1.3")
    assert (row.decision, row.points, row.reason) == ("return", 0, "Thiếu báo cáo")
    assert Assessment.objects.get(pk=appraising.pk).status == AssessmentStatus.RETURNED
    assert (
        "Trả lại để giải trình</span> · Điểm thẩm định: chưa chấm (chờ giải trình) · Thiếu báo cáo"
        in html
    )


def test_every_appraisal_is_kept_never_overwritten(users, appraising) -> None:
    first = item_appraise(
        assessment=appraising, node_code="3.4.1", decision="accept", actor=users["appraiser"]
    )
    item_appraise(
        assessment=appraising,
        node_code="3.4.1",
        decision="adjust",
        points="1",
        reason="Lại",
        version=first.version,
        actor=users["appraiser"],
    )
    stages = ItemScore.objects.filter(assessment=appraising, node_code="3.4.1")
    assert [(s.stage, s.points) for s in stages] == [
        ("self", Decimal("1.4628")),
        ("appraised", Decimal("1.4628")),
        ("appraised", Decimal("1")),
    ]


def test_two_appraisers_at_once_the_second_is_told_not_overwritten(users, appraising) -> None:
    other = user_create(
        username="appraiser2",
        password="x",
        unit=users["appraiser"].unit,
        roles=[(Role.APPRAISER, users["appraiser"].unit)],
    )
    AssessmentAppraiser.objects.create(assessment=appraising, user=other)
    item_appraise(  # both loaded the form at version 0
        assessment=appraising, node_code="3.4.1", decision="accept", actor=users["appraiser"]
    )
    with pytest.raises(ItemConflictError):
        item_appraise(
            assessment=appraising,
            node_code="3.4.1",
            decision="adjust",
            points="1",
            reason="x",
            version=0,
            actor=other,
        )
    assert ItemAppraisal.objects.get(assessment=appraising, node_code="3.4.1").decision == "accept"


def test_a_stale_form_shows_a_conflict_message(as_user, users, appraising) -> None:
    item_appraise(
        assessment=appraising, node_code="3.4.1", decision="accept", actor=users["appraiser"]
    )
    html = appraise(as_user("appraiser"), appraising, "3.4.1", decision="return", reason="x")
    assert "vừa được người khác cập nhật" in html.content.decode()


@pytest.mark.parametrize("role", ["focal", "head", "viewer", "secretariat"])
def test_only_appraisers_appraise(role, as_user, appraising) -> None:
    response = appraise(as_user(role), appraising, "3.4.1", decision="accept")
    assert response.status_code == 403
    assert not ItemAppraisal.objects.exists()


def test_appraisal_before_it_starts_is_refused(users, demo, advance) -> None:
    advance(demo, AssessmentStatus.SUBMITTED)
    with pytest.raises(WrongStatusError):
        item_appraise(
            assessment=demo, node_code="3.4.1", decision="accept", actor=users["appraiser"]
        )


def test_an_appraiser_assigned_by_area_appraises_only_that_area(users, client, appraising) -> None:
    unit = users["appraiser"].unit
    member = user_create(
        username="council-3", password="x", unit=unit, roles=[(Role.APPRAISER, unit)]
    )
    client.force_login(member)
    url = reverse("assessments:appraisal", args=[appraising.pk])
    assert client.get(url).status_code == 404  # not assigned yet: not visible
    area_appraiser_assign(
        campaign=appraising.campaign, node_code="3", appraiser=member, actor=users["secretariat"]
    )
    html = client.get(url).content.decode()
    assert reverse("assessments:item_appraise", args=[appraising.pk, "3.4.1"]) in html
    assert reverse("assessments:item_appraise", args=[appraising.pk, "6.1.1"]) not in html
    assert appraise(client, appraising, "3.4.1", decision="accept").status_code == 200
    assert appraise(client, appraising, "6.1.1", decision="accept").status_code == 403
