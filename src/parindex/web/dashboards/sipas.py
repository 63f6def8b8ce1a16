"""The SIPAS section of the province dashboard, read from the surveys app.

The dashboards depend on the surveys app here, the surveys app (a lower layer) never on the
dashboards. Figures come from
``parindex.web.surveys.services.results.survey_summary`` (the province's most recent survey of
the year with responses) and its ``comparisons`` (last year's survey, else the published figure
entered on the survey; the target entered on the survey), so the dashboard and the survey's
results page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.charts.dashboards import SipasFactor, SipasFigures
from parindex.presentation.numbers import fmt_count, fmt_percent, fmt_pp, fmt_target
from parindex.web.organisations.models import Unit
from parindex.web.surveys.pages import FACTOR_LABELS
from parindex.web.surveys.services.results import comparisons, survey_summary

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SipasSection(SipasFigures):
    """The figures the chart shows, plus what the page says about them."""

    survey_title: str = ""
    respondents: int = 0
    demo: bool = False
    previous_difference: Decimal | None = None  # percentage points, this year − last year
    previous_significant: bool | None = None  # z test at the survey's confidence
    previous_source: str = ""  # "survey" (last year's answers) or "published" (a figure)
    target_status: str = ""  # "above", "below", "uncertain" (target inside the interval)


def _pct(value: Decimal | None) -> Decimal | None:
    return None if value is None else value * HUNDRED


def _factor(label: str, estimate: Any, previous: Any = None) -> SipasFactor:
    return SipasFactor(
        label,
        _pct(estimate.value),  # type: ignore[arg-type]
        _pct(estimate.low),
        _pct(estimate.high),
        _pct(previous.value) if previous is not None else None,
    )


def sipas_figures(*, province: Unit, year: int) -> SipasSection | None:
    """The province's SIPAS results of ``year`` per factor and overall, or None (no survey)."""
    summary = survey_summary(province, year)
    if summary is None:
        return None
    survey = summary.survey
    last = survey_summary(province, year - 1)
    before = last.factors if last is not None else {}
    factors = tuple(
        _factor(str(FACTOR_LABELS.get(code, code)), estimate, before.get(code))
        for code, estimate in summary.factors.items()
        if estimate.value is not None
    )
    found = comparisons(survey, summary.overall)
    overall = _factor("", summary.overall)
    previous = found.previous
    if previous is not None:
        overall = SipasFactor("", overall.value, overall.low, overall.high, _pct(previous.previous))
    return SipasSection(
        year=year,
        factors=factors,
        overall=overall,
        target=_pct(survey.target),
        previous_year=year - 1,
        survey_title=survey.title,
        respondents=summary.respondents,
        demo=survey.is_demo,
        previous_difference=_pct(previous.difference) if previous is not None else None,
        previous_significant=previous.significant if previous is not None else None,
        previous_source=found.previous_source,
        target_status=found.target.status if found.target is not None else "",
    )


def sipas_note(section: SipasSection, lang: str) -> str:
    """What the page says under the chart: the survey, last year's change, the target."""
    parts = [
        _("“%(title)s”: %(count)s người trả lời; khoảng tin cậy %(level)s.")
        % {
            "title": section.survey_title,
            "count": fmt_count(section.respondents, lang),
            "level": fmt_percent(section.confidence, lang, 0),
        }
    ]
    if section.demo:
        parts.append(_("Số liệu minh họa, không phải kết quả thật."))
    if section.previous_difference is not None:
        difference = fmt_pp(section.previous_difference, lang)
        if section.previous_significant is None:
            verdict = _("không kiểm định được")
        elif section.previous_significant:
            verdict = _("khác biệt có ý nghĩa thống kê")
        else:
            verdict = _("khác biệt không có ý nghĩa thống kê")
        source = (
            _("khảo sát năm trước")
            if section.previous_source == "survey"
            else _("số liệu đã công bố")
        )
        parts.append(
            _("So với năm %(year)s (%(source)s): %(difference)s, %(verdict)s.")
            % {
                "year": section.previous_year,
                "source": source,
                "difference": difference,
                "verdict": verdict,
            }
        )
    if section.target is not None and section.target_status:
        verdict = {
            "above": _("đạt (cả khoảng tin cậy không thấp hơn mục tiêu)"),
            "below": _("chưa đạt (cả khoảng tin cậy thấp hơn mục tiêu)"),
            "uncertain": _("chưa chắc chắn (mục tiêu nằm trong khoảng tin cậy)"),
        }[section.target_status]
        parts.append(
            _("Mục tiêu %(target)s: %(verdict)s.")
            % {"target": fmt_target(">=", section.target, "percent", lang), "verdict": verdict}
        )
    return " ".join(parts)
