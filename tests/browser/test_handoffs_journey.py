"""Each hand-off in the browser: the next person logs in, sees the notification in the header
and the list, opens it and lands on the item.

The steps themselves go through the services (their pages have journeys of their own); what
is checked here is what the next person finds.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

import pytest
import time_machine

from parindex.web.accounts.models import User
from parindex.web.assessments.models import Assessment, AssessmentStatus, ItemAppraisal
from parindex.web.assessments.services.appeals import appeal_decide, item_appeal
from parindex.web.assessments.services.appraisal import (
    assessment_finalise,
    item_appraise,
    item_explain,
)
from parindex.web.assessments.services.workflow import (
    assessment_appraisal_start,
    assessment_confirm,
    assessment_submit,
    campaign_publish,
)
from parindex.web.evidence.services import document_cite, self_leaf_codes
from parindex.web.plans import services as plans

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect

RETURNED = "3.4.2"


def user(name: str) -> User:
    return User.objects.get(username=name)


@pytest.fixture
def evidenced(demo: Assessment) -> Assessment:
    """Every claimed sub-criterion cites the province's report: the unit may submit."""
    for code in self_leaf_codes(demo):
        document_cite(
            unit=demo.unit,
            number="114/BC-UBND",
            issued_on=datetime.date(2021, 2, 25),
            issuer="UBND tỉnh Lào Cai",
            title="Báo cáo kết quả cải cách hành chính năm 2020",
            actor=user("focal"),
            assessment=demo,
            node_code=code,
        )
    return demo


def follow(page: Page, heading: str, lands_on: str, shot=None, name: str = "", sees=None) -> None:
    """From any page: the header counts it, the list shows it unread, opening it lands there
    (where ``sees(page)`` checks the item), and it is read from then on."""
    page.goto("/")
    header = page.locator("header nav").get_by_role("link", name=re.compile("Thông báo"))
    expect(header.locator(".status")).to_have_text(re.compile(r"^\d+$"))
    header.click()
    item = page.locator("li.notification.unread", has_text=heading)
    expect(item).to_have_count(1)
    expect(item.locator(".status")).to_have_text("Mới")
    if shot is not None:
        shot(page, name)
    item.get_by_role("button", name=f"Mở: {heading}").click()
    expect(page).to_have_url(re.compile(re.escape(lands_on) + "$"))
    if sees is not None:
        sees(page)
    page.goto("/notifications/")
    expect(page.locator("li.notification.unread", has_text=heading)).to_have_count(0)


def test_the_self_assessment_and_appraisal_hand_offs(persona, evidenced: Assessment, shot) -> None:
    a = evidenced
    url = a.get_absolute_url()

    assessment_submit(assessment=a, actor=user("focal"))
    head = persona("head")
    follow(
        head,
        "Phiếu tự đánh giá của Tỉnh Lào Cai chờ thủ trưởng xác nhận",
        url,
        shot,
        "handoff-1-submitted",
        sees=lambda p: expect(
            p.get_by_role("link", name="Xác nhận và gửi Hội đồng thẩm định…")
        ).to_be_visible(),
    )

    assessment_confirm(assessment=a, actor=user("head"))
    secretariat = persona("secretariat")
    follow(
        secretariat,
        "Tỉnh Lào Cai đã gửi phiếu tự đánh giá tới Hội đồng thẩm định",
        url,
        sees=lambda p: expect(p.get_by_role("button", name="Bắt đầu thẩm định")).to_be_visible(),
    )

    assessment_appraisal_start(assessment=a, actor=user("secretariat"))
    appraiser = persona("appraiser")
    follow(appraiser, "Phiếu đánh giá của Tỉnh Lào Cai đã mở để thẩm định", f"{url}appraisal/")

    item_appraise(
        assessment=a,
        node_code=RETURNED,
        decision="return",
        reason="Số hồ sơ đúng hạn chênh với Cổng dịch vụ công",
        actor=user("appraiser"),
    )
    agency = persona("focal-vp")  # Văn phòng UBND tỉnh prepares area 3
    returned = f"{url}returned/#n-3-4-2"
    follow(
        agency,
        "Tiêu chí 3.4.2 của Tỉnh Lào Cai được trả lại để giải trình",
        returned,
        shot,
        "handoff-2-returned",
        sees=lambda p: expect(p.locator("#n-3-4-2")).to_contain_text("Số hồ sơ đúng hạn chênh"),
    )
    focal = persona("focal")
    follow(focal, "Tiêu chí 3.4.2 của Tỉnh Lào Cai được trả lại để giải trình", returned)

    row = ItemAppraisal.objects.get(assessment=a, node_code=RETURNED)
    item_explain(
        assessment=a,
        node_code=RETURNED,
        explanation="Số liệu trích từ Hệ thống thông tin giải quyết TTHC; kèm bảng đối chiếu.",
        actor=user("focal-vp"),
        version=row.version,
    )
    follow(
        appraiser,
        "Tỉnh Lào Cai đã giải trình tiêu chí 3.4.2",
        f"{url}appraisal/#n-3-4-2",
        sees=lambda p: expect(p.locator("#n-3-4-2")).to_contain_text("kèm bảng đối chiếu"),
    )


