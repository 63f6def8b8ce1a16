"""Excel export of a plan's targets and tasks, headed in the reader's language (Vietnamese
by default, English available through the `parindex` catalogue)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parindex.documents.plan_docx import measure_text
from parindex.i18n import pgettext_noop, translate
from parindex.io.xlsx import put_row, save_workbook
from parindex.plans.model import Plan
from parindex.presentation.text import phrase

FONT = "Times New Roman"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

#: The workbook's own words: sheet names, titles and column headings.
WORDS = {
    "targets": pgettext_noop("plan workbook", "Chỉ tiêu"),
    "tasks": pgettext_noop("plan workbook", "Nhiệm vụ"),
    "targets_title": pgettext_noop(
        "plan workbook", "Chỉ tiêu Kế hoạch nâng cao Chỉ số CCHC năm {year} - {unit}"
    ),
    "tasks_title": pgettext_noop("plan workbook", "Nhiệm vụ cụ thể năm {year} - {unit}"),
    "area": pgettext_noop("plan workbook", "Lĩnh vực"),
    "code": pgettext_noop("plan workbook", "Mã"),
    "title": pgettext_noop("plan workbook", "Tiêu chí, tiêu chí thành phần"),
    "max": pgettext_noop("plan workbook", "Điểm tối đa"),
    "base": pgettext_noop("plan workbook", "{heading} năm {year}"),
    "points": pgettext_noop("plan workbook", "Điểm mục tiêu năm {year}"),
    "measures": pgettext_noop("plan workbook", "Chỉ tiêu đo lường"),
    "lead": pgettext_noop("plan workbook", "Cơ quan chủ trì"),
    "coordinating": pgettext_noop("plan workbook", "Cơ quan phối hợp"),
    "number": pgettext_noop("plan workbook", "STT"),
    "task": pgettext_noop("plan workbook column", "Nhiệm vụ"),
    "deadline": pgettext_noop("plan workbook", "Thời hạn"),
}


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


def plan_xlsx(plan: Plan, lang: str = "vi") -> bytes:
    """The plan's targets (sheet 'Chỉ tiêu') and tasks (sheet 'Nhiệm vụ') as .xlsx bytes."""

    def word(key: str, **values: object) -> str:
        return translate(WORDS[key], lang).format(**values)

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = word("targets")
    _sheet(
        ws,
        word("targets_title", year=plan.year, unit=plan.unit),
        [
            word("area"),
            word("code"),
            word("title"),
            word("max"),
            word("base", heading=phrase(f"heading_{plan.basis}", lang), year=plan.base_year),
            word("points", year=plan.year),
            word("measures"),
            word("lead"),
            word("coordinating"),
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
            "; ".join(measure_text(m, lang) for m in target.measures),
            target.lead or "; ".join(lead.agency for lead in area.leads),
            area.coordinating,
        ]
        put_row(ws, values, kinds)
    _finish(ws)

    tasks = wb.create_sheet(word("tasks"))
    _sheet(
        tasks,
        word("tasks_title", year=plan.year, unit=plan.unit),
        [word("number"), word("area"), word("task"), word("lead"), word("deadline")],
        [6, 9, 60, 30, 13],
    )
    for index, (area, task) in enumerate(plan.tasks(), start=1):
        values = [index, area.code, task.text, task.lead, task.deadline]
        put_row(tasks, values, ["count", "text", "text", "text", "date"])
    _finish(tasks)
    out = io.BytesIO()
    save_workbook(wb, out)
    return out.getvalue()
