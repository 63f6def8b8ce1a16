"""The periodic report in Excel: one sheet per table, totals as formulas, frozen headers."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.workbook import Workbook

from parindex import frameworks
from parindex.core.assessment import load_assessment
from parindex.demo import LAO_CAI_2020
from parindex.documents.report_docx import ReportOptions
from parindex.documents.report_xlsx import report_xlsx
from parindex.plans import Plan
from parindex.plans.progress import ItemReport, Period, Status, consolidate, measured_of
from parindex.plans.projection import best_value, project

VP = "Văn phòng UBND tỉnh"


def _report(plan: Plan, lang: str = "vi") -> Workbook:
    """Quý I 2021: Văn phòng UBND reported on 3.4.1 (98,04 %, below 99 %) on 10/3."""
    framework = frameworks.find(plan.framework)
    reports = [
        ItemReport(
            "3.4.1",
            VP,
            Period.Q1,
            Status.IN_PROGRESS,
            {"on_time": 45100, "total": 46000},
            difficulties="Phần mềm chưa kết nối",
            submitted_on=date(2021, 3, 10),
        )
    ]
    result = consolidate(plan, reports, Period.Q1, 2021, date(2021, 3, 20), framework=framework)
    data = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"), LAO_CAI_2020.name)
    projection = project(framework, data.inputs, plan, measured_of(result))
    options = ReportOptions(
        projection=projection,
        rank_current=(20, 63),
        rank_targets=(9, 63),
        best=best_value(projection.current, plan),
    )
    return openpyxl.load_workbook(io.BytesIO(report_xlsx(plan, result, options, lang)))


@pytest.fixture(scope="module")
def workbook(plan: Plan) -> Workbook:
    return _report(plan)


def test_one_sheet_per_table(workbook: Workbook) -> None:
    assert workbook.sheetnames == [
        "Theo lĩnh vực",
        "Theo cơ quan",
        "Chi tiết",
        "Nguy cơ",
        "Chậm báo cáo",
        "Dự kiến điểm",
        "Hiệu quả",
    ]
    for ws in workbook:
        assert ws.freeze_panes == "A4"
        assert ws["A1"].font.name == "Times New Roman"
        assert ws.column_dimensions["B"].width >= 10


def test_counts_are_values_and_totals_formulas(workbook: Workbook) -> None:
    ws = workbook["Theo lĩnh vực"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[2] == ("3. Công tác cải cách thủ tục hành chính", 4, 1, 0, 1, 0, 0, 0, 3, 1)
    assert rows[-1][:3] == ("Tổng cộng", "=SUM(B4:B11)", "=SUM(C4:C11)")
    agencies = {r[0]: r for r in workbook["Theo cơ quan"].iter_rows(min_row=4, values_only=True)}
    assert agencies[VP][1:3] == (4, 1)


def test_items_risks_and_overdue(workbook: Workbook) -> None:
    items = {r[1]: r for r in workbook["Chi tiết"].iter_rows(min_row=4, values_only=True)}
    row = items["3.4.1"]
    assert row[5] == "Đang thực hiện"
    assert row[6] == "Tỷ lệ hồ sơ giải quyết đúng hạn: 98,04%"
    assert row[8] == "Phần mềm chưa kết nối"
    assert row[4] == datetime(2021, 12, 31) and row[9] == datetime(2021, 3, 10)
    assert items["1.R"][5] == "Chưa báo cáo"
    risks = workbook["Nguy cơ"]
    assert [c.value for c in risks[3]] == ["Mã", "Nội dung", "Cơ quan chủ trì", "Lý do"]
    risk = next(risks.iter_rows(min_row=4, values_only=True))
    assert risk[0] == "3.4.1" and len(risk) == 4  # the reason in words, no code column
    assert risk[3] == "Tỷ lệ hồ sơ giải quyết đúng hạn mới đạt 98,04% (chỉ tiêu ≥ 99,00%)"
    overdue = {r[0]: r for r in workbook["Chậm báo cáo"].iter_rows(min_row=4, values_only=True)}
    assert overdue[VP] == (VP, "Chưa báo cáo", 3, "3.4.2, 3.4.3, 3.R", 5)
    assert workbook["Chậm báo cáo"]["A1"].value.endswith("(thời hạn 15/03/2021)")


def test_projection_sheet_has_both_scenarios_and_difference_formulas(workbook: Workbook) -> None:
    ws = workbook["Dự kiến điểm"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    area3 = rows[2]
    assert area3[0] == "3"
    assert (Decimal(str(area3[3])), Decimal(str(area3[4]))) == (
        Decimal("13.4517"),  # 13,4438 − 1,4628 + 1,4707
        Decimal("13.5"),
    )
    assert area3[5] == "=E6-D6"
    assert rows[9][1:4] == ("Tổng cộng", "=SUM(C4:C12)", "=SUM(D4:D12)")
    assert rows[10][1:4] == ("Xếp hạng dự kiến nếu giữ nguyên kết quả hiện tại", 20, "/ 63")
    assert (type(ws["D6"].value), ws["D6"].number_format) == (float, "General")


def test_best_value_sheet_orders_by_points_per_effort(workbook: Workbook) -> None:
    rows = list(workbook["Hiệu quả"].iter_rows(min_row=4, values_only=True))
    assert rows[0][:4] == (1, "1.BNV", rows[0][2], "Chấm trực tiếp")
    assert rows[0][8] == "=ROUND(G4/H4,4)"


def test_every_figure_is_a_typed_cell_with_the_format_of_its_kind(workbook: Workbook) -> None:
    counts = workbook["Theo lĩnh vực"]
    assert (type(counts["B6"].value), counts["B6"].number_format) == (int, "#,##0")
    total = counts.max_row
    assert counts.cell(total, 2).number_format == "#,##0"
    items = workbook["Chi tiết"]
    row = next(r for r in items.iter_rows(min_row=4) if r[1].value == "3.4.1")
    assert (type(row[4].value), row[4].number_format) == (datetime, "dd/mm/yyyy")
    assert (type(row[9].value), row[9].number_format) == (datetime, "dd/mm/yyyy")
    best = workbook["Hiệu quả"]
    assert (best["A4"].value, best["A4"].number_format) == (1, "#,##0")
    assert (type(best["E4"].value), best["E4"].number_format) in {
        (int, "General"),
        (float, "General"),
    }
    assert best["I4"].number_format == "General"


def test_a_reported_input_without_its_measure_is_named_by_its_title(plan: Plan) -> None:
    """Only the numerator reported: no rate to give, so the input itself, in words."""
    from parindex.documents.report_docx import measured_text

    framework = frameworks.find(plan.framework)
    reports = [
        ItemReport(
            "3.4.1",
            VP,
            Period.Q1,
            Status.IN_PROGRESS,
            {"on_time": 45100},
            submitted_on=date(2021, 3, 10),
        ),
    ]
    result = consolidate(plan, reports, Period.Q1, 2021, date(2021, 3, 20), framework=framework)
    progress = next(p for p in result.items if p.item.key == "3.4.1")
    assert measured_text(progress.item, progress) == "Số hồ sơ giải quyết đúng hạn: 45.100 hồ sơ"


def test_in_english_sheets_titles_headings_and_fixed_words_are_english(plan: Plan) -> None:
    book = _report(plan, "en")
    assert book.sheetnames == [
        "By area",
        "By agency",
        "Items",
        "Risks",
        "Late reports",
        "Projected score",
        "Best value",
    ]
    counts = [
        "Items",
        "Reported",
        "Done",
        "In progress",
        "Not started",
        "Behind schedule",
        "Reported at risk",
        "Not reported",
        "At risk of missing",
    ]
    areas = book["By area"]
    assert areas["A1"].value == "Progress of the 2021 plan by area, Q1 2021 - Tỉnh Lào Cai"
    assert [c.value for c in areas[3]] == ["Area", *counts]
    assert areas.cell(areas.max_row, 1).value == "Total"
    assert [c.value for c in book["By agency"][3]] == ["Lead agency", *counts]
    items = book["Items"]
    assert [c.value for c in items[3]] == [
        "Area",
        "No.",
        "Item",
        "Lead agency",
        "Deadline",
        "Status",
        "Measured",
        "Note",
        "Difficulties",
        "Reported on",
    ]
    status = {row[1].value: row[5].value for row in items.iter_rows(min_row=4)}
    assert (status["1.R"], status["3.4.1"]) == ("Not reported", "In progress")
    risks = book["Risks"]
    assert [c.value for c in risks[3]] == ["No.", "Item", "Lead agency", "Reason"]
    # the measure's name is the plan's own text; the sentence and figures are English
    assert risks["D4"].value == (
        "Tỷ lệ hồ sơ giải quyết đúng hạn reached only 98.04% (target ≥ 99.00%)"
    )
    late = book["Late reports"]
    assert late["A1"].value == "Agencies late to report for Q1 2021 (deadline 15/03/2021)"
    assert [c.value for c in late[3]] == ["Agency", "Status", "Items", "Item", "Days late"]
    assert late["B4"].value == "Not reported"
    projection = book["Projected score"]
    assert [c.value for c in projection[3]] == [
        "No.",
        "Area",
        "Maximum points",
        "Current results kept",
        "Every target met",
        "Difference",
    ]
    labels = [row[1].value for row in projection.iter_rows(min_row=4)]
    assert labels[-3:] == [
        "Total",
        "Projected rank if current results are kept",
        "Projected rank if every target is met",
    ]
    best = book["Best value"]
    assert [c.value for c in best[3]] == [
        "Order",
        "No.",
        "Criterion",
        "Rule kind",
        "Current points",
        "Target points",
        "Points gained",
        "Effort (1-5)",
        "Points / effort",
    ]
    assert (best["B4"].value, best["D4"].value) == ("1.BNV", "Scored directly")
