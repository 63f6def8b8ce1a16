"""Excel workbook of the periodic report: counts per area and agency, items, risks, projection.

Figures are values; totals and differences are formulas (=SUM, =D-C), so a secretariat that
corrects a figure in Excel sees the totals follow. Every figure is a typed cell with the number
format of its kind (``parindex.io.xlsx.put_row``; docs/web.md, "Excel"): counts ``#,##0``,
points rounded to 4 places, percentages as fractions in ``0.00%``, dates real dates.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parindex.documents.formats import deadline_text
from parindex.documents.plan_xlsx import FONT, _finish, _sheet
from parindex.documents.report_docx import (
    NOT_REPORTED,
    STATUS_TEXT,
    TARGET_STATUS_TEXT,
    ReportOptions,
    Satisfaction,
    capital,
    measured_text,
    period_phrase,
    risk_text,
)
from parindex.io.xlsx import allow_formula, put_row, save_workbook
from parindex.plans.model import Plan
from parindex.plans.progress import Consolidation, Counts
from parindex.presentation.numbers import XLSX_FORMATS, fmt_operator

POINTS_FORMAT = XLSX_FORMATS["points"]
COUNT_FORMAT = XLSX_FORMATS["count"]

#: How a criterion's points are computed (its rule's kind), in the document's words.
RULE_TEXT = {
    "proportional": "Tỷ lệ",
    "threshold_proportional": "Tỷ lệ so với ngưỡng",
    "base_proportional": "Điểm cơ sở cộng tỷ lệ",
    "bands": "Theo khoảng",
    "compare_previous": "So với năm trước",
    "yes_no": "Có/không",
    "choice": "Chọn mức",
    "bonus": "Điểm thưởng",
    "penalty": "Điểm trừ",
    "formula": "Công thức",
    "manual": "Chấm trực tiếp",
}


def rule_text(kind: str) -> str:
    """A rule's kind in words ('Chấm trực tiếp'); an unknown kind reads 'Khác', never a code."""
    return RULE_TEXT.get(kind, "Khác")


COUNT_HEADERS = [
    "Số nội dung",
    "Đã báo cáo",
    "Hoàn thành",
    "Đang thực hiện",
    "Chưa triển khai",
    "Chậm tiến độ",
    "Báo cáo có nguy cơ",
    "Chưa báo cáo",
    "Có nguy cơ không đạt",
]


def _count_values(counts: Counts) -> list[int]:
    return [
        counts.items,
        counts.reported,
        counts.done,
        counts.in_progress,
        counts.not_started,
        counts.late,
        counts.reported_at_risk,
        counts.not_reported,
        counts.at_risk,
    ]


def _counts_sheet(
    ws: Worksheet, title: str, first: str, rows: Sequence[tuple[str, Counts]]
) -> None:
    _sheet(ws, title, [first, *COUNT_HEADERS], [44, *[12] * len(COUNT_HEADERS)])
    kinds = ["text", *["count"] * len(COUNT_HEADERS)]
    for name, counts in rows:
        put_row(ws, [name, *_count_values(counts)], kinds)
    first_row, last_row = 4, ws.max_row
    total = ["Tổng cộng"]
    for col in range(2, len(COUNT_HEADERS) + 2):
        letter = get_column_letter(col)
        total.append(f"=SUM({letter}{first_row}:{letter}{last_row})")
    ws.append(total)
    allow_formula(ws, ws[ws.max_row][1:])
    for cell in ws[ws.max_row][1:]:
        cell.number_format = COUNT_FORMAT
    _finish(ws)
    for cell in ws[ws.max_row]:
        cell.font = Font(name=FONT, bold=True)
    # The filter covers the data rows, not the total.
    ws.auto_filter.ref = f"A3:{get_column_letter(ws.max_column)}{last_row}"


