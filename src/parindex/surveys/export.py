"""Excel export of SIPAS results: one sheet per level, Vietnamese headers (English available).

A workbook for people: units, services, questions and choices by their names, never their
form codes (the form's codes stay in the XLSForm and the responses file).

Every figure is a typed cell with the number format of its kind (``parindex.io.xlsx.put_row``):
indices and shares are fractions Excel shows with its own % sign (so no header says "(%)"),
counts are grouped; the method sheet says its parameters in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.surveys.model import FACTORS, Survey
from parindex.surveys.results import Estimate, GroupIndex, SurveyResults

FACTOR_LABELS = {
    "vi": {
        "access": "Tiếp cận dịch vụ",
        "procedure": "Thủ tục hành chính",
        "civil_servant": "Công chức trực tiếp giải quyết công việc",
        "result": "Kết quả giải quyết",
        "feedback": "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
    },
    "en": {
        "access": "Access to the service",
        "procedure": "Administrative procedure",
        "civil_servant": "Civil servant",
        "result": "Result",
        "feedback": "Handling of feedback",
    },
}
TEXT = {
    "vi": {
        "summary": "Tổng hợp",
        "by_unit": "Theo đơn vị",
        "by_service": "Theo dịch vụ",
        "by_cell": "Đơn vị - dịch vụ",
        "items": "Theo câu hỏi",
        "priorities": "Mong đợi",
        "method": "Phương pháp",
        "measure": "Chỉ số",
        "index": "Chỉ số hài lòng",
        "low": "Cận dưới",
        "high": "Cận trên",
        "answers": "Số câu trả lời hợp lệ",
        "respondents": "Số người trả lời",
        "overall": "Chỉ số hài lòng chung (bình quân các yếu tố)",
        "overall_item": "Câu hỏi hài lòng chung",
        "unit": "Đơn vị",
        "service": "Dịch vụ",
        "question": "Câu hỏi",
        "aspect": "Nội dung cần cải thiện",
        "count": "Số lượt chọn",
        "share": "Tỷ lệ chọn",
        "rank": "Thứ hạng",
        "parameter": "Tham số",
        "value": "Giá trị",
        "method_kind": "Cách tính chỉ số",
        "kind_share": "Tỷ lệ câu trả lời hài lòng",
        "kind_mean": "Điểm bình quân quy về 0–1",
        "scale": "Thang đo",
        "satisfied": "Mức được tính là hài lòng",
        "confidence": "Độ tin cậy",
        "interval": "Khoảng tin cậy",
        "interval_wilson": "Wilson, theo cỡ mẫu hiệu dụng",
        "interval_normal": "Xấp xỉ chuẩn",
        "weight": "Trọng số: {factor}",
    },
    "en": {
        "summary": "Summary",
        "by_unit": "By unit",
        "by_service": "By service",
        "by_cell": "Unit - service",
        "items": "By question",
        "priorities": "Expectations",
        "method": "Method",
        "measure": "Measure",
        "index": "Satisfaction index",
        "low": "Lower bound",
        "high": "Upper bound",
        "answers": "Valid answers",
        "respondents": "Respondents",
        "overall": "Overall satisfaction index (mean of factors)",
        "overall_item": "Overall satisfaction question",
        "unit": "Unit",
        "service": "Service",
        "question": "Question",
        "aspect": "Aspect to improve",
        "count": "Times chosen",
        "share": "Share choosing",
        "rank": "Rank",
        "parameter": "Parameter",
        "value": "Value",
        "method_kind": "How the index is computed",
        "kind_share": "Share of satisfied answers",
        "kind_mean": "Mean score rescaled to 0–1",
        "scale": "Scale",
        "satisfied": "Levels counted as satisfied",
        "confidence": "Confidence level",
        "interval": "Confidence interval",
        "interval_wilson": "Wilson, on the effective sample size",
        "interval_normal": "Normal approximation",
        "weight": "Weight: {factor}",
    },
}


def _pct(value: Decimal | None) -> Decimal | None:
    """A fraction rounded as the pages show it (97,52%: four places of the fraction)."""
    return None if value is None else round(value, 4)


def _est(e: Estimate | None) -> list[object]:
    if e is None:
        return [None, None, None, 0, 0]
    return [_pct(e.value), _pct(e.low), _pct(e.high), e.answers, e.respondents]


#: The kinds of the columns of ``_est`` (``parindex.presentation.numbers.KINDS``).
EST_KINDS = ["fraction", "fraction", "fraction", "count", "count"]


def _choice_label(survey: Survey, question: str, code: str, lang: str) -> str:
    try:
        q = survey.question(question)
    except KeyError:
        return code
    for c in survey.choices.get(q.list_name or "", ()):
        if c.name == code:
            return c.label(lang)
    return code


def results_to_xlsx(
    results: SurveyResults, survey: Survey, path: str | Path, *, lang: str = "vi"
) -> Path:
    """Write the results workbook and return its path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from parindex.io.xlsx import put_row, save_workbook

    t, fl = TEXT[lang], FACTOR_LABELS[lang]
    factors = [f for f in FACTORS if f in results.overall.factors]
    wb = Workbook()
    wb.remove(wb.active)

    def sheet(title: str, header: list[str], kinds: list[str], rows: list[list[object]]) -> None:
        ws = wb.create_sheet(title[:31])
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            put_row(ws, row, kinds)
        ws.freeze_panes = "A2"
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(max(10, width + 2), 50)

    base = [t["index"], t["low"], t["high"], t["answers"], t["respondents"]]
    ov = results.overall
    summary = [[t["overall"], *_est(ov.overall)]]
    summary += [[fl[f], *_est(ov.factors[f])] for f in factors]
    summary.append([t["overall_item"], *_est(ov.overall_item)])
    sheet(t["summary"], [t["measure"], *base], ["text", *EST_KINDS], summary)

    def level_rows(
        groups: Mapping[Any, GroupIndex], labels: Callable[[tuple[str, ...]], list[str]]
    ) -> list[list[object]]:
        rows: list[list[object]] = []
        for key, g in groups.items():
            keys = key if isinstance(key, tuple) else (key,)
            rows.append(
                [
                    *labels(keys),
                    g.respondents,
                    *_est(g.overall)[:3],
                    *[_pct(g.factors[f].value) if f in g.factors else None for f in factors],
                ]
            )
        return rows

    tail = [t["respondents"], t["index"], t["low"], t["high"], *[fl[f] for f in factors]]
    tail_kinds = ["count", *["fraction"] * (3 + len(factors))]
    uq, sq = survey.unit_question, survey.service_question
    sheet(
        t["by_unit"],
        [t["unit"], *tail],
        ["text", *tail_kinds],
        level_rows(results.by_unit, lambda k: [_choice_label(survey, uq, k[0], lang)]),
    )
    sheet(
        t["by_service"],
        [t["service"], *tail],
        ["text", *tail_kinds],
        level_rows(results.by_service, lambda k: [_choice_label(survey, sq, k[0], lang)]),
    )
    sheet(
        t["by_cell"],
        [t["unit"], t["service"], *tail],
        ["text"] * 2 + tail_kinds,
        level_rows(
            results.by_unit_service,
            lambda k: [
                _choice_label(survey, uq, k[0], lang),
                _choice_label(survey, sq, k[1], lang),
            ],
        ),
    )
    items: list[list[object]] = [
        [survey.question(name).label(lang), *_est(e)] for name, e in ov.items.items()
    ]
    sheet(t["items"], [t["question"], *base], ["text", *EST_KINDS], items)
    prios: list[list[object]] = [
        [
            p.rank,
            _choice_label(survey, p.question, p.choice, lang),
            p.count,
            _pct(p.share),
        ]
        for p in ov.priorities
    ]
    prio_header = [t["rank"], t["aspect"], t["count"], t["share"]]
    prio_kinds = ["count", "text", "count", "fraction"]
    sheet(t["priorities"], prio_header, prio_kinds, prios)
    m = results.method
    weights = m.factor_weights or dict.fromkeys(factors, Decimal(1))
    sheet(t["method"], [t["parameter"], t["value"]], ["text", "text"], [])
    ws = wb[t["method"][:31]]
    kind = t["kind_share"] if m.kind == "share" else t["kind_mean"]
    interval = t["interval_wilson"] if m.kind == "share" else t["interval_normal"]
    method_rows: tuple[tuple[list[object], list[str]], ...] = (
        ([t["method_kind"], kind], ["text", "text"]),
        ([t["scale"], " ".join(m.scale)], ["text", "text"]),
        ([t["satisfied"], " ".join(m.satisfied)], ["text", "text"]),
        ([t["confidence"], m.confidence], ["text", "fraction"]),
        ([t["interval"], interval], ["text", "text"]),
        *[
            ([t["weight"].format(factor=fl.get(f, f)), w], ["text", "number"])
            for f, w in weights.items()
        ],
    )
    for row, kinds in method_rows:
        put_row(ws, row, kinds)
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 40
    path = Path(path)
    save_workbook(wb, path)
    return path
