"""Each hand-off in the browser, pressed for real: the person acting presses the button (going
through its confirmation page where the step is irreversible: cancelling there changes
nothing, confirming does it), then the next person logs in, finds the unread count in the
header, the new notification first in the list, opens it and lands on the item.

Only what a journey does not walk through is set up by the services (evidence before
submission, the other items' acceptance before finalising, the plan's draft and approval;
their pages have journeys of their own).
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from parindex.web.accounts.models import User
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Campaign,
    ItemAppeal,
    ItemAppraisal,
)
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.assessments.services.workflow import (
    assessment_appraisal_start,
    assessment_confirm,
    assessment_submit,
)
from parindex.web.evidence.services import document_cite, self_leaf_codes
from parindex.web.notifications.models import Notification
from parindex.web.plans import services as plans
from parindex.web.plans.handoffs import current_period
from parindex.web.plans.models import ItemReport, Plan, PlanStatus

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect

RETURNED = "3.4.2"  # area 3 is prepared by Văn phòng UBND tỉnh (focal-vp)
REASON = "Số hồ sơ đúng hạn chênh với Cổng dịch vụ công"
EXPLANATION = "Số liệu trích từ Hệ thống thông tin giải quyết TTHC; kèm bảng đối chiếu."


def user(name: str) -> User:
    return User.objects.get(username=name)


def status(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


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


def settled(changed: Callable[[], bool], seconds: float = 10) -> None:
    """Wait for the live server to have done what the browser asked (its own thread)."""
    end = time.monotonic() + seconds
    while not changed():
        assert time.monotonic() < end, "the step did not reach the database"
        time.sleep(0.05)


def confirmed(page: Page, open_step: Callable[[], Any], button: str, state: Callable[[], Any]):
    """Open the step's confirmation page, cancel (nothing changes), open it again and confirm
    (the state changes). Returns the new state."""
    before = state()
    open_step()
    expect(page.get_by_role("heading", name="Khi xác nhận")).to_be_visible()
    page.get_by_role("link", name="Huỷ, quay lại").click()
    expect(page.get_by_role("heading", name="Khi xác nhận")).to_have_count(0)
    assert state() == before  # cancelling did nothing
    open_step()
    page.get_by_role("button", name=button).click()
    settled(lambda: state() != before)
    return state()


def follow(
    page: Page,
    heading: str,
    lands_on: str,
    unread: int,
    sees: Callable[[Page], None] | None = None,
    shot=None,
    name: str = "",
) -> None:
    """The header counts the unread notifications, the new one is first in the list, opening
    it lands on the item (where ``sees(page)`` checks it) and it is read from then on; the
    page is left on the item."""
    page.goto("/")
    header = page.locator("header nav").get_by_role("link", name=re.compile("Thông báo"))
    expect(header.locator(".status")).to_have_text(str(unread))
    header.click()
    first: Locator = page.locator("li.notification").first
    expect(first).to_contain_text(heading)
    expect(first).to_have_class(re.compile(r"\bunread\b"))
    expect(first.locator(".status")).to_have_text("Mới")
    expect(page.locator("li.notification.unread")).to_have_count(unread)
    if shot is not None:
        shot(page, name)
    first.get_by_role("button", name=f"Mở: {heading}").click()
    expect(page).to_have_url(re.compile(re.escape(lands_on) + "$"))
    if sees is not None:
        sees(page)
    page.goto("/notifications/")
    expect(page.locator("li.notification.unread", has_text=heading)).to_have_count(0)
    page.goto(lands_on)  # back on the item, where the next step is taken


def row(page: Page, code: str) -> Locator:
    return page.locator("#n-" + code.replace(".", "-"))


def test_the_self_assessment_and_appraisal_hand_offs(persona, evidenced: Assessment, shot) -> None:
    a = evidenced
    url = a.get_absolute_url()

    # submit (asked first) → the unit head
    focal = persona("focal")
    focal.goto(url)
    submitted = confirmed(
        focal,
        lambda: focal.get_by_role("link", name="Gửi phiếu tự đánh giá").click(),
        "Xác nhận gửi phiếu",
        lambda: status(a),
    )
    assert submitted == AssessmentStatus.PENDING
    head = persona("head")
    follow(
        head,
        "Phiếu tự đánh giá của Tỉnh Lào Cai chờ thủ trưởng xác nhận",
        url,
        unread=1,
        shot=shot,
        name="handoff-1-submitted",
    )

    # confirm (asked first) → the secretariat
    sent = confirmed(
        head,
        lambda: head.get_by_role("link", name="Xác nhận và gửi Hội đồng thẩm định").click(),
        "Xác nhận và gửi",
        lambda: status(a),
    )
    assert sent == AssessmentStatus.SUBMITTED
    secretariat = persona("secretariat")
    follow(
        secretariat,
        "Tỉnh Lào Cai đã gửi phiếu tự đánh giá tới Hội đồng thẩm định",
        url,
        unread=1,
    )

    # start the appraisal → each assigned appraiser
    secretariat.get_by_role("button", name="Bắt đầu thẩm định").click()
    # the secretariat does not appraise: it goes back to the assessment
    expect(secretariat).to_have_url(re.compile(r"/assessments/\d+/$"))
    assert status(a) == AssessmentStatus.APPRAISING
    appraiser = persona("appraiser")
    follow(appraiser, "Phiếu đánh giá của Tỉnh Lào Cai đã mở để thẩm định", f"{url}appraisal/", 1)

    # return one item, accept all the others (asked first) → the unit's and agency's focal points
    item = row(appraiser, RETURNED)
    item.get_by_role("radio", name="Trả lại để giải trình").check()
    item.get_by_label("Lý do", exact=True).fill(REASON)
    item.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(row(appraiser, RETURNED)).to_contain_text(REASON)
    decided = confirmed(
        appraiser,
        lambda: appraiser.get_by_role("link", name="Chấp nhận mọi tiêu chí còn lại").click(),
        "Xác nhận chấp nhận",
        lambda: ItemAppraisal.objects.filter(assessment=a).count(),
    )
    assert decided == len(self_leaf_codes(a))
    assert status(a) == AssessmentStatus.RETURNED
    returned = f"{url}returned/#n-3-4-2"
    agency = persona("focal-vp")
    follow(
        agency,
        "Tiêu chí 3.4.2 của Tỉnh Lào Cai được trả lại để giải trình",
        returned,
        unread=1,
        sees=lambda p: expect(row(p, RETURNED)).to_contain_text(REASON),
        shot=shot,
        name="handoff-2-returned",
    )
    follow(focal, "Tiêu chí 3.4.2 của Tỉnh Lào Cai được trả lại để giải trình", returned, 1)

    # explain → the appraiser who returned it
    agency.goto(returned)
    row(agency, RETURNED).get_by_label("Nội dung giải trình").fill(EXPLANATION)
    row(agency, RETURNED).get_by_role("button", name="Gửi giải trình").click()
    expect(row(agency, RETURNED)).to_contain_text("Đã giải trình")
    assert ItemAppraisal.objects.get(assessment=a, node_code=RETURNED).explanation == EXPLANATION
    follow(
        appraiser,
        "Tỉnh Lào Cai đã giải trình tiêu chí 3.4.2",
        f"{url}appraisal/#n-3-4-2",
        unread=1,
        sees=lambda p: expect(row(p, RETURNED)).to_contain_text("kèm bảng đối chiếu"),
    )


@pytest.fixture
def appraised(evidenced: Assessment) -> Assessment:
    """Submitted, confirmed, every item accepted; the earlier hand-offs already read."""
    assessment_submit(assessment=evidenced, actor=user("focal"))
    assessment_confirm(assessment=evidenced, actor=user("head"))
    assessment_appraisal_start(assessment=evidenced, actor=user("secretariat"))
    for code in self_leaf_codes(evidenced):
        item_appraise(
            assessment=evidenced, node_code=code, decision="accept", actor=user("appraiser")
        )
    Notification.objects.update(read=True)
    return evidenced


def test_the_result_hand_offs(persona, appraised: Assessment) -> None:
    a = appraised
    url = a.get_absolute_url()

    # finalise (asked first) → the unit
    secretariat = persona("secretariat")
    secretariat.goto(f"{url}finalise/")
    final = confirmed(
        secretariat,
        lambda: secretariat.get_by_role("link", name="Chốt kết quả cuối cùng").click(),
        "Xác nhận chốt kết quả",
        lambda: status(a),
    )
    assert final == AssessmentStatus.FINAL
    head = persona("head")
    follow(head, "Đã có kết quả thẩm định của Tỉnh Lào Cai", url, unread=1)

    # appeal → the secretariat
    head.get_by_role("link", name="Kiến nghị", exact=True).click()
    head.get_by_label("Tiêu chí thành phần").select_option("6.1.1")
    head.get_by_label("Nội dung kiến nghị").fill("Đủ chứng từ giải ngân")
    head.get_by_role("button", name="Gửi kiến nghị").click()
    settled(lambda: ItemAppeal.objects.filter(assessment=a, node_code="6.1.1").exists())
    appeal = f"{url}appeals/#appeal-611"
    follow(
        secretariat,
        "Tỉnh Lào Cai kiến nghị về điểm tiêu chí 6.1.1",
        appeal,
        unread=1,
        sees=lambda p: expect(p.locator("#appeal-611")).to_contain_text("Đủ chứng từ giải ngân"),
    )

    # decide the appeal → the unit
    article = secretariat.locator("#appeal-611")
    article.get_by_role("radio", name="Giữ nguyên kết quả").check()
    article.get_by_label("Lý do").fill("Chứng từ chưa đủ theo quy định")
    article.get_by_role("button", name="Ghi kết luận").click()
    settled(lambda: ItemAppeal.objects.get(assessment=a, node_code="6.1.1").decision != "")
    follow(
        head,
        "Hội đồng đã trả lời kiến nghị về tiêu chí 6.1.1 của Tỉnh Lào Cai",
        f"{url}appeals/",
        unread=1,
    )

    # publish (asked first) → the unit; the focal point has not read the earlier two either
    assert status(a) == AssessmentStatus.FINAL
    secretariat.goto(f"/assessments/campaigns/{a.campaign_id}/publish/")
    confirmed(
        secretariat,
        lambda: secretariat.get_by_role("link", name="Công bố kết quả").click(),
        "Xác nhận công bố",
        lambda: Campaign.objects.get(pk=a.campaign_id).published_at,
    )
    assert status(a) == AssessmentStatus.PUBLISHED
    focal = persona("focal")
    follow(focal, "Đã công bố kết quả Tự đánh giá Chỉ số CCHC tỉnh Lào Cai năm 2020", url, 3)


@pytest.fixture
def approved(demo: Assessment) -> Plan:
    """The 2021 plan drafted from the self-assessment and approved (its own journey)."""
    secretariat = user("secretariat")
    plan = plans.plan_generate(assessment=demo, actor=secretariat)
    return plans.plan_approve(plan=plan, actor=secretariat)


def test_the_plan_hand_offs(persona, approved: Plan) -> None:
    plan = approved
    today = datetime.date.today()

    # issue (asked first) → every lead agency: the plan, and the period it opens
    secretariat = persona("secretariat")
    secretariat.goto(plan.get_absolute_url())

    def ask_to_issue() -> None:
        secretariat.get_by_label("Số văn bản").fill("12")
        secretariat.get_by_label("Ngày ban hành").fill(today.isoformat())
        secretariat.get_by_role("button", name="Ban hành kế hoạch").click()

    issued = confirmed(
        secretariat,
        ask_to_issue,
        "Xác nhận ban hành",
        lambda: Plan.objects.get(pk=plan.pk).status,
    )
    assert issued == PlanStatus.ISSUED
    plan.refresh_from_db()
    period = current_period(plan, today)
    assert period is not None and period.deadline >= today  # moved after the issue date
    name = f"{period.get_period_display()} {plan.year}"
    period_url = f"/plans/{plan.pk}/periods/{period.period}/"
    agency = persona("focal-vp")
    follow(agency, f"Mở kỳ báo cáo {name}: {plan.title}", period_url, unread=2)
    follow(agency, f"Đã ban hành {plan.title}", plan.get_absolute_url(), unread=1)

    # file a report → the secretariat
    agency.goto(period_url)
    item = agency.locator("#item-3-4-1")
    item.get_by_label("Tình trạng").select_option("in_progress")
    item.get_by_label("Tỷ lệ hồ sơ giải quyết đúng hạn (%)").fill("98,8")
    item.get_by_label("Kết quả thực hiện").fill("Đã triển khai nhắc việc tự động từ tháng 2.")
    item.get_by_role("button", name="Gửi báo cáo").click()
    expect(agency.get_by_text("Đã gửi báo cáo mục 3.4.1.")).to_be_visible()
    assert ItemReport.objects.filter(period=period, item_key="3.4.1").exists()
    follow(
        secretariat,
        f"Văn phòng UBND tỉnh đã báo cáo {name}: {plan.title}",
        period_url,
        unread=1,
    )