def report_xlsx(
    plan: Plan, consolidation: Consolidation, options: ReportOptions | None = None
) -> bytes:
    """The periodic report as .xlsx bytes, one sheet per table."""
    options = options or ReportOptions()
    phrase = period_phrase(consolidation.period, consolidation.plan_year)
    areas = {a.code: a for a in plan.areas}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Theo lĩnh vực"
    _counts_sheet(
        ws,
        f"Tình hình thực hiện Kế hoạch năm {plan.year} theo lĩnh vực, {phrase} - {plan.unit}",
        "Lĩnh vực",
        [
            (f"{code}. {capital(areas[code].title)}" if code in areas else code, counts)
            for code, counts in consolidation.by_area
        ],
    )
    _counts_sheet(
        wb.create_sheet("Theo cơ quan"),
        f"Tình hình thực hiện theo cơ quan chủ trì, {phrase} - {plan.unit}",
        "Cơ quan chủ trì",
        list(consolidation.by_agency),
    )

    items = wb.create_sheet("Chi tiết")
    _sheet(
        items,
        f"Tình hình thực hiện từng nội dung, {phrase}",
        [
            "Lĩnh vực",
            "Mã",
            "Nội dung",
            "Cơ quan chủ trì",
            "Thời hạn",
            "Tình trạng",
            "Kết quả đo lường",
            "Ghi chú",
            "Khó khăn, vướng mắc",
            "Ngày báo cáo",
        ],
        [9, 12, 50, 28, 12, 18, 30, 30, 30, 12],
    )
    kinds = ["text", "text", "text", "text", "date", "text", "text", "text", "text", "date"]
    for p in consolidation.items:
        report = p.report
        values: list[object] = [
            p.item.area,
            p.item.key,
            p.item.title,
            p.item.lead,
            p.item.deadline,
            STATUS_TEXT[report.status] if report else NOT_REPORTED,
            measured_text(p.item, p),
            report.note if report else "",
            report.difficulties if report else "",
            report.submitted_on if report else None,
        ]
        put_row(items, values, kinds)
    _finish(items)

    risks = wb.create_sheet("Nguy cơ")
    _sheet(
        risks,
        f"Nội dung có nguy cơ không đạt, {phrase}",
        ["Mã", "Nội dung", "Cơ quan chủ trì", "Lý do"],
        [12, 50, 28, 60],
    )
    for p in consolidation.at_risk:
        for risk in p.risks:
            values = [p.item.key, p.item.title, p.item.lead, capital(risk_text(p.item, risk))]
            put_row(risks, values, ["text"] * 4)
    _finish(risks)

    overdue = wb.create_sheet("Chậm báo cáo")
    _sheet(
        overdue,
        f"Cơ quan chậm báo cáo {phrase} (thời hạn {deadline_text(consolidation.deadline)})",
        ["Cơ quan", "Tình trạng", "Số nội dung", "Nội dung", "Số ngày chậm"],
        [34, 22, 12, 50, 12],
    )
    for o in consolidation.overdue:
        state = "Đã báo cáo chậm" if o.submitted else "Chưa báo cáo"
        values = [o.agency, state, len(o.items), ", ".join(o.items), o.days_late]
        put_row(overdue, values, ["text", "text", "count", "text", "count"])
    _finish(overdue)

    if options.satisfaction is not None:
        _satisfaction_sheet(wb.create_sheet("Hài lòng"), options.satisfaction)
    if options.projection is not None:
        _projection_sheet(wb.create_sheet("Dự kiến điểm"), plan, options)
    if options.best:
        best = wb.create_sheet("Hiệu quả")
        _sheet(
            best,
            "Tiêu chí theo số điểm tăng được trên một đơn vị công sức",
            [
                "Thứ tự",
                "Mã",
                "Tiêu chí",
                "Loại quy tắc",
                "Điểm hiện tại",
                "Điểm mục tiêu",
                "Điểm tăng",
                "Công sức (1-5)",
                "Điểm / công sức",
            ],
            [8, 10, 50, 20, 12, 12, 12, 12, 14],
        )
        kinds = ["count", "text", "text", "text", "points", "points", "points", "count"]
        for n, opp in enumerate(options.best, start=1):
            values = [n, opp.code, opp.title, rule_text(opp.rule), opp.score, opp.target]
            put_row(best, [*values, opp.gain, opp.effort], kinds)
            row = best.max_row
            ratio = best.cell(row=row, column=9, value=f"=ROUND(G{row}/H{row},4)")
            allow_formula(best, ratio)
            ratio.number_format = POINTS_FORMAT
        _finish(best)
    out = io.BytesIO()
    save_workbook(wb, out)
    return out.getvalue()


