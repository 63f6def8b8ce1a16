"""Edit a plan: pure functions that return a new Plan and leave the old one untouched."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from decimal import Decimal

from parindex.core.numbers import to_decimal
from parindex.plans.model import Lead, Measure, Plan, PlanArea, PlanError, Target, Task

# Fields that describe where the plan comes from; editing them would make it lie.
_DERIVED = frozenset({"areas", "unit", "year", "base_year", "framework", "self_score", "self_max"})


def _with_area(plan: Plan, area_code: str, area: PlanArea) -> Plan:
    plan.area(area_code)  # raises on an unknown area
    areas = tuple(area if a.code == area_code else a for a in plan.areas)
    return dataclasses.replace(plan, areas=areas)


def _area_of_target(plan: Plan, code: str) -> PlanArea:
    for area in plan.areas:
        if area.target(code) is not None:
            return area
    raise PlanError(f"the plan has no target for '{code}'", code="no_target", target=code)


def set_target(
    plan: Plan,
    code: str,
    *,
    points: Decimal | int | str | None = None,
    measures: Iterable[Measure] | None = None,
    lead: str | None = None,
    effort: Decimal | int | str | None = None,
) -> Plan:
    """Change the target of node ``code``: its points, measured values, lead or effort."""
    area = _area_of_target(plan, code)
    old = area.target(code)
    assert old is not None
    new: Target = dataclasses.replace(
        old,
        points=old.points if points is None else to_decimal(points),
        measures=old.measures if measures is None else tuple(measures),
        lead=old.lead if lead is None else lead,
        effort=old.effort if effort is None else to_decimal(effort),
    )
    targets = tuple(new if t.code == code else t for t in area.targets)
    return _with_area(plan, area.code, dataclasses.replace(area, targets=targets))


def set_lead(
    plan: Plan,
    area_code: str,
    leads: Sequence[Lead | str],
    *,
    coordinating: str | None = None,
) -> Plan:
    """Replace an area's lead agencies (and, if given, its coordinating agencies)."""
    area = plan.area(area_code)
    if not leads:
        raise PlanError(
            f"area {area_code} needs at least one lead agency", code="lead_missing", area=area_code
        )
    new_leads = tuple(lead if isinstance(lead, Lead) else Lead(lead) for lead in leads)
    changed = dataclasses.replace(
        area,
        leads=new_leads,
        coordinating=area.coordinating if coordinating is None else coordinating,
    )
    return _with_area(plan, area_code, changed)


def add_task(plan: Plan, area_code: str, task: Task) -> Plan:
    """Append a task to an area."""
    area = plan.area(area_code)
    if not task.text.strip():
        raise PlanError("a task needs a text", code="task_text_missing", area=area_code)
    return _with_area(plan, area_code, dataclasses.replace(area, tasks=(*area.tasks, task)))


def remove_task(plan: Plan, area_code: str, index: int) -> Plan:
    """Remove the ``index``-th task of an area."""
    area = plan.area(area_code)
    if not 0 <= index < len(area.tasks):
        raise PlanError(
            f"area {area_code} has no task {index}", code="no_task", area=area_code, index=index
        )
    tasks = area.tasks[:index] + area.tasks[index + 1 :]
    return _with_area(plan, area_code, dataclasses.replace(area, tasks=tasks))


def set_area_text(plan: Plan, area_code: str, **changes: object) -> Plan:
    """Change an area's wording: title, goal, summary, lost, contents, coordinating."""
    allowed = {"title", "goal", "summary", "lost", "contents", "coordinating"}
    unknown = set(changes) - allowed
    if unknown:
        fields = ", ".join(sorted(unknown))
        raise PlanError(f"cannot edit {fields} of an area", code="not_editable", fields=fields)
    area = plan.area(area_code)
    return _with_area(plan, area_code, dataclasses.replace(area, **changes))  # type: ignore[arg-type]


def set_fields(plan: Plan, **changes: object) -> Plan:
    """Change document fields (number, date, place, signatory, purpose...), not the figures."""
    names = {f.name for f in dataclasses.fields(Plan)}
    bad = sorted(set(changes) - names | set(changes) & _DERIVED)
    if bad:
        fields = ", ".join(bad)
        raise PlanError(f"cannot edit {fields} of a plan", code="not_editable", fields=fields)
    return dataclasses.replace(plan, **changes)  # type: ignore[arg-type]
