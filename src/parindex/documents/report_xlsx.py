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
    NOT_REPORTED_MESSAGE,
    STATUS_MESSAGES,
    TARGET_STATUS_MESSAGES,
    ReportOptions,
    Satisfaction,
    capital,
    measured_text,
    period_phrase,
    risk_text,
)
from parindex.i18n import Message, pgettext_noop, translate
from parindex.io.xlsx import allow_formula, put_row, save_workbook
from parindex.plans.model import Plan
from parindex.plans.progress import Consolidation, Counts
from parindex.presentation.numbers import XLSX_FORMATS, fmt_operator

POINTS_FORMAT = XLSX_FORMATS["points"]
COUNT_FORMAT = XLSX_FORMATS["count"]

#: How a criterion's points are computed (its rule's kind), in the document's words.
RULE_TEXT = {
    "proportional": pgettext_noop("rule kind", "Tỷ lệ"),
    "threshold_proportional": pgettext_noop("rule kind", "Tỷ lệ so với ngưỡng"),
    "base_proportional": pgettext_noop("rule kind", "Điểm cơ sở cộng tỷ lệ"),
    "bands": pgettext_noop("rule kind", "Theo khoảng"),
    "compare_previous": pgettext_noop("rule kind", "So với năm trước"),
    "yes_no": pgettext_noop("rule kind", "Có/không"),
    "choice": pgettext_noop("rule kind", "Chọn mức"),
    "bonus": pgettext_noop("rule kind", "Điểm thưởng"),
    "penalty": pgettext_noop("rule kind", "Điểm trừ"),
    "formula": pgettext_noop("rule kind", "Công thức"),
    "manual": pgettext_noop("rule kind", "Chấm trực tiếp"),
}
OTHER_RULE = pgettext_noop("rule kind", "Khác")


def rule_text(kind: str, lang: str = "vi") -> str:
    """A rule's kind in words ('Chấm trực tiếp'); an unknown kind reads 'Khác', never a code."""
    return translate(RULE_TEXT.get(kind, OTHER_RULE), lang)


COUNT_HEADERS = [
    pgettext_noop("report workbook", "Số nội dung"),
    pgettext_noop("report workbook", "Đã báo cáo"),
    pgettext_noop("report workbook", "Hoàn thành"),
    pgettext_noop("report workbook", "Đang thực hiện"),
    pgettext_noop("report workbook", "Chưa triển khai"),
    pgettext_noop("report workbook", "Chậm tiến độ"),
    pgettext_noop("report workbook", "Báo cáo có nguy cơ"),
    pgettext_noop("report workbook", "Chưa báo cáo"),
    pgettext_noop("report workbook", "Có nguy cơ không đạt"),
]