def _projection_sheet(ws: Worksheet, plan: Plan, options: ReportOptions) -> None:
    projection = options.projection
    assert projection is not None
    _sheet(
        ws,
        f"Dự kiến điểm Chỉ số CCHC năm {plan.year} - {plan.unit}",
        [
            "Mã",
            "Lĩnh vực",
            "Điểm tối đa",
            "Giữ nguyên kết quả hiện tại",
            "Đạt toàn bộ chỉ tiêu",
            "Chênh lệch",
        ],
        [8, 56, 12, 16, 16, 12],
    )
    kinds = ["text", "text", "points", "points", "points"]
    for area in projection.areas:
        put_row(ws, [area.code, area.title, area.max, area.current, area.targets], kinds)
        row = ws.max_row
        allow_formula(ws, ws.cell(row=row, column=6, value=f"=E{row}-D{row}"))
    first, last = 4, ws.max_row
    ws.append(
        [
            "",
            "Tổng cộng",
            f"=SUM(C{first}:C{last})",
            f"=SUM(D{first}:D{last})",
            f"=SUM(E{first}:E{last})",
            f"=E{last + 1}-D{last + 1}",
        ]
    )
    allow_formula(ws, ws[ws.max_row][2:6])
    for row in ws.iter_rows(min_row=first, min_col=3, max_col=6):
        for cell in row:
            cell.number_format = POINTS_FORMAT
    for label, rank in (
        ("Xếp hạng dự kiến nếu giữ nguyên kết quả hiện tại", options.rank_current),
        ("Xếp hạng dự kiến nếu đạt toàn bộ chỉ tiêu", options.rank_targets),
    ):
        if rank is not None:
            put_row(ws, ["", label, rank[0], f"/ {rank[1]}"], ["text", "text", "count", "text"])
    _finish(ws)
    ws.auto_filter.ref = None
    for cell in ws[last + 1]:
        cell.font = Font(name=FONT, bold=True)


def _satisfaction_sheet(ws: Worksheet, satisfaction: Satisfaction) -> None:
    """The SIPAS survey: each factor and the overall index (%) with its interval, the target."""
    title = f"Sự hài lòng của người dân, tổ chức (SIPAS) năm {satisfaction.year}"
    if satisfaction.survey:
        title += f" - {satisfaction.survey}"
    _sheet(
        ws,
        title,
        ["Yếu tố", "Tỷ lệ hài lòng", "Cận dưới", "Cận trên"],
        [50, 16, 14, 14],
    )
    overall = satisfaction.overall
    for figure in (*satisfaction.factors, overall):
        name = "Chỉ số hài lòng chung" if figure is overall else figure.label
        values = [name, figure.value, figure.low, figure.high]
        put_row(ws, values, ["text", "percent", "percent", "percent"])
    last = ws.max_row
    if satisfaction.respondents:
        put_row(ws, ["Số người trả lời", satisfaction.respondents], ["text", "count"])
    if satisfaction.target is not None:
        label = f"Chỉ tiêu của Kế hoạch ({fmt_operator(satisfaction.target_op)})"
        put_row(ws, [label, satisfaction.target], ["text", "percent"])
        verdict = TARGET_STATUS_TEXT[satisfaction.target_status()]
        put_row(ws, ["Đánh giá", verdict], ["text", "text"])
    _finish(ws)
    ws.auto_filter.ref = f"A3:D{last}"
    for cell in ws[last]:
        cell.font = Font(name=FONT, bold=True)
