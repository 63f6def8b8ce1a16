"""Excel export of a plan's targets and tasks, with Vietnamese headers."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parindex.documents.plan_docx import measure_text
from parindex.io.xlsx import put_row, save_workbook
from parindex.plans.model import Plan
from parindex.presentation.text import phrase

FONT = "Times New Roman"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _sheet(ws: Worksheet, title: str, headers: list[str], widths: list[int]) -> None:
    ws.append([title])
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    ws.append([])
    ws.append(headers)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        cell = ws.cell(row=3, column=col)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
    ws.freeze_panes = "A4"


def _finish(ws: Worksheet) -> None:
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BOX
    if ws.max_row > 3:
        ws.auto_filter.ref = f"A3:{get_column_letter(ws.max_column)}{ws.max_row}"


def plan_xlsx(plan: Plan) -> bytes:
    """The plan's targets (sheet 'Chỉ tiêu') and tasks (sheet 'Nhiệm vụ') as .xlsx bytes."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Chỉ tiêu"
    _sheet(
        ws,
        f"Chỉ tiêu Kế hoạch nâng cao Chỉ số CCHC năm {plan.year} - {plan.unit}",
        [
            "Lĩnh vực",
            "Mã",
            "Tiêu chí, tiêu chí thành phần",
            "Điểm tối đa",
            f"{phrase(f'heading_{plan.basis}')} năm {plan.base_year}",
            f"Điểm mục tiêu năm {plan.year}",
            "Chỉ tiêu đo lường",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
        ],
        [9, 9, 50, 11, 13, 13, 36, 28, 28],
    )
    kinds = ["text", "text", "text", "points", "points", "points", "text", "text", "text"]
    for area, target in plan.targets():
        values = [
            area.code,
            target.code,
            target.title,
            target.max,
            target.base_score,
            target.points,
            "; ".join(measure_text(m) for m in target.measures),
            target.lead or "; ".join(lead.agency for lead in area.leads),
            area.coordinating,
        ]
        put_row(ws, values, kinds)
    _finish(ws)

    tasks = wb.create_sheet("Nhiệm vụ")
    _sheet(
        tasks,
        f"Nhiệm vụ cụ thể năm {plan.year} - {plan.unit}",
        ["STT", "Lĩnh vực", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
        [6, 9, 60, 30, 13],
    )
    for index, (area, task) in enumerate(plan.tasks(), start=1):
        values = [index, area.code, task.text, task.lead, task.deadline]
        put_row(tasks, values, ["count", "text", "text", "text", "date"])
    _finish(tasks)
    out = io.BytesIO()
    save_workbook(wb, out)
    return out.getvalue()
