"""The explanation round's locks and the confirmation steps, in a real browser.

1. Submitting asks first: cancelling changes nothing, confirming submits.
2. In the explanation round an accepted item offers no edit control; the returned item is
   answered on the returned-items page with a file attached next to the appraiser's reason.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

import pytest

from parindex.web.accounts.models import User
from parindex.web.assessments.models import Assessment, AssessmentStatus, Decision, ItemAppraisal
from parindex.web.assessments.services import workflow
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.evidence.models import EvidenceLink
from parindex.web.evidence.services import document_cite, evidence_link, self_leaf_codes

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect

ACCEPTED, RETURNED = "3.4.1", "3.4.2"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def user(name: str) -> User:
    return User.objects.get(username=name)


@pytest.fixture
def evidenced(demo: Assessment) -> Assessment:
    """Every sub-criterion cites the province's report: nothing blocks submission."""
    version = document_cite(
        unit=demo.unit,
        number="114/BC-UBND",
        issued_on=datetime.date(2021, 2, 25),
        issuer="UBND tỉnh Lào Cai",
        title="Báo cáo kết quả cải cách hành chính năm 2020",
        actor=user("focal"),
    )
    for code in self_leaf_codes(demo):
        evidence_link(assessment=demo, node_code=code, version=version, actor=user("focal"))
    return demo


@pytest.fixture
def returned(evidenced: Assessment) -> Assessment:
    """Submitted, confirmed, appraised: 3.4.2 returned for explanation, the rest accepted."""
    workflow.assessment_submit(assessment=evidenced, actor=user("focal"))
    workflow.assessment_confirm(assessment=evidenced, actor=user("head"))
    workflow.assessment_appraisal_start(assessment=evidenced, actor=user("secretariat"))
    for code in self_leaf_codes(evidenced):
        item_appraise(
            assessment=evidenced,
            node_code=code,
            decision=Decision.RETURN if code == RETURNED else Decision.ACCEPT,
            reason="Số hồ sơ đúng hạn chênh với Cổng dịch vụ công" if code == RETURNED else "",
            actor=user("appraiser"),
        )
    evidenced.refresh_from_db()
    assert evidenced.status == AssessmentStatus.RETURNED
    return evidenced


def status(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


def test_submit_asks_cancel_does_nothing_confirm_submits(persona, evidenced, shot) -> None:
    focal: Page = persona("focal")
    focal.goto(evidenced.get_absolute_url())
    focal.get_by_role("link", name="Gửi phiếu tự đánh giá").click()
    expect(focal.get_by_role("heading", name="Khi xác nhận")).to_be_visible()
    expect(focal.locator("main")).to_contain_text(
        "Phiếu được gửi đến thủ trưởng đơn vị để xác nhận."
    )
    shot(focal, "steps-1-submit-asks")
    focal.get_by_role("link", name="Huỷ, quay lại").click()
    expect(focal).to_have_url(re.compile(rf"{evidenced.get_absolute_url()}$"))
    assert status(evidenced) == AssessmentStatus.DRAFT  # cancelling did nothing
    focal.get_by_role("link", name="Gửi phiếu tự đánh giá").click()
    focal.get_by_role("button", name="Xác nhận gửi phiếu").click()
    expect(focal.locator(".messages")).to_contain_text("chờ thủ trưởng đơn vị xác nhận")
    assert status(evidenced) == AssessmentStatus.PENDING


def test_the_explanation_round_unlocks_only_the_returned_item(persona, returned, shot) -> None:
    focal: Page = persona("focal")
    focal.goto(returned.get_absolute_url())
    expect(focal.locator("main")).to_contain_text("chỉ sửa được các tiêu chí bị trả lại")
    for code in ("3-4-1", "3-4-2"):  # the folded panels: opening one loads it (htmx)
        focal.locator(f"#ev-{code} summary").first.click()
        expect(focal.locator(f"#ev-{code}.evidence-folded")).to_have_count(0)
    accepted = focal.locator("#ev-3-4-1")
    expect(accepted).to_be_visible()
    for control in ("Bỏ gắn", "Thu hồi tài liệu", "Tải lên tệp", "Lưu giải trình"):
        expect(accepted.get_by_text(control)).to_have_count(0)
    expect(focal.locator("#ev-3-4-2").get_by_text("Tải lên tệp")).to_be_visible()

    # The returned-items page: the reason, the evidence panel and the answer together.
    focal.goto(f"{returned.get_absolute_url()}returned/")
    item = focal.locator("#n-3-4-2")
    expect(item).to_contain_text("Số hồ sơ đúng hạn chênh với Cổng dịch vụ công")
    expect(focal.locator("#n-3-4-1")).to_have_count(0)  # accepted: not offered here
    upload = item.locator("#ev-3-4-2 details.evidence-form").first
    upload.locator("summary").click()
    upload.locator("#ev-3-4-2-file").set_input_files(
        {"name": "doi-chieu-cong-dvc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    upload.locator("#ev-3-4-2-title").fill("Bảng đối chiếu với Cổng dịch vụ công")
    upload.get_by_role("button", name="Tải lên", exact=True).click()
    expect(focal.locator("#ev-3-4-2")).to_contain_text("doi-chieu-cong-dvc.pdf")
    # the province's report also backs the accepted items: it may not be withdrawn from here;
    # the new file backs the returned item alone and may be
    panel = focal.locator("#ev-3-4-2")
    expect(panel).to_contain_text(
        f"Không thu hồi được: tài liệu còn làm căn cứ cho tiêu chí {self_leaf_codes(returned)[0]}"
    )
    expect(panel.locator("summary", has_text="Thu hồi tài liệu")).to_have_count(1)
    expect(panel.locator("li.evidence-item", has_text="114/BC-UBND")).not_to_contain_text(
        "Thu hồi tài liệu"
    )
    item = focal.locator("#n-3-4-2")
    item.get_by_label("Nội dung giải trình").fill("Đã đối chiếu; kèm bảng đối chiếu.")
    item.get_by_role("button", name="Gửi giải trình").click()
    expect(focal.locator("#n-3-4-2")).to_contain_text("Đã giải trình")
    shot(focal, "steps-2-returned-answered")
    row = ItemAppraisal.objects.get(assessment=returned, node_code=RETURNED)
    assert row.explanation == "Đã đối chiếu; kèm bảng đối chiếu."
    names = set(
        EvidenceLink.objects.filter(assessment=returned, node_code=RETURNED).values_list(
            "version__original_name", flat=True
        )
    )
    assert "doi-chieu-cong-dvc.pdf" in names
    assert not EvidenceLink.objects.filter(
        assessment=returned, node_code=ACCEPTED, version__original_name="doi-chieu-cong-dvc.pdf"
    ).exists()
