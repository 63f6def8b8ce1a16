"""Excel workbooks of the plan pages' tables and the consolidated periodic report (Word, Excel).

Every figure is a typed cell with the number format of its kind (``parindex.io.xlsx.put_row``;
docs/web.md, "Excel"), headers in the interface language.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from parindex.documents.report_docx import (
    ReportOptions,
    measured_text,
    report_docx,
    reported_text,
)
from parindex.documents.report_xlsx import report_xlsx
from parindex.io.xlsx import put_row, save_workbook
from parindex.presentation.numbers import fmt_measured, kind_of_unit
from parindex.presentation.text import measure_title
from parindex.web.plans.models import Plan
from parindex.web.plans.pages import PeriodView, Row
from parindex.web.site.language import lang

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: (title, headers, kinds of the columns, rows): each column's kind of figure ("count",
#: "points", "year", "date", "datetime", "text"…; ``parindex.presentation.numbers.KINDS``).
Sheet = tuple[str, Sequence[str], Sequence[str], Sequence[Sequence[Any]]]


def _cell(value: Any) -> Any:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value)
    return value


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """Sheets of (title, headers, kinds, rows) as .xlsx bytes; bold frozen header, filters."""
    wb = Workbook()
    first = True
    for title, headers, kinds, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = title[:31]
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            put_row(ws, [_cell(v) for v in row], kinds)
        ws.freeze_panes = "A2"
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    save_workbook(wb, out)
    return out.getvalue()


def download(data: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def plans_sheet(plans: Sequence[Plan]) -> Sheet:
    return (
        _("Kế hoạch"),
        [
            _("Năm"),
            _("Đơn vị"),
            _("Kế hoạch"),
            _("Trạng thái"),
            _("Số"),
            _("Ngày ban hành"),
            _("Phiên bản"),
        ],
        ["year", "text", "text", "text", "text", "date", "count"],
        [
            [
                p.year,
                p.unit.name,
                p.title,
                p.get_status_display(),
                f"{p.number}/{p.symbol}" if p.number else "",
                p.issued_on,
                p.version,
            ]
            for p in plans
        ],
    )


def versions_sheet(plan: Plan, versions: Sequence[Any]) -> Sheet:
    return (
        _("Phiên bản"),
        [_("Phiên bản"), _("Lưu lúc"), _("Người lưu"), _("Ghi chú")],
        ["count", "datetime", "text", "text"],
        [[v.number, v.at, str(v.by or ""), v.note_text] for v in versions],
    )


def _measured(row: Row) -> str:
    """What was measured in words ('Tỷ lệ hồ sơ giải quyết đúng hạn: 98,04%'), never keys."""
    if row.progress.report is not None:
        return measured_text(row.item, row.progress, lang())
    if row.report is None or not row.report.measured:
        return ""
    measures = {m.name: m for m in row.item.measures}
    parts = []
    for key, raw in row.report.measured.items():
        try:
            value: object = Decimal(str(raw))
        except ArithmeticError:
            value = raw
        measure = measures.get(key)
        if measure is None or not isinstance(value, Decimal):
            parts.append(reported_text(row.item, key, value, lang()))
            continue
        text = fmt_measured(value, kind_of_unit(measure.unit), lang(), measure.unit)
        title = measure_title(measure.name, measure.title, row.item.inputs, lang())
        parts.append(f"{title}: {text}")
    return "; ".join(parts)


def rows_sheet(rows: Sequence[Row]) -> Sheet:
    """The items a focal point's agency leads, with what it reported."""
    return (
        _("Báo cáo"),
        [
            _("Lĩnh vực"),
            _("Mục"),
            _("Nội dung"),
            _("Cơ quan chủ trì"),
            _("Tình trạng"),
            _("Giá trị đo được"),
            _("Kết quả thực hiện"),
            _("Khó khăn, vướng mắc"),
            _("Gửi lúc"),
        ],
        [*["text"] * 8, "datetime"],
        [
            [
                r.item.area,
                r.item.key,
                r.item.title,
                r.item.lead,
                r.report.get_status_display() if r.report else _("Chưa báo cáo"),
                _measured(r),
                r.report.note if r.report else "",
                r.report.difficulties if r.report else "",
                r.report.submitted_at if r.report else None,
            ]
            for r in rows
        ],
    )


def _options(view: PeriodView) -> ReportOptions:
    rank = view.rank
    return ReportOptions(
        projection=view.projection,
        best=view.best,
        rank_current=rank.current,
        rank_targets=rank.targets,
        rank_year=rank.year if rank.current else None,
        satisfaction=view.satisfaction,
    )


def consolidated_docx(view: PeriodView) -> bytes:
    """The consolidated periodic report (``documents.report_docx``) for one period."""
    return report_docx(view.pure, view.consolidation, _options(view))


def consolidated_xlsx(view: PeriodView) -> bytes:
    """The same report's tables (``documents.report_xlsx``): every table of the period page."""
    return report_xlsx(view.pure, view.consolidation, _options(view), lang())