#: The workbook's own words: sheet names, titles, headings and fixed cells.
WORDS = {
    "total": pgettext_noop("report workbook", "Tổng cộng"),
    "by_area": pgettext_noop("report workbook", "Theo lĩnh vực"),
    "by_area_title": pgettext_noop(
        "report workbook",
        "Tình hình thực hiện Kế hoạch năm {year} theo lĩnh vực, {period} - {unit}",
    ),
    "area": pgettext_noop("report workbook", "Lĩnh vực"),
    "by_agency": pgettext_noop("report workbook", "Theo cơ quan"),
    "by_agency_title": pgettext_noop(
        "report workbook", "Tình hình thực hiện theo cơ quan chủ trì, {period} - {unit}"
    ),
    "lead": pgettext_noop("report workbook", "Cơ quan chủ trì"),
    "items": pgettext_noop("report workbook", "Chi tiết"),
    "items_title": pgettext_noop("report workbook", "Tình hình thực hiện từng nội dung, {period}"),
    "code": pgettext_noop("report workbook", "Mã"),
    "item": pgettext_noop("report workbook", "Nội dung"),
    "deadline": pgettext_noop("report workbook", "Thời hạn"),
    "status": pgettext_noop("report workbook", "Tình trạng"),
    "measured": pgettext_noop("report workbook", "Kết quả đo lường"),
    "note": pgettext_noop("report workbook", "Ghi chú"),
    "difficulties": pgettext_noop("report workbook", "Khó khăn, vướng mắc"),
    "reported_on": pgettext_noop("report workbook", "Ngày báo cáo"),
    "risks": pgettext_noop("report workbook", "Nguy cơ"),
    "risks_title": pgettext_noop("report workbook", "Nội dung có nguy cơ không đạt, {period}"),
    "reason": pgettext_noop("report workbook", "Lý do"),
    "overdue": pgettext_noop("report workbook", "Chậm báo cáo"),
    "overdue_title": pgettext_noop(
        "report workbook", "Cơ quan chậm báo cáo {period} (thời hạn {deadline})"
    ),
    "agency": pgettext_noop("report workbook", "Cơ quan"),
    "items_count": pgettext_noop("report workbook", "Số nội dung"),
    "days_late": pgettext_noop("report workbook", "Số ngày chậm"),
    "reported_late": pgettext_noop("report workbook", "Đã báo cáo chậm"),
    "satisfaction": pgettext_noop("report workbook", "Hài lòng"),
    "projection": pgettext_noop("report workbook", "Dự kiến điểm"),
    "best": pgettext_noop("report workbook", "Hiệu quả"),
    "best_title": pgettext_noop(
        "report workbook", "Tiêu chí theo số điểm tăng được trên một đơn vị công sức"
    ),
    "order": pgettext_noop("report workbook", "Thứ tự"),
    "criterion": pgettext_noop("report workbook", "Tiêu chí"),
    "rule": pgettext_noop("report workbook", "Loại quy tắc"),
    "score": pgettext_noop("report workbook", "Điểm hiện tại"),
    "target": pgettext_noop("report workbook", "Điểm mục tiêu"),
    "gain": pgettext_noop("report workbook", "Điểm tăng"),
    "effort": pgettext_noop("report workbook", "Công sức (1-5)"),
    "ratio": pgettext_noop("report workbook", "Điểm / công sức"),
    "projection_title": pgettext_noop(
        "report workbook", "Dự kiến điểm Chỉ số CCHC năm {year} - {unit}"
    ),
    "max": pgettext_noop("report workbook", "Điểm tối đa"),
    "keep": pgettext_noop("report workbook", "Giữ nguyên kết quả hiện tại"),
    "reach": pgettext_noop("report workbook", "Đạt toàn bộ chỉ tiêu"),
    "difference": pgettext_noop("report workbook", "Chênh lệch"),
    "rank_keep": pgettext_noop(
        "report workbook", "Xếp hạng dự kiến nếu giữ nguyên kết quả hiện tại"
    ),
    "rank_reach": pgettext_noop("report workbook", "Xếp hạng dự kiến nếu đạt toàn bộ chỉ tiêu"),
    "sipas_title": pgettext_noop(
        "report workbook", "Sự hài lòng của người dân, tổ chức (SIPAS) năm {year}"
    ),
    "factor": pgettext_noop("report workbook", "Yếu tố"),
    "satisfied": pgettext_noop("report workbook", "Tỷ lệ hài lòng"),
    "low": pgettext_noop("report workbook", "Cận dưới"),
    "high": pgettext_noop("report workbook", "Cận trên"),
    "overall": pgettext_noop("report workbook", "Chỉ số hài lòng chung"),
    "respondents": pgettext_noop("report workbook", "Số người trả lời"),
    "plan_target": pgettext_noop("report workbook", "Chỉ tiêu của Kế hoạch ({sign})"),
    "verdict": pgettext_noop("report workbook", "Đánh giá"),
}


def _say(message: Message, lang: str, **values: object) -> str:
    return translate(message, lang).format(**values)


