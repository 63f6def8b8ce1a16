from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl

from parindex.documents.plan_xlsx import plan_xlsx
from parindex.plans import Plan, Task, add_task


def _workbook(plan: Plan) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(plan_xlsx(plan)))


def test_targets_sheet_has_vietnamese_headers_and_one_row_per_target(plan: Plan) -> None:
    sheet = _workbook(plan)["Chỉ tiêu"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Chỉ tiêu Kế hoạch nâng cao Chỉ số CCHC năm 2021 - Tỉnh Lào Cai"
    assert rows[2] == (
        "Lĩnh vực",
        "Mã",
        "Tiêu chí, tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm tự chấm năm 2020",
        "Điểm mục tiêu năm 2021",
        "Chỉ tiêu đo lường",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
    )
    assert len(rows) == 3 + len(plan.targets())


def test_points_are_numbers_formatted_by_excel_not_text(plan: Plan) -> None:
    sheet = _workbook(plan)["Chỉ tiêu"]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[1].value == "3.4.1")
    assert isinstance(row[4].value, float) and Decimal(str(row[4].value)) == Decimal("1.4628")
    assert row[4].number_format == "General"  # rounded to 4 places: 1.4628, 0.5, 7
    assert (type(row[3].value), row[3].number_format) == (float, "General")
    assert row[6].value == "Tỷ lệ hồ sơ giải quyết đúng hạn ≥ 99,00%"
    assert row[7].value == "Văn phòng UBND tỉnh"
    assert row[0].font.name == "Times New Roman"


def test_tasks_sheet_keeps_deadlines_as_dates(plan: Plan) -> None:
    edited = add_task(
        plan, "3", Task("Xin lỗi khi trễ hẹn", "Văn phòng UBND tỉnh", date(2021, 3, 31))
    )
    sheet = _workbook(edited)["Nhiệm vụ"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("STT", "Lĩnh vực", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn")
    assert rows[1] == (1, "3", "Xin lỗi khi trễ hẹn", "Văn phòng UBND tỉnh", datetime(2021, 3, 31))
    assert sheet.cell(row=4, column=5).number_format == "dd/mm/yyyy"
    assert sheet.cell(row=4, column=1).number_format == "#,##0"


def test_workbook_in_english_has_english_sheets_titles_and_headings(plan: Plan) -> None:
    edited = add_task(
        plan, "3", Task("Xin lỗi khi trễ hẹn", "Văn phòng UBND tỉnh", date(2021, 3, 31))
    )
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx(edited, "en")))
    assert book.sheetnames == ["Targets", "Tasks"]
    targets = list(book["Targets"].iter_rows(values_only=True))
    assert targets[0][0] == "Targets of the 2021 plan to improve the PAR INDEX - Tỉnh Lào Cai"
    assert targets[2] == (
        "Area",
        "No.",
        "Criterion or sub-criterion",
        "Maximum points",
        "Self-assessed score 2020",
        "Target points 2021",
        "Measured targets",
        "Lead agency",
        "Coordinating agencies",
    )
    row = next(r for r in targets[3:] if r[1] == "3.4.1")
    assert row[6] == "Tỷ lệ hồ sơ giải quyết đúng hạn ≥ 99.00%"  # the plan's own words
    tasks = list(book["Tasks"].iter_rows(values_only=True))
    assert tasks[0][0] == "Tasks for 2021 - Tỉnh Lào Cai"
    assert tasks[2] == ("No.", "Area", "Task", "Lead agency", "Deadline")
    assert tasks[3] == (1, "3", "Xin lỗi khi trễ hẹn", "Văn phòng UBND tỉnh", datetime(2021, 3, 31))
