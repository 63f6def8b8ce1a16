"""The improvement plan end to end: the secretariat drafts the 2021 plan from the seed's 2020
self-assessment, edits area 3, approves and issues it; Văn phòng UBND tỉnh files its Quarter I
report on 3.4.1; the secretariat downloads the consolidated report and reads it back.

The plan's year (2021) has passed, so the secretariat first moves the Quarter I deadline to a
date ahead: the page where a province does exactly that.
"""

from __future__ import annotations

import datetime
import io
from typing import TYPE_CHECKING

import pytest
from docx import Document

from parindex.web.assessments.models import Assessment
from parindex.web.plans.models import ItemReport, Plan, PlanStatus

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect


def word_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_plan_journey(demo: Assessment, persona, shot) -> None:
    secretariat: Page = persona("secretariat")

    # 1. draft the plan from the self-assessment
    secretariat.goto("/")
    secretariat.get_by_role("link", name="Kế hoạch cải thiện").click()
    expect(
        secretariat.get_by_role("heading", name="Tạo dự thảo kế hoạch từ phiếu đánh giá")
    ).to_be_visible()
    secretariat.get_by_role("button", name="Tạo dự thảo").click()
    expect(secretariat.get_by_text("Đã tạo dự thảo kế hoạch.")).to_be_visible()
    expect(secretariat.get_by_text("180.840/185.443").first).to_be_visible()
    plan = Plan.objects.get()

    # 2. edit area 3: a higher on-time target and a task, saved as version 2
    secretariat.get_by_role("link", name="Sửa lĩnh vực 3").click()
    secretariat.get_by_label("Tỷ lệ hồ sơ giải quyết đúng hạn ≥").first.fill("99,5")
    secretariat.get_by_label("Nhiệm vụ mới").fill("Nhắc việc tự động hồ sơ sắp đến hạn")
    secretariat.get_by_label("Thời hạn (ngày/tháng/năm)").fill("30/06/2021")
    secretariat.get_by_label("Ghi chú cho phiên bản này").fill("Nâng mục tiêu 3.4.1")
    secretariat.get_by_role("button", name="Lưu phiên bản mới").click()
    expect(secretariat.get_by_text("Đã lưu phiên bản mới của kế hoạch.")).to_be_visible()
    expect(secretariat.get_by_text("Nhắc việc tự động hồ sơ sắp đến hạn").first).to_be_visible()
    secretariat.get_by_role("link", name="lịch sử phiên bản").click()
    expect(secretariat.get_by_text("Nâng mục tiêu 3.4.1")).to_be_visible()
    expect(secretariat.locator("ins", has_text="99,5")).to_be_visible()
    secretariat.go_back()

    # 3. approve and issue
    secretariat.get_by_role("button", name="Duyệt kế hoạch").click()
    secretariat.get_by_label("Số văn bản").fill("12")
    secretariat.get_by_label("Ngày ban hành").fill("2021-03-31")
    secretariat.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(secretariat.get_by_text("Kế hoạch được ban hành với số 12/KH-UBND")).to_be_visible()
    secretariat.get_by_role("button", name="Xác nhận ban hành").click()
    expect(secretariat.get_by_text("Kế hoạch đã ban hành và được khóa.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED and plan.version == 3

    # 4. the Quarter I deadline (15/3/2021) has passed: the secretariat moves it
    secretariat.get_by_role("link", name="Quý I 2021").click()
    ahead = datetime.date.today() + datetime.timedelta(days=20)
    secretariat.get_by_label("Đổi hạn báo cáo").fill(ahead.isoformat())
    secretariat.get_by_role("button", name="Lưu", exact=True).click()
    expect(secretariat.get_by_text("Đã cập nhật hạn báo cáo.")).to_be_visible()
    period_url = secretariat.url

    # 5. Văn phòng UBND tỉnh files its Quarter I report on 3.4.1 (only its items are shown)
    office: Page = persona("focal-vp")
    office.goto(period_url)
    expect(office.get_by_role("heading", name="Các mục cơ quan bạn chủ trì")).to_be_visible()
    expect(office.locator("#item-2-R")).to_have_count(0)
    item = office.locator("#item-3-4-1")
    item.get_by_label("Tình trạng").select_option("in_progress")
    item.get_by_label("Tỷ lệ hồ sơ giải quyết đúng hạn (%)").fill("98,8")
    item.get_by_label("Kết quả thực hiện").fill("Đã triển khai nhắc việc tự động từ tháng 2.")
    item.get_by_label("Khó khăn, vướng mắc").fill("Hồ sơ đất đai liên thông còn chậm.")
    item.get_by_role("button", name="Gửi báo cáo").click()
    expect(office.get_by_text("Đã gửi báo cáo mục 3.4.1.")).to_be_visible()
    shot(office, "plan-q1-report")
    report = ItemReport.objects.get()
    assert report.measured == {"rate": "98.8"} and report.submitted_by.username == "focal-vp"

    # 6. the secretariat sees it, at risk (98,8 % < 99,5 %), and downloads the report
    secretariat.reload()
    expect(secretariat.get_by_text("Mục có nguy cơ không đạt")).to_be_visible()
    shot(secretariat, "plan-q1-overview")
    with secretariat.expect_download() as download:
        secretariat.get_by_role("link", name="Báo cáo tổng hợp (Word)").click()
    text = word_text(download.value.path().read_bytes())
    assert "Quý I năm 2021" in text
    assert "Đã triển khai nhắc việc tự động từ tháng 2." in text
    assert "Hồ sơ đất đai liên thông còn chậm." in text
    assert "Kế hoạch số 12/KH-UBND" in text
