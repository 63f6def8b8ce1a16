"""The plans app's answers to the province dashboard's sections (docs/dashboards.md).

Given to the dashboards' signals ``collect_plan_progress`` and ``collect_area_targets`` by
``plans.receivers``: the dashboards app (a lower layer) never imports the plans app, the plans
app answers with plain codes and numbers. The plan shown with a year's assessment is the
issued plan drafted from it (``base_year`` = the dashboard's year): the plan those results led
to. Who may see the province dashboard is the dashboards app's rule (a department's focal
point never opens it).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from parindex.plans import Plan as PurePlan
from parindex.plans.progress import Consolidation
from parindex.web.organisations.models import Unit
from parindex.web.plans import follow, services
from parindex.web.plans.models import Plan, PlanReportingPeriod, PlanStatus

#: The dashboard's status codes, in the order the chart shows them.
PROGRESS_CODES = ("done", "in_progress", "not_started", "overdue", "reports_overdue")


def dashboard_plan(province: Unit, year: int) -> Plan | None:
    """The province's latest issued plan drafted from its assessment of ``year``."""
    return (
        Plan.objects.filter(unit=province, base_year=year, status=PlanStatus.ISSUED)
        .select_related("assessment__campaign__framework_version", "unit")
        .order_by("-year", "-id")
        .first()
    )


def period_consolidation(
    plan: Plan, period: PlanReportingPeriod, pure: PurePlan, today: datetime.date
) -> Consolidation:
    """The period's consolidation exactly as its page shows it (``pages.period_view``)."""
    from parindex.web.plans.pages import as_of

    return follow.consolidation(
        pure,
        period.reports.select_related("agency"),
        period.period,
        plan.year,
        as_of(plan, period, today),
        framework=follow.framework_of(plan),
        deadline=period.deadline,
    )


def current_periods(
    periods: list[PlanReportingPeriod], today: datetime.date
) -> tuple[PlanReportingPeriod | None, PlanReportingPeriod | None]:
    """(the period agencies report on now, the latest period whose deadline has passed).

    Now: the first period whose deadline is today or later, else the year's (the last).
    """
    ordered = sorted(periods, key=lambda p: p.deadline)
    if not ordered:
        return None, None
    current = next((p for p in ordered if p.deadline >= today), ordered[-1])
    closed = [p for p in ordered if p.deadline < today]
    return current, (closed[-1] if closed else None)


def progress_counts(
    cons: Consolidation, closed: Consolidation | None, earlier: tuple[Consolidation, ...] = ()
) -> dict[str, int]:
    """Items by status (a partition of the plan's items) and the overdue item reports.

    An item's status is its latest report filed: this period's, else the latest earlier
    period's (``earlier``, oldest first) — an item reported done in Quarter I stays done while
    the half-year report is not due. ``overdue``: not done and its deadline passed or reported
    late; ``in_progress`` includes items reported at risk; ``not_started`` includes items not
    reported yet; ``reports_overdue``: item reports still missing or sent late for the latest
    period whose deadline has passed (the current period's when it has passed too).
    """
    latest = {}
    for before in earlier:
        latest.update({p.item.key: p.report for p in before.items if p.report is not None})
    counts = dict.fromkeys(PROGRESS_CODES, 0)
    for p in cons.items:
        report = p.report if p.report is not None else latest.get(p.item.key)
        status = report.status.value if report is not None else "not_reported"
        codes = {r.code for r in p.risks}
        if status == "done":
            counts["done"] += 1
        elif status == "late" or "deadline_passed" in codes:
            counts["overdue"] += 1
        elif status in ("in_progress", "at_risk"):
            counts["in_progress"] += 1
        else:
            counts["not_started"] += 1
    source = cons if cons.deadline_passed else closed
    if source is not None:
        counts["reports_overdue"] = sum(len(o.items) for o in source.overdue)
    return counts


def plan_progress(*, province: Unit, year: int) -> dict[str, int] | None:
    """The dashboard's plan progress (status code → count), or None without an issued plan."""
    plan = dashboard_plan(province, year)
    if plan is None:
        return None
    today = services.today()
    periods = list(plan.periods.all())
    current, closed = current_periods(periods, today)
    if current is None:
        return None
    pure = services.plan_current(plan)
    cons = period_consolidation(plan, current, pure, today)
    earlier = tuple(
        period_consolidation(plan, p, pure, today)
        for p in sorted(periods, key=lambda p: p.deadline)
        if p.deadline < current.deadline
    )
    before = None
    if closed is not None and closed.pk != current.pk:
        before = next((c for c in earlier if c.period.value == closed.period), None)
        before = before or period_consolidation(plan, closed, pure, today)
    return progress_counts(cons, before, earlier)


def area_targets_of(pure: PurePlan) -> dict[str, Decimal]:
    """Each area's points if its targets are met: the base-year score plus what the targets
    add (target points − base points per criterion), never above the area's maximum."""
    found = {}
    for area in pure.areas:
        gain = sum((t.points - t.base_score for t in area.targets), Decimal(0))
        found[area.code] = min(area.self_score + max(gain, Decimal(0)), area.self_max)
    return found


def area_targets(*, province: Unit, year: int) -> dict[str, Decimal] | None:
    """The plan's target points per area code, or None without an issued plan."""
    plan = dashboard_plan(province, year)
    if plan is None:
        return None
    return area_targets_of(services.plan_current(plan))
