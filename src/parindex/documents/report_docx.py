"""The periodic report on following the plan (Quý I, 6 tháng, Quý III, năm) in Word.

The wording of codes (statuses, risk reasons) lives here, the layout in the docxtpl template
``templates/report.docx`` (built by ``build_templates.py``; a province may use its own copy).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.documents.formats import day_text, deadline_text, month_text, points_text
from parindex.documents.plan_docx import BLANK, render_docx
from parindex.i18n import pgettext_noop, translate
from parindex.plans.model import Plan
from parindex.plans.progress import (
    Consolidation,
    Counts,
    ItemProgress,
    OverdueReport,
    Period,
    PlanItem,
    Risk,
    Status,
    measured_value,
    meets,
)
from parindex.plans.projection import Opportunity, Projection
from parindex.presentation.numbers import (
    fmt_count,
    fmt_date,
    fmt_measured,
    fmt_operator,
    fmt_percent,
    fmt_target,
    kind_of_unit,
)
from parindex.presentation.text import lowercase_first, measure_title

TEMPLATES = Path(__file__).parent / "templates"
REPORT_TEMPLATE = TEMPLATES / "report.docx"

#: An item's reported status in words (the Excel companion translates them; the Word report
#: is a Vietnamese official document).
STATUS_MESSAGES = {
    Status.NOT_STARTED: pgettext_noop("plan item status", "Chưa triển khai"),
    Status.IN_PROGRESS: pgettext_noop("plan item status", "Đang thực hiện"),
    Status.DONE: pgettext_noop("plan item status", "Đã hoàn thành"),
    Status.AT_RISK: pgettext_noop("plan item status", "Có nguy cơ không đạt"),
    Status.LATE: pgettext_noop("plan item status", "Chậm tiến độ"),
}
NOT_REPORTED_MESSAGE = pgettext_noop("plan item status", "Chưa báo cáo")
STATUS_TEXT = {status: message.msgid for status, message in STATUS_MESSAGES.items()}
NOT_REPORTED = NOT_REPORTED_MESSAGE.msgid

#: How each period is named in a title: "Quý I năm 2021", "6 tháng đầu năm 2021".
PERIOD_MESSAGES = {
    Period.Q1: pgettext_noop("report period", "Quý I năm {year}"),
    Period.H1: pgettext_noop("report period", "6 tháng đầu năm {year}"),
    Period.Q3: pgettext_noop("report period", "Quý III năm {year}"),
    Period.YEAR: pgettext_noop("report period", "năm {year}"),
}
PERIOD_PHRASE = {period: message.msgid for period, message in PERIOD_MESSAGES.items()}
#: The same after a plan name that already ends with the year ("… năm 2021, Quý I").
PERIOD_SHORT = {Period.Q1: "Quý I", Period.H1: "6 tháng đầu năm", Period.Q3: "Quý III"}

DEFAULT_RECIPIENTS = (
    "Bộ Nội vụ (b/c);",
    "TT. TU, HĐND tỉnh (b/c);",
    "Chủ tịch, các PCT UBND tỉnh;",
    "Các sở, ban, ngành tỉnh;",
    "Lưu: VT, NC.",
)


@dataclass(frozen=True)
class SatisfactionFigure:
    """A satisfaction index in % (0–100) with its confidence interval, overall or one factor."""

    label: str
    value: Decimal
    low: Decimal | None = None
    high: Decimal | None = None


@dataclass(frozen=True)
class Satisfaction:
    """The province's SIPAS survey of the plan's year, as plain figures (no survey object).

    ``target`` is the plan's satisfaction target in % (``target_op`` its operator), if any.
    """

    year: int
    overall: SatisfactionFigure
    factors: tuple[SatisfactionFigure, ...] = ()
    respondents: int = 0
    survey: str = ""
    demo: bool = False
    target: Decimal | None = None
    target_op: str = ">="

    def target_status(self) -> str:
        """'met', 'not_met' or 'uncertain' (the target lies inside the interval); '' without
        a target."""
        if self.target is None:
            return ""
        low, high = self.overall.low, self.overall.high
        if low is not None and high is not None and low <= self.target <= high:
            return "uncertain"
        return "met" if meets(self.overall.value, self.target_op, self.target) else "not_met"


@dataclass(frozen=True)
class ReportOptions:
    """What the periodic report adds to the consolidation: projection, rank, proposals."""

    projection: Projection | None = None
    #: (rank, of) if current values hold and if the targets are met, against ``rank_year``.
    rank_current: tuple[int, int] | None = None
    rank_targets: tuple[int, int] | None = None
    rank_year: int | None = None
    best: Sequence[Opportunity] = ()
    proposals: Sequence[str] = ()
    number: str = ""
    issued: date | None = None
    recipients: Sequence[str] = field(default=DEFAULT_RECIPIENTS)
    satisfaction: Satisfaction | None = None


def period_phrase(period: Period, year: int, lang: str = "vi") -> str:
    """'Quý I năm 2021'."""
    return translate(PERIOD_MESSAGES[period], lang).format(year=year)


def report_subtitle(plan_subtitle: str, period: Period, year: int) -> str:
    """The report's title line: the plan's own name, then the period, the year said once.

    "Tình hình thực hiện Kế hoạch … năm 2021, Quý I" (not "… năm 2021, Quý I năm 2021"); a
    plan name that does not end with its year gets the whole phrase ("…, Quý I năm 2021").
    """
    subtitle = f"Tình hình thực hiện Kế hoạch {lowercase_first(plan_subtitle.strip())}"
    if period is Period.YEAR:
        return subtitle
    if subtitle.endswith(f" năm {year}"):
        return f"{subtitle}, {PERIOD_SHORT[period]}"
    return f"{subtitle}, {period_phrase(period, year)}"


def measured_text(item: PlanItem, progress: ItemProgress, lang: str = "vi") -> str:
    """'Tỷ lệ hồ sơ giải quyết đúng hạn: 98,04%' for each measure reported (figures in ``lang``)."""
    if progress.report is None:
        return ""
    parts = []
    for measure in item.measures:
        value = measured_value(item, measure, progress.report.measured)
        if value is not None:
            text = fmt_measured(value, kind_of_unit(measure.unit), lang, measure.unit)
            name = measure_title(measure.name, measure.title, item.inputs, lang)
            parts.append(f"{name}: {text}")
    if not parts:
        measured = progress.report.measured.items()
        parts = [reported_text(item, name, v, lang) for name, v in measured]
    return "; ".join(parts)


def reported_text(item: PlanItem, name: str, value: object, lang: str = "vi") -> str:
    """One reported input in words: 'Số hồ sơ giải quyết đúng hạn: 45.100 hồ sơ'."""
    spec = next((i for i in item.inputs if i.name == name), None)
    if spec is None:
        measure = next((m for m in item.measures if m.name == name), None)
        title = measure_title(name, measure.title if measure else "", (), lang)
        return f"{title}: {fmt_measured(value, lang=lang)}"
    unit = (spec.unit_en or spec.unit) if lang == "en" else spec.unit
    kind = "count" if spec.kind == "count" else kind_of_unit(unit)
    return f"{spec.label(lang)}: {fmt_measured(value, kind, lang, unit)}"


#: A risk reason as a report phrases it, by the core's risk code.
RISK_MESSAGES = {
    "below_target": pgettext_noop("plan risk", "{measure} mới đạt {measured} (chỉ tiêu {target})"),
    "deadline_passed": pgettext_noop(
        "plan risk", "đã quá thời hạn {deadline} nhưng chưa hoàn thành"
    ),
    "reported_at_risk": pgettext_noop("plan risk", "cơ quan chủ trì báo cáo có nguy cơ không đạt"),
    "reported_late": pgettext_noop("plan risk", "cơ quan chủ trì báo cáo chậm tiến độ"),
}
#: A risk code this module does not know yet still reads as words, never as its code.
OTHER_RISK = pgettext_noop("plan risk", "có nguy cơ không đạt")


def risk_text(item: PlanItem, risk: Risk, lang: str = "vi") -> str:
    """One risk reason as a report phrases it (figures and words in ``lang``)."""
    message = RISK_MESSAGES.get(risk.code, OTHER_RISK)
    if risk.code == "below_target":
        measure = next((m for m in item.measures if m.name == risk.measure), None)
        name = measure_title(risk.measure, measure.title if measure else "", item.inputs, lang)
        unit = measure.unit if measure else ""
        assert risk.measured is not None and risk.target is not None
        kind = kind_of_unit(unit)
        return translate(message, lang).format(
            measure=lowercase_first(name),
            measured=fmt_measured(risk.measured, kind, lang, unit),
            target=fmt_target(risk.op, risk.target, kind, lang, unit=unit),
        )
    return translate(message, lang).format(deadline=deadline_text(item.deadline))


def overdue_text(overdue: OverdueReport, deadline: date) -> str:
    """'Sở Nội vụ: chưa báo cáo 9 nội dung (1.R, …), quá hạn 5 ngày (hạn 15/03/2021).'"""
    keys = ", ".join(overdue.items)
    if overdue.submitted:
        return (
            f"{overdue.agency}: báo cáo {fmt_count(len(overdue.items))} nội dung ({keys}) "
            f"chậm {fmt_count(overdue.days_late)} ngày so với thời hạn {deadline_text(deadline)}."
        )
    return (
        f"{overdue.agency}: chưa báo cáo {fmt_count(len(overdue.items))} nội dung "
        f"({keys}), quá hạn {fmt_count(overdue.days_late)} ngày "
        f"(thời hạn {deadline_text(deadline)})."
    )


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ";")) else text + "."


def _counts(name: str, counts: Counts) -> dict[str, Any]:
    values = {
        "count": counts.items,
        "reported": counts.reported,
        "done": counts.done,
        "in_progress": counts.in_progress,
        "not_started": counts.not_started,
        "late": counts.late,
        "at_risk": counts.at_risk,
        "not_reported": counts.not_reported,
    }
    return {"name": name, **{key: fmt_count(value) for key, value in values.items()}}


def overview_text(total: Counts) -> str:
    """Section I.1: the whole plan in one sentence."""
    n = fmt_count
    return (
        f"Kế hoạch có {n(total.items)} nội dung (chỉ tiêu, nhiệm vụ); các cơ quan chủ trì đã "
        f"báo cáo {n(total.reported)} nội dung, trong đó: hoàn thành {n(total.done)}, đang "
        f"thực hiện {n(total.in_progress)}, chưa triển khai {n(total.not_started)}, chậm tiến "
        f"độ {n(total.late)}, báo cáo có nguy cơ không đạt {n(total.reported_at_risk)}; chưa "
        f"báo cáo {n(total.not_reported)} nội dung. Có {n(total.at_risk)} nội dung có nguy cơ "
        f"không đạt."
    )


def projection_texts(plan: Plan, options: ReportOptions) -> list[str]:
    """Section III: the two scenarios and the ranks they would give."""
    projection = options.projection
    if projection is None:
        return ["Chưa đủ số liệu để dự kiến điểm Chỉ số CCHC."]
    maximum = points_text(projection.current.max)
    texts = [
        f"Nếu giữ nguyên kết quả hiện tại (số liệu năm {plan.base_year}, cập nhật số liệu các cơ "
        f"quan đã báo cáo): dự kiến đạt {points_text(projection.current_total)}/{maximum} điểm"
        + _rank(options.rank_current, options.rank_year)
        + ".",
        f"Nếu đạt toàn bộ chỉ tiêu của Kế hoạch: dự kiến đạt "
        f"{points_text(projection.targets_total)}/{maximum} điểm, tăng "
        f"{points_text(projection.difference)} điểm"
        + _rank(options.rank_targets, options.rank_year)
        + ".",
    ]
    if projection.incomplete:
        texts.append(
            "Điểm dự kiến chưa tính các tiêu chí chưa có số liệu: "
            + ", ".join(projection.incomplete)
            + "."
        )
    texts.append(
        "Điểm dự kiến tính theo kết quả tự đánh giá; điểm chính thức do Hội đồng thẩm định "
        "Trung ương xác định."
    )
    return texts


def _rank(rank: tuple[int, int] | None, year: int | None) -> str:
    if rank is None:
        return ""
    where = f" so với kết quả công bố năm {year}" if year else ""
    return f", tương đương xếp thứ {rank[0]}/{rank[1]} tỉnh, thành phố{where}"


def proposal_texts(consolidation: Consolidation, options: ReportOptions) -> list[str]:
    """Section IV: the province's proposals, the best-value criteria, agencies' difficulties."""
    texts = list(options.proposals)
    if options.best:
        best = "; ".join(
            f"{o.code} (tăng {points_text(o.gain)} điểm)" for o in list(options.best)[:5]
        )
        texts.append(
            f"Tập trung trước vào các tiêu chí cải thiện được nhiều điểm nhất so với công sức: "
            f"{best}."
        )
    for progress in consolidation.items:
        for report in filter(None, (progress.report, *progress.contributions)):
            if report.difficulties.strip():
                texts.append(
                    f"{report.agency} ({progress.item.key}): {_sentence(report.difficulties)}"
                )
    if not texts:
        texts.append("Các cơ quan không báo cáo khó khăn, vướng mắc.")
    return texts


def percent_text(value: Decimal) -> str:
    """'91,25%': a rate always with two decimals (the one formatter's ``fmt_percent``)."""
    return fmt_percent(value)


def interval_text(figure: SatisfactionFigure) -> str:
    """'89,1% – 93,4%', or '' without an interval."""
    if figure.low is None or figure.high is None:
        return ""
    return f"{percent_text(figure.low)} – {percent_text(figure.high)}"


TARGET_STATUS_MESSAGES = {
    "met": pgettext_noop("target status", "đạt chỉ tiêu"),
    "not_met": pgettext_noop("target status", "chưa đạt chỉ tiêu"),
    "uncertain": pgettext_noop(
        "target status",
        "chưa khẳng định được đạt chỉ tiêu (chỉ tiêu nằm trong khoảng tin cậy)",
    ),
}
TARGET_STATUS_TEXT = {key: message.msgid for key, message in TARGET_STATUS_MESSAGES.items()}


def satisfaction_context(satisfaction: Satisfaction | None) -> dict[str, Any] | None:
    """Section I.5: the overall index and each factor with its interval, against the target."""
    if satisfaction is None:
        return None
    overall = satisfaction.overall
    text = (
        f"Kết quả khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan "
        f"hành chính nhà nước (SIPAS) năm {satisfaction.year}"
    )
    if satisfaction.survey:
        text += f" ({satisfaction.survey}"
        respondents = fmt_count(satisfaction.respondents)
        text += f", {respondents} người trả lời)" if satisfaction.respondents else ")"
    text += f": chỉ số hài lòng chung đạt {percent_text(overall.value)}"
    interval = interval_text(overall)
    if interval:
        text += f" (khoảng tin cậy {interval})"
    if satisfaction.target is not None:
        sign = fmt_operator(satisfaction.target_op)
        status = TARGET_STATUS_TEXT[satisfaction.target_status()]
        text += f", {status} của Kế hoạch ({sign} {percent_text(satisfaction.target)})"
    text += "."
    if satisfaction.demo:
        text += " Số liệu khảo sát minh họa (dữ liệu mẫu)."
    rows = [
        {
            "name": f.label,
            "value": percent_text(f.value),
            "interval": interval_text(f),
        }
        for f in (
            *satisfaction.factors,
            dataclasses.replace(overall, label="Chỉ số hài lòng chung"),
        )
    ]
    return {"text": text, "rows": rows}


def report_context(
    plan: Plan, consolidation: Consolidation, options: ReportOptions | None = None
) -> dict[str, Any]:
    """Everything the report template uses: texts as they are, numbers in Vietnamese format."""
    options = options or ReportOptions()
    issued = options.issued
    phrase = period_phrase(consolidation.period, consolidation.plan_year)
    start, end = consolidation.start, consolidation.end
    subtitle = report_subtitle(plan.subtitle, consolidation.period, consolidation.plan_year)
    plan_ref = f"Kế hoạch số {plan.number or BLANK}/{plan.symbol}"
    if plan.date:
        plan_ref += f" ngày {fmt_date(plan.date)}"
    unit = lowercase_first(plan.unit)
    areas = {a.code: a for a in plan.areas}
    projection_areas = []
    if options.projection is not None:
        for area in options.projection.areas:
            projection_areas.append(
                {
                    "name": f"{area.code}. {area.title}",
                    "max": points_text(area.max),
                    "current": points_text(area.current),
                    "targets": points_text(area.targets),
                    "diff": points_text(area.difference),
                }
            )
    return {
        "issuer": list(plan.issuer),
        "number": options.number or BLANK,
        "symbol": "BC-UBND",
        "place": plan.place,
        "day": day_text(issued) if issued else BLANK,
        "month": month_text(issued) if issued else BLANK,
        "issue_year": issued.year if issued else consolidation.plan_year,
        "title": "BÁO CÁO",
        "subtitle": subtitle,
        "year": consolidation.plan_year,
        "period": phrase,
        "preamble": (
            f"Thực hiện {plan_ref} của UBND {unit} về duy trì, cải thiện và nâng cao Chỉ số cải "
            f"cách hành chính năm {plan.year}, trên cơ sở báo cáo của các cơ quan, đơn vị, UBND "
            f"{unit} báo cáo tình hình thực hiện {phrase} (số liệu từ ngày "
            f"{fmt_date(start)} đến ngày {fmt_date(end)}) như sau:"
        ),
        "overview": overview_text(consolidation.total),
        "total": _counts("Tổng cộng", consolidation.total),
        "by_area": [
            _counts(f"{code}. {capital(areas[code].title)}" if code in areas else code, counts)
            for code, counts in consolidation.by_area
        ],
        "by_agency": [_counts(agency, counts) for agency, counts in consolidation.by_agency],
        "items": [
            {
                "key": p.item.key,
                "title": p.item.title,
                "lead": p.item.lead,
                "status": STATUS_TEXT[p.report.status] if p.report else NOT_REPORTED,
                "measured": measured_text(p.item, p),
                "note": p.report.note if p.report else "",
            }
            for p in consolidation.items
        ],
        "risks": [
            f"{p.item.key} {p.item.title} ({p.item.lead}): "
            + "; ".join(risk_text(p.item, r) for r in p.risks)
            + "."
            for p in consolidation.at_risk
        ],
        "overdue": [overdue_text(o, consolidation.deadline) for o in consolidation.overdue],
        "no_overdue": (
            "Các cơ quan đã gửi báo cáo đúng thời hạn."
            if consolidation.deadline_passed
            else f"Chưa đến thời hạn báo cáo ({deadline_text(consolidation.deadline)})."
        ),
        "satisfaction": satisfaction_context(options.satisfaction),
        "projection_text": projection_texts(plan, options),
        "projection_areas": projection_areas,
        "proposals": proposal_texts(consolidation, options),
        "closing": (
            f"Trên đây là báo cáo tình hình thực hiện Kế hoạch duy trì, cải thiện và nâng cao "
            f"Chỉ số CCHC {phrase} của UBND {unit}./."
        ),
        "recipients": list(options.recipients),
        "signature_capacity": plan.signature_capacity,
        "signature_title": plan.signature_title,
        "signatory": plan.signatory,
    }


def report_docx(
    plan: Plan,
    consolidation: Consolidation,
    options: ReportOptions | None = None,
    *,
    template: Path | str | None = None,
) -> bytes:
    """The periodic report as a Word document in the official format (NĐ 30/2020/NĐ-CP)."""
    return render_docx(template or REPORT_TEMPLATE, report_context(plan, consolidation, options))
