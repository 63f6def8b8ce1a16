"""A plan drafted from the final appraisal says so on its page and gives the council's reason."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.web.assessments.models import Assessment, AssessmentStatus, Decision, ItemAppraisal
from parindex.web.plans import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised(demo, users):
    """The council cut 3.4.1 to 1,2 points with a reason and finalised the assessment."""
    ItemAppraisal.objects.create(
        assessment=demo,
        node_code="3.4.1",
        decision=Decision.ADJUST,
        points=Decimal("1.2"),
        reason="Thiếu báo cáo tháng 12.",
        appraised_by=users["appraiser"],
        updated_at=timezone.now(),
    )
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.FINAL)
    demo.refresh_from_db()
    return demo


def test_a_final_plan_rests_on_the_appraised_total_and_says_so(finalised, users) -> None:
    plan = services.plan_generate(assessment=finalised, source="final", actor=users["secretariat"])
    pure = services.plan_current(plan)
    assert (pure.basis, pure.self_score) == ("final", Decimal("61.1575"))
    assert pure.area("3").summary.startswith("Điểm thẩm định cuối cùng năm 2020: 13,181/13,5 ")
    assert (
        pure.area("3")
        .lost[0]
        .endswith(
            "bằng 97,5178%; Hội đồng thẩm định chấm 1,2 điểm (tự đánh giá 1,4628 điểm), lý do: "
            "Thiếu báo cáo tháng 12."
        )
    )


def test_the_plan_page_labels_the_score_it_rests_on(finalised, users, as_user) -> None:
    final = services.plan_generate(assessment=finalised, source="final", actor=users["secretariat"])
    own = services.plan_generate(assessment=finalised, actor=users["secretariat"])
    client = as_user("secretariat")
    html = client.get(reverse("plans:detail", args=[final.pk])).content.decode()
    assert "căn cứ điểm thẩm định cuối cùng năm 2020: 61,1575/65" in html
    assert "căn cứ điểm điểm" not in html
    html = client.get(reverse("plans:detail", args=[own.pk])).content.decode()
    assert "căn cứ điểm tự đánh giá năm 2020: 61,4203/65" in html
    english = client.get(reverse("plans:detail", args=[final.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "based on the final appraised score" in english.content.decode()
