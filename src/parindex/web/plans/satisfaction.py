"""Citizen satisfaction (SIPAS) for the plan's periodic report, read from the surveys app.

The report (``documents.report_docx``/``report_xlsx``) takes plain figures; this module turns
``parindex.web.surveys.services.results.survey_summary(unit, year)`` into them. The plans app
depends on the surveys app (a lower layer) here only.

The plan's satisfaction target: a measure named ``satisfaction`` (in %) on one of the plan's
targets, if the plan has one; else the "plan's target" entered on the survey (a share, 0..1).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation

from parindex.documents.report_docx import Satisfaction, SatisfactionFigure
from parindex.plans import Plan as PurePlan
from parindex.web.plans.models import Plan
from parindex.web.surveys.pages import FACTOR_LABELS
from parindex.web.surveys.services.results import survey_summary

HUNDRED = Decimal(100)
TARGET_MEASURES = ("satisfaction", "sipas")


def _pct(value: Decimal | None) -> Decimal | None:
    return None if value is None else value * HUNDRED


def _tidy(value: Decimal) -> Decimal:
    """90 for 0,9000 × 100 (the survey stores four decimals)."""
    return value.to_integral() if value == value.to_integral() else value.normalize()


def _figure(label: str, estimate: Any) -> SatisfactionFigure:
    return SatisfactionFigure(
        label, estimate.value * HUNDRED, _pct(estimate.low), _pct(estimate.high)
    )


def plan_target(pure: PurePlan) -> tuple[Decimal, str] | None:
    """(value in %, operator) of the plan's satisfaction measure, if it has one."""
    for _area, target in pure.targets():
        for measure in target.measures:
            if measure.name.casefold() in TARGET_MEASURES:
                return measure.value, measure.op
    return None


def plan_satisfaction(plan: Plan, pure: PurePlan) -> Satisfaction | None:
    """The province's SIPAS survey of the plan's year as the report's figures, or None."""
    summary = survey_summary(plan.unit, plan.year)
    if summary is None or summary.overall.value is None:
        return None
    survey = summary.survey
    found = plan_target(pure)
    if found is None and survey.target is not None:
        found = (survey.target * HUNDRED, ">=")
    with translation.override("vi"):  # the report is a Vietnamese official document
        factors = tuple(
            _figure(str(FACTOR_LABELS.get(code, code)), estimate)
            for code, estimate in summary.factors.items()
            if estimate.value is not None
        )
    return Satisfaction(
        year=plan.year,
        overall=_figure("", summary.overall),
        factors=factors,
        respondents=summary.respondents,
        survey=survey.title,
        demo=survey.is_demo,
        target=_tidy(found[0]) if found else None,
        target_op=found[1] if found else ">=",
    )