def _word(key: str, lang: str, **values: object) -> str:
    return _say(WORDS[key], lang, **values)


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
    ws: Worksheet, title: str, first: str, rows: Sequence[tuple[str, Counts]], lang: str
) -> None:
    headers = [translate(header, lang) for header in COUNT_HEADERS]
    _sheet(ws, title, [first, *headers], [44, *[12] * len(COUNT_HEADERS)])
    kinds = ["text", *["count"] * len(COUNT_HEADERS)]
    for name, counts in rows:
        put_row(ws, [name, *_count_values(counts)], kinds)
    first_row, last_row = 4, ws.max_row
    total = [_word("total", lang)]
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
    plan: Plan,
    consolidation: Consolidation,
    options: ReportOptions | None = None,
    lang: str = "vi",
) -> bytes:
    """The periodic report as .xlsx bytes, one sheet per table, in ``lang``."""
    options = options or ReportOptions()
    phrase = period_phrase(consolidation.period, consolidation.plan_year, lang)

    def word(key: str, **values: object) -> str:
        return _word(key, lang, **values)

    areas = {a.code: a for a in plan.areas}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = word("by_area")
    _counts_sheet(
        ws,
        word("by_area_title", year=plan.year, period=phrase, unit=plan.unit),
        word("area"),
        [
            (f"{code}. {capital(areas[code].title)}" if code in areas else code, counts)
            for code, counts in consolidation.by_area
        ],
        lang,
    )
    _counts_sheet(
        wb.create_sheet(word("by_agency")),
        word("by_agency_title", period=phrase, unit=plan.unit),
        word("lead"),
        list(consolidation.by_agency),
        lang,
    )

    items = wb.create_sheet(word("items"))
    _sheet(
        items,
        word("items_title", period=phrase),
        [
            word("area"),
            word("code"),
            word("item"),
            word("lead"),
            word("deadline"),
            word("status"),
            word("measured"),
            word("note"),
            word("difficulties"),
            word("reported_on"),
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
            translate(STATUS_MESSAGES[report.status] if report else NOT_REPORTED_MESSAGE, lang),
            measured_text(p.item, p, lang),
            report.note if report else "",
            report.difficulties if report else "",
            report.submitted_on if report else None,
        ]
        put_row(items, values, kinds)
    _finish(items)

    risks = wb.create_sheet(word("risks"))
    _sheet(
        risks,
        word("risks_title", period=phrase),
        [word("code"), word("item"), word("lead"), word("reason")],
        [12, 50, 28, 60],
    )
    for p in consolidation.at_risk:
        for risk in p.risks:
            values = [p.item.key, p.item.title, p.item.lead, capital(risk_text(p.item, risk, lang))]
            put_row(risks, values, ["text"] * 4)
    _finish(risks)

    overdue = wb.create_sheet(word("overdue"))
    _sheet(
        overdue,
        word("overdue_title", period=phrase, deadline=deadline_text(consolidation.deadline)),
        [word("agency"), word("status"), word("items_count"), word("item"), word("days_late")],
        [34, 22, 12, 50, 12],
    )
    for o in consolidation.overdue:
        state = word("reported_late") if o.submitted else translate(NOT_REPORTED_MESSAGE, lang)
        values = [o.agency, state, len(o.items), ", ".join(o.items), o.days_late]
        put_row(overdue, values, ["text", "text", "count", "text", "count"])
    _finish(overdue)

    if options.satisfaction is not None:
        _satisfaction_sheet(wb.create_sheet(word("satisfaction")), options.satisfaction, lang)
    if options.projection is not None:
        _projection_sheet(wb.create_sheet(word("projection")), plan, options, lang)
    if options.best:
        best = wb.create_sheet(word("best"))
        _sheet(
            best,
            word("best_title"),
            [
                word("order"),
                word("code"),
                word("criterion"),
                word("rule"),
                word("score"),
                word("target"),
                word("gain"),
                word("effort"),
                word("ratio"),
            ],
            [8, 10, 50, 20, 12, 12, 12, 12, 14],
        )
        kinds = ["count", "text", "text", "text", "points", "points", "points", "count"]
        for n, opp in enumerate(options.best, start=1):
            values = [n, opp.code, opp.title, rule_text(opp.rule, lang), opp.score, opp.target]
            put_row(best, [*values, opp.gain, opp.effort], kinds)
            row = best.max_row
            ratio = best.cell(row=row, column=9, value=f"=ROUND(G{row}/H{row},4)")
            allow_formula(best, ratio)
            ratio.number_format = POINTS_FORMAT
        _finish(best)
    out = io.BytesIO()
    save_workbook(wb, out)
    return out.getvalue()


def _projection_sheet(ws: Worksheet, plan: Plan, options: ReportOptions, lang: str) -> None:
    projection = options.projection
    assert projection is not None
    _sheet(
        ws,
        _word("projection_title", lang, year=plan.year, unit=plan.unit),
        [
            _word("code", lang),
            _word("area", lang),
            _word("max", lang),
            _word("keep", lang),
            _word("reach", lang),
            _word("difference", lang),
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
            _word("total", lang),
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
        (_word("rank_keep", lang), options.rank_current),
        (_word("rank_reach", lang), options.rank_targets),
    ):
        if rank is not None:
            put_row(ws, ["", label, rank[0], f"/ {rank[1]}"], ["text", "text", "count", "text"])
    _finish(ws)
    ws.auto_filter.ref = None
    for cell in ws[last + 1]:
        cell.font = Font(name=FONT, bold=True)


def _satisfaction_sheet(ws: Worksheet, satisfaction: Satisfaction, lang: str) -> None:
    """The SIPAS survey: each factor and the overall index (%) with its interval, the target."""
    title = _word("sipas_title", lang, year=satisfaction.year)
    if satisfaction.survey:
        title += f" - {satisfaction.survey}"
    _sheet(
        ws,
        title,
        [_word("factor", lang), _word("satisfied", lang), _word("low", lang), _word("high", lang)],
        [50, 16, 14, 14],
    )
    overall = satisfaction.overall
    for figure in (*satisfaction.factors, overall):
        name = _word("overall", lang) if figure is overall else figure.label
        values = [name, figure.value, figure.low, figure.high]
        put_row(ws, values, ["text", "percent", "percent", "percent"])
    last = ws.max_row
    if satisfaction.respondents:
        put_row(ws, [_word("respondents", lang), satisfaction.respondents], ["text", "count"])
    if satisfaction.target is not None:
        label = _word("plan_target", lang, sign=fmt_operator(satisfaction.target_op))
        put_row(ws, [label, satisfaction.target], ["text", "percent"])
        verdict = translate(TARGET_STATUS_MESSAGES[satisfaction.target_status()], lang)
        put_row(ws, [_word("verdict", lang), verdict], ["text", "text"])
    _finish(ws)
    ws.auto_filter.ref = f"A3:D{last}"
    for cell in ws[last]:
        cell.font = Font(name=FONT, bold=True)