def test_the_result_hand_offs(persona, evidenced: Assessment) -> None:
    a = evidenced
    url = a.get_absolute_url()
    assessment_submit(assessment=a, actor=user("focal"))
    assessment_confirm(assessment=a, actor=user("head"))
    assessment_appraisal_start(assessment=a, actor=user("secretariat"))
    for code in self_leaf_codes(a):
        item_appraise(assessment=a, node_code=code, decision="accept", actor=user("appraiser"))
    assessment_finalise(assessment=a, actor=user("secretariat"))

    head = persona("head")
    follow(head, "Đã có kết quả thẩm định của Tỉnh Lào Cai", url)

    a.refresh_from_db()
    item_appeal(assessment=a, node_code="6.1.1", reason="Đủ chứng từ", actor=user("head"))
    appeal_decide(
        assessment=a,
        node_code="6.1.1",
        decision="uphold",
        answer="Giữ nguyên",
        actor=user("secretariat"),
    )
    follow(
        head, "Hội đồng đã trả lời kiến nghị về tiêu chí 6.1.1 của Tỉnh Lào Cai", f"{url}appeals/"
    )

    a.refresh_from_db()
    assert a.status == AssessmentStatus.FINAL
    campaign_publish(campaign=a.campaign, actor=user("secretariat"))
    focal = persona("focal")
    follow(focal, "Đã công bố kết quả Tự đánh giá Chỉ số CCHC tỉnh Lào Cai năm 2020", url)


def test_the_plan_hand_offs(persona, demo: Assessment) -> None:
    secretariat = user("secretariat")
    with time_machine.travel(datetime.datetime(2021, 3, 1, 5, 0, tzinfo=datetime.UTC), tick=False):
        plan = plans.plan_generate(assessment=demo, actor=secretariat)
        plans.plan_approve(plan=plan, actor=secretariat)
        plan = plans.plan_issue(
            plan=plan, number="12", issued_on=datetime.date(2021, 3, 1), actor=secretariat
        )
        vp = user("focal-vp")
        plans.item_report_submit(
            period=plan.periods.get(period="Q1"),
            item_key="3.4.1",
            agency=vp.memberships.get().unit,
            status="in_progress",
            measured={},
            actor=vp,
        )
    agency = persona("focal-vp")
    follow(agency, f"Đã ban hành {plan.title}", plan.get_absolute_url())
    period = f"/plans/{plan.pk}/periods/Q1/"
    follow(agency, f"Mở kỳ báo cáo Quý I 2021: {plan.title}", period)
    office = persona("secretariat")
    follow(office, f"Văn phòng UBND tỉnh đã báo cáo Quý I 2021: {plan.title}", period)
