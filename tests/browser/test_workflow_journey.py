"""The yearly cycle end to end: submit, confirm, appraise, explain, finalise, publish, rank.

Every sub-criterion but 3.4.1 already has a cited document (set up through the evidence
service, as if the agencies had done their parts); the rest happens in the browser, each role
in its own browser context. The other council members' acceptances of the remaining items
go through the service too: the journey is about one appraiser adjusting one item and
returning another.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

import pytest

from parindex.web.accounts.models import User
from parindex.web.assessments.models import Assessment, AssessmentStatus, Decision
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.assessments.services.selectors import self_points
from parindex.web.evidence.services import document_cite, self_leaf_codes

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect

ADJUSTED, RETURNED = "3.4.1", "3.4.2"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def evidenced(demo: Assessment) -> Assessment:
    """Every claimed sub-criterion but 3.4.1 cites the province's report."""
    focal = User.objects.get(username="focal")
    for code in self_leaf_codes(demo):
        if code != ADJUSTED:
            document_cite(
                unit=demo.unit,
                number="114/BC-UBND",
                issued_on=datetime.date(2021, 2, 25),
                issuer="UBND tỉnh Lào Cai",
                title="Báo cáo kết quả cải cách hành chính năm 2020",
                actor=focal,
                assessment=demo,
                node_code=code,
            )
    return demo


def accept_the_rest(assessment: Assessment) -> None:
    """The other council members accept every item but the two of the journey."""
    appraiser = User.objects.get(username="appraiser")
    assessment.refresh_from_db()  # the browser moved it on
    for code in self_points(assessment):
        if code not in (ADJUSTED, RETURNED):
            item_appraise(
                assessment=assessment, node_code=code, decision=Decision.ACCEPT, actor=appraiser
            )


def row(page: Page, code: str):
    return page.locator("#n-" + code.replace(".", "-"))


def test_the_yearly_cycle_from_self_assessment_to_published_ranking(
    persona, evidenced: Assessment, shot
) -> None:
    url = evidenced.get_absolute_url()

    # The focal point uploads the missing evidence for 3.4.1 and submits.
    focal = persona("focal")
    focal.goto(url)
    panel = focal.locator("#ev-3-4-1")
    expect(panel).to_contain_text("Chưa có tài liệu")
    panel.locator("summary").first.click()  # the folded panel: opening it loads the panel
    upload = panel.locator("details.evidence-form").first
    upload.locator("summary").click()
    upload.locator("#ev-3-4-1-file").set_input_files(
        {"name": "bao-cao-tthc-2020.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    upload.locator("#ev-3-4-1-title").fill("Báo cáo giải quyết TTHC năm 2020")
    upload.get_by_role("button", name="Tải lên", exact=True).click()
    expect(focal.locator("#ev-3-4-1")).to_contain_text("bao-cao-tthc-2020.pdf")
    expect(focal.locator("#ev-3-4-1")).to_contain_text("Đã có tài liệu")
    shot(focal.locator("#n-3-4-1"), "workflow-1-evidence-uploaded")
    focal.get_by_role("link", name="Gửi phiếu tự đánh giá").click()
    focal.get_by_role("button", name="Xác nhận gửi phiếu").click()
    expect(focal.locator(".messages")).to_contain_text("chờ thủ trưởng đơn vị xác nhận")
    expect(focal.locator("p.help .status").first).to_have_text("Chờ thủ trưởng xác nhận")

    # The unit head confirms; the secretariat opens the appraisal.
    head = persona("head")
    head.goto(url)
    head.get_by_role("link", name="Xác nhận và gửi Hội đồng thẩm định").click()
    head.get_by_role("button", name="Xác nhận và gửi").click()
    expect(head.locator(".messages")).to_contain_text("Hội đồng thẩm định")
    secretariat = persona("secretariat")
    secretariat.goto(url)
    secretariat.get_by_role("button", name="Bắt đầu thẩm định").click()
    # a secretariat who does not appraise stays on the assessment
    expect(secretariat).to_have_url(re.compile(r"/assessments/\d+/$"))
    accept_the_rest(evidenced)

    # The appraiser adjusts 3.4.1 and returns 3.4.2 for explanation.
    appraiser = persona("appraiser")
    appraiser.goto(f"{url}appraisal/")
    item = row(appraiser, ADJUSTED)
    item.get_by_role("radio", name="Điều chỉnh").check()
    item.get_by_label("Điểm thẩm định (chỉ khi điều chỉnh)").fill("1,4")
    item.get_by_label("Lý do", exact=True).fill("Báo cáo chưa tách hồ sơ quá hạn do lỗi hệ thống")
    item.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(row(appraiser, ADJUSTED)).to_contain_text("Điều chỉnh")
    expect(row(appraiser, ADJUSTED)).to_contain_text("1,4")
    item = row(appraiser, RETURNED)
    item.get_by_role("radio", name="Trả lại để giải trình").check()
    item.get_by_label("Lý do", exact=True).fill("Số hồ sơ đúng hạn chênh với Cổng dịch vụ công")
    item.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(row(appraiser, RETURNED)).to_contain_text("Số hồ sơ đúng hạn chênh")
    shot(appraiser, "workflow-2-appraisal")

    # The focal point explains the returned item.
    focal.goto(f"{url}returned/")
    item = row(focal, RETURNED)
    expect(item).to_contain_text("Số hồ sơ đúng hạn chênh với Cổng dịch vụ công")
    item.get_by_label("Nội dung giải trình").fill(
        "Số liệu trích từ Hệ thống thông tin giải quyết TTHC ngày 31/12/2020; kèm bảng đối chiếu."
    )
    item.get_by_role("button", name="Gửi giải trình").click()
    expect(row(focal, RETURNED)).to_contain_text("Đã giải trình")
    shot(focal, "workflow-3-explained")

    # The secretariat finalises and publishes; the ranking shows.
    secretariat.goto(f"{url}finalise/")
    secretariat.get_by_role("link", name="Chốt kết quả cuối cùng").click()
    secretariat.get_by_role("button", name="Xác nhận chốt kết quả").click()
    expect(secretariat.locator(".messages")).to_contain_text("Đã chốt kết quả")
    secretariat.goto(f"/assessments/campaigns/{evidenced.campaign_id}/publish/")
    secretariat.get_by_role("link", name="Công bố kết quả").click()
    secretariat.get_by_role("button", name="Xác nhận công bố").click()
    expect(secretariat).to_have_url(re.compile(r"/ranking/$"))
    ranking = secretariat.locator("tbody tr")
    expect(ranking).to_have_count(1)
    expect(ranking).to_contain_text("Tỉnh Lào Cai")
    shot(secretariat, "workflow-4-ranking")

    evidenced.refresh_from_db()
    assert evidenced.status == AssessmentStatus.PUBLISHED
    # The adjusted item lost 0,0628 against the self-score; the total reflects it.
    assert evidenced.final_total is not None
    expect(ranking).to_contain_text(str(evidenced.final_total).rstrip("0").replace(".", ","))
