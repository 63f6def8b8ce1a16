"""The secretariat brings in next cycle's criteria itself, in the browser.

The province's criteria for its departments (the internal index) start as the shipped
department example, imported and activated as the demo does. For 2026 the secretariat imports
the province's own table (the Ministry's layout) as a Word file with two mistakes, reads both
problems in Vietnamese with their row and column, fixes them "in Excel" (the corrected table
is saved as an .xlsx in the same layout), imports again, reviews the difference from the
version it replaces, activates it and opens a 2026 campaign for Sở Nội vụ with it; the
department's focal point then finds the new tree, with its new criteria titles, on her
self-assessment page. (The demo's province unit ended on 30/06/2025 with the merger, so a
2026 campaign assesses a current unit: a department.)
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from frameworks_files import excel_table_file, ministry_rows, word_file

from parindex.frameworks import find
from parindex.web.assessments.models import (
    Assessment,
    Campaign,
    FrameworkStatus,
    FrameworkVersion,
)
from parindex.web.dashboards.demo import example_framework
from parindex.web.organisations.models import Unit, UnitKind

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect

CODE = "par-department-example"
OLD_TITLE = "Kế hoạch cải cách hành chính năm"
NEW_TITLE = "Kế hoạch cải cách hành chính năm 2026 của sở, ban, ngành"
IDENTITY = {
    "code": CODE,
    "title": "Bộ tiêu chí xác định Chỉ số CCHC các sở, ban, ngành tỉnh Lào Cai",
    "version": "2026.1",
    "years": "2026",
    "legal_basis": "QĐ 123/QĐ-UBND ngày 15/01/2026",
}


@pytest.fixture
def departments(demo: Assessment) -> FrameworkVersion:
    """The shipped department example, imported and activated (as the demo does)."""
    return example_framework(CODE)


def table_rows(*, mistakes: bool) -> list[list[object]]:
    """The example as the Ministry's table with criterion 1.1 renamed; with two mistakes."""
    rows = [list(r) for r in ministry_rows(find(CODE))]
    assert rows[1][:2] == ["1.1", OLD_TITLE]
    rows[1][1] = NEW_TITLE
    if mistakes:
        rows[2][2] = "1.5.0"  # a maximum that is not a number
        rows[3][3] = "3"  # a self-score above the maximum (2)
    return rows


def import_file(page: Page, name: str, data: bytes, mime: str) -> None:
    page.goto("/frameworks/import/")
    for field, value in IDENTITY.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_unit_kind", "department")
    page.set_input_files("#id_file", {"name": name, "mimeType": mime, "buffer": data})
    page.get_by_role("button", name="Nhập tệp").click()
    page.wait_for_load_state()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_secretariat_imports_fixes_reviews_activates_and_uses_a_framework(
    persona, departments: FrameworkVersion, shot
) -> None:
    secretariat = persona("secretariat")

    # A Word table with two mistakes: both reported, in Vietnamese, by row and column.
    import_file(secretariat, "bang-tieu-chi-2026.docx", word_file(table_rows(mistakes=True)), DOCX)
    problems = secretariat.locator("#problems")
    expect(problems).to_contain_text("Tệp có 2 lỗi; chưa lưu gì:")
    expect(problems.locator("li.problem")).to_have_text(
        [
            "bang-tieu-chi-2026.docx, bảng 2, dòng 4, cột «Điểm tối đa»: «1.5.0» không phải là "
            "số; viết điểm dạng 1,5 hoặc 1.5",
            "bang-tieu-chi-2026.docx, bảng 2, dòng 5, cột «Điểm tự đánh giá»: điểm tự đánh giá 3 "
            "lớn hơn điểm tối đa 2",
        ]
    )
    expect(secretariat.locator("#id_version")).to_have_value("2026.1")  # what was typed stays
    shot(secretariat, "frameworks-1-problems")
    assert not FrameworkVersion.objects.filter(version="2026.1").exists()

    # Fixed in Excel, same layout, imported again: a draft, compared with 2020.1.
    fixed = excel_table_file(table_rows(mistakes=False))
    import_file(secretariat, "bang-tieu-chi-2026.xlsx", fixed, XLSX)
    expect(secretariat.locator(".messages")).to_contain_text("Đã nhập phiên bản mới (bản nháp)")
    expect(secretariat.locator("#status")).to_have_text("Bản nháp")
    diff = secretariat.locator("#diff")
    expect(diff).to_contain_text("So với phiên bản mẫu 1:")  # example.1, in words
    expect(diff).to_contain_text(f"Đổi tên 1.1: «{OLD_TITLE}» thành «{NEW_TITLE}»")
    expect(secretariat.locator("#tree")).to_contain_text(NEW_TITLE)
    shot(secretariat, "frameworks-2-diff")

    # Activated after the confirmation that names the version it replaces.
    secretariat.get_by_role("link", name="Kích hoạt…").click()
    expect(secretariat.locator("main")).to_contain_text("phiên bản mẫu 1")
    secretariat.get_by_role("button", name="Xác nhận kích hoạt").click()
    expect(secretariat.locator("#status")).to_have_text("Đang áp dụng")
    version = FrameworkVersion.objects.get(code=CODE, version="2026.1")
    assert version.status == FrameworkStatus.ACTIVE and not version.frozen
    departments.refresh_from_db()
    assert departments.status == FrameworkStatus.RETIRED
    assert version.uploads.get().name == "bang-tieu-chi-2026.xlsx"

    # A 2026 campaign with it, for Sở Nội vụ.
    unit = Unit.objects.get(kind=UnitKind.DEPARTMENT, name="Sở Nội vụ", valid_to=None)
    today = datetime.date.today()
    secretariat.goto("/assessments/campaigns/new/")
    secretariat.fill("#id_name", "Tự đánh giá Chỉ số CCHC các sở năm 2026")
    secretariat.select_option("#id_framework_version", str(version.pk))
    secretariat.fill("#id_year", "2026")
    secretariat.check(f"input[name=units][value='{unit.pk}']")
    for field, days in (
        ("self_assessment_due", 30),
        ("appraisal_due", 60),
        ("explanation_due", 75),
        ("publication_due", 90),
    ):
        secretariat.fill(f"#id_{field}", (today + datetime.timedelta(days=days)).isoformat())
    secretariat.get_by_role("button", name="Tạo đợt đánh giá").click()
    secretariat.wait_for_load_state()
    campaign = Campaign.objects.get(name="Tự đánh giá Chỉ số CCHC các sở năm 2026")
    assert campaign.framework_version_id == version.pk and campaign.year == 2026
    version.refresh_from_db()
    assert version.frozen
    (assessment,) = campaign.assessments.all()
    assert assessment.unit == unit

    # The department's focal point sees the new tree.
    focal = persona("focal-snv")
    expect(focal).to_have_url(re.compile(r"/assessments/$"))
    mine = focal.locator("tbody tr").filter(has_text="2026")
    expect(mine).to_contain_text("Sở Nội vụ")
    mine.get_by_role("link").first.click()
    expect(focal).to_have_url(re.compile(rf"/assessments/{assessment.pk}/$"))
    expect(focal.locator("#n-1-1")).to_contain_text(f"1.1 {NEW_TITLE}")
    shot(focal.locator("#n-1-1"), "frameworks-3-focal-new-tree")
