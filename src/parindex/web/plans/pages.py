"""What the plan pages show: a period's consolidation with the database rows beside the pure
objects, the projection, and the on-time rate the dossier log offers for a measure."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from parindex.documents.report_docx import Satisfaction
from parindex.indicators import IndicatorError, apply
from parindex.plans import Plan as PurePlan
from parindex.plans.progress import Consolidation, ItemProgress
from parindex.plans.projection import Opportunity, Projection
from parindex.web.dossiers.results import dataset
from parindex.web.organisations.models import Unit
from parindex.web.plans import follow
from parindex.web.plans.models import ItemReport, Plan, PlanReportingPeriod
from parindex.web.plans.satisfaction import plan_satisfaction

FOUR = Decimal("0.0001")
# Nodes whose "rate" measure the dossier log gives (on-time rate of dossiers, per level).
ON_TIME_NODES = ("3.4.1", "3.4.2", "3.4.3")


@dataclass
class Row:
    """An item with its lead agency's unit and stored report (the focal point's form)."""

    progress: ItemProgress
    agency: Unit | None
    report: ItemReport | None

    @property
    def item(self) -> Any:
        return self.progress.item


@dataclass
class PeriodView:
    plan: Plan
    period: PlanReportingPeriod
    pure: PurePlan
    consolidation: Consolidation
    rows: list[Row]
    projection: Projection | None
    best: list[Opportunity]
    why_no_projection: str
    rank: follow.Rank
    satisfaction: Satisfaction | None = None

    def rows_of(self, units: list[Unit]) -> list[Row]:
        pks = {u.pk for u in units}
        return [r for r in self.rows if r.agency is not None and r.agency.pk in pks]


def agency_units(plan: Plan) -> dict[str, Unit]:
    """The province's agencies by normalised name (lead agencies are written as names)."""
    return {follow.norm(u.name): u for u in Unit.objects.filter(parent_id=plan.unit_id)}


def as_of(plan: Plan, period: PlanReportingPeriod, today: datetime.date) -> datetime.date:
    """The day a period's consolidation is read at: today, but never later than the period's
    end or its deadline, so a closed period's report reads as it did when it closed (an item
    due in December is not late in Q1)."""
    _start, end = follow.period_range(period.period, plan.year)
    return min(today, max(end, period.deadline))


def period_view(
    plan: Plan, period: PlanReportingPeriod, pure: PurePlan, today: datetime.date
) -> PeriodView:
    units = agency_units(plan)
    stored = list(
        ItemReport.objects.filter(period=period)
        .select_related("agency", "submitted_by")
        .prefetch_related("evidence")
    )
    cons = follow.consolidation(
        pure,
        stored,
        period.period,
        plan.year,
        as_of(plan, period, today),
        framework=follow.framework_of(plan),
        deadline=period.deadline,
    )
    by_key = {(r.item_key, r.agency_id): r for r in stored}
    rows = []
    for p in cons.items:
        unit = units.get(follow.norm(p.item.lead))
        rows.append(Row(p, unit, by_key.get((p.item.key, unit.pk)) if unit else None))
    projection, best, why = follow.project(plan, pure, cons)
    rank = follow.rank(plan, projection)
    satisfaction = plan_satisfaction(plan, pure)
    return PeriodView(plan, period, pure, cons, rows, projection, best, why, rank, satisfaction)


@dataclass(frozen=True)
class Offer:
    """A measured value computed from the province's dossier log, with where it comes from."""

    name: str
    value: Decimal
    numerator: int
    denominator: int
    provenance: dict[str, Any]


def dossier_offers(plan: Plan, as_of: datetime.date) -> dict[str, Offer]:
    """The on-time rate year-to-date per on-time criterion (``3.4.1`` → offer), if a log is
    loaded for the province; nothing when there is none or it has no dossier of the plan's
    year (the agency then types its own figure)."""
    if plan.assessment is None:
        return {}
    try:
        ds = dataset(plan.unit)
        if ds is None:
            return {}
        code = plan.assessment.campaign.framework_version.code
        values = apply(ds, code, plan.year, as_of=as_of)
    except (IndicatorError, OSError, ValueError):
        return {}
    offers: dict[str, Offer] = {}
    for v in values:
        if v.node not in ON_TIME_NODES:
            continue
        num, den = v.values.get("on_time"), v.values.get("total")
        if not isinstance(num, int) or not isinstance(den, int) or den <= 0:
            continue
        rate = (Decimal(num) * 100 / Decimal(den)).quantize(FOUR, rounding=ROUND_HALF_UP)
        provenance = {
            **v.provenance,
            "indicator": v.indicator,
            "node": v.node,
            "on_time": num,
            "total": den,
            "as_of": as_of.isoformat(),
        }
        offers[v.node] = Offer("rate", rate, num, den, provenance)
    return offers


def offer_provenance(plan: Plan, report: Mapping[str, Any], today: datetime.date) -> dict[str, Any]:
    """Where a ``report``'s value comes from when the agency took the dossier log's offer for
    its item (and kept a value in the offer's field); nothing otherwise."""
    offer = dossier_offers(plan, today).get(report["item_key"])
    if offer is None or not report["measured"].get(offer.name, "").strip():
        return {}
    return offer.provenance
