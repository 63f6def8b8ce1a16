"""The web app's one door into the pure following of a plan (``parindex.plans.progress`` and
``projection``): database rows in, the pure module's objects out.

Kept thin on purpose: periods, item keys, risks, overdue reports, the projection and the
best-value criteria are the pure part's rules; this module only converts (Django rows ↔ pure
``ItemReport``; the assessment's stored inputs → the projection's raw inputs) and names the
few choices the web app makes (task ids given when a plan is saved, reports matched to their
agency by name).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from parindex.core.errors import ParindexError
from parindex.core.model import Framework
from parindex.national.results import NationalResult
from parindex.plans import Plan as PurePlan
from parindex.plans import progress, projection
from parindex.plans.progress import Consolidation, Period, PlanItem, Status
from parindex.web.assessments.services.selectors import assessment_values
from parindex.web.dashboards.services import national_results as stored_national_results

if TYPE_CHECKING:
    from parindex.web.plans.models import ItemReport, Plan

PERIODS = tuple(p.value for p in Period)


def period_range(period: str, year: int) -> tuple[datetime.date, datetime.date]:
    return progress.period_range(Period(period), year)


def default_deadline(period: str, year: int) -> datetime.date:
    return progress.default_deadline(Period(period), year)


def with_task_ids(plan: PurePlan) -> PurePlan:
    """Give new tasks their stable id before a version is stored (reports point at it)."""
    return progress.with_task_ids(plan)


def norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def framework_of(plan: Plan) -> Framework | None:
    if plan.assessment is None:
        return None
    return plan.assessment.campaign.framework_version.framework()


def plan_items(pure: PurePlan, framework: Framework | None = None) -> list[PlanItem]:
    return progress.plan_items(pure, framework)


def led_by(item: PlanItem, agency_names: Iterable[str]) -> bool:
    """Whether one of ``agency_names`` is the item's lead (names compared without case)."""
    return norm(item.lead) in {norm(n) for n in agency_names}


def pure_report(row: ItemReport, period: Period) -> progress.ItemReport:
    measured = {name: Decimal(str(value)) for name, value in (row.measured or {}).items()}
    return progress.ItemReport(
        key=row.item_key,
        agency=row.agency.name,
        period=period,
        status=Status(row.status),
        measured=measured,
        note=row.note,
        difficulties=row.difficulties,
        submitted_on=timezone.localtime(row.submitted_at).date(),
    )


def consolidation(
    pure: PurePlan,
    rows: Iterable[ItemReport],
    period: str,
    year: int,
    today: datetime.date,
    *,
    framework: Framework | None,
    deadline: datetime.date,
) -> Consolidation:
    p = Period(period)
    keys = {item.key for item in plan_items(pure, framework)}
    # A report on an item an edit has since removed stays in the database; it is not counted.
    reports = [pure_report(r, p) for r in rows if r.item_key in keys]
    return progress.consolidate(
        pure, reports, p, year, today, framework=framework, deadline=deadline
    )


def base_values(plan: Plan) -> dict[str, dict[str, str]]:
    """The source assessment's stored inputs as raw texts (the base year's values)."""
    if plan.assessment is None:
        return {}
    return {
        code: {name: row.value for name, row in rows.items()}
        for code, rows in assessment_values(plan.assessment).items()
    }


def project(
    plan: Plan, pure: PurePlan, cons: Consolidation
) -> tuple[projection.Projection | None, list[projection.Opportunity], str]:
    """The projection and best-value criteria, or (None, [], why) when they cannot be made."""
    framework = framework_of(plan)
    if framework is None:
        return None, [], "no_assessment"
    try:
        result = projection.project(framework, base_values(plan), pure, progress.measured_of(cons))
        best = projection.best_value(result.current, pure)
    except (ParindexError, ArithmeticError, ValueError) as exc:
        return None, [], str(exc)
    return result, best, ""


@dataclass(frozen=True)
class Rank:
    """The projected ranks against the latest published national results, or why there are
    none (``no_national``: nothing imported; ``incomplete``: the projection lacks points, e.g.
    the survey, so a rank would mislead)."""

    year: int | None = None
    current: tuple[int, int] | None = None
    targets: tuple[int, int] | None = None
    why: str = ""


def national_results() -> list[NationalResult]:
    """The published results stored by the dashboards app."""
    return list(stored_national_results())


def rank(plan: Plan, result: projection.Projection | None) -> Rank:
    """Where the projected totals would rank among the latest published year up to the plan's."""
    if result is None:
        return Rank(why="no_projection")
    published = [r for r in national_results() if r.year <= plan.year]
    if not published:
        return Rank(why="no_national")
    year = max(r.year for r in published)
    if result.incomplete:
        return Rank(year=year, why="incomplete")
    code = plan.unit.code
    return Rank(
        year=year,
        current=projection.project_rank(result.current_total, published, year, province=code),
        targets=projection.project_rank(result.targets_total, published, year, province=code),
    )
