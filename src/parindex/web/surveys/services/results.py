"""The survey's index, its comparisons and the summary other apps show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from parindex.surveys import (
    Estimate,
    SurveyResults,
    compare_previous,
    compare_target,
    compute_results,
    overall_index,
)
from parindex.web.organisations.models import Unit
from parindex.web.organisations.selectors import province_of
from parindex.web.surveys.models import Survey
from parindex.web.surveys.services.questionnaire import form_of
from parindex.web.surveys.services.selectors import core_responses, previous_survey


def survey_results(survey: Survey, unit_codes: Iterable[str] | None = None) -> SurveyResults:
    return compute_results(form_of(survey), core_responses(survey, unit_codes))


@dataclass(frozen=True)
class Comparisons:
    previous: Any  # parindex.surveys.results.Comparison | None
    previous_source: str  # "survey" (last year's answers), "published" (a figure) or ""
    target: Any  # TargetCheck | None


def comparisons(survey: Survey, overall: Estimate) -> Comparisons:
    """This year's overall index against last year's and the plan's target."""
    if overall.value is None:
        return Comparisons(None, "", None)
    previous, source = None, ""
    last = previous_survey(survey)
    if last is not None:
        est = survey_results(last).overall.overall
        if est.value is not None:
            previous, source = compare_previous(overall, est), "survey"
    if previous is None and survey.previous_index is not None:
        previous, source = compare_previous(overall, survey.previous_index), "published"
    target = compare_target(overall, survey.target) if survey.target is not None else None
    return Comparisons(previous, source, target)


@dataclass(frozen=True)
class Summary:
    survey: Survey
    respondents: int
    overall: Estimate
    factors: dict[str, Estimate]


def survey_summary(unit: Unit, year: int) -> Summary | None:
    """The overall index and per-factor figures of the province's survey of ``year``, or None.

    ``unit`` is the province (or any unit below it). The most recent survey of that year with
    responses is used; demo surveys count like any other (they are labelled on their pages).
    """
    province = province_of(unit)
    survey = (
        Survey.objects.filter(province=province, year=year, responses__isnull=False)
        .distinct()
        .order_by("-id")
        .first()
    )
    if survey is None:
        return None
    # Only the overall and per-factor figures: the unit and service breakdowns of
    # ``survey_results`` are not needed here (the province dashboard calls this on every view).
    responses = core_responses(survey)
    overall, factors = overall_index(form_of(survey), responses)
    if overall.value is None:
        return None
    return Summary(survey, len(responses), overall, factors)
