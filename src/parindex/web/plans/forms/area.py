"""The area page's form: each target's points, measured values and lead (a row each), the
area's lead agencies, coordinating agencies and goal, and its tasks (remove, add one).

Field names: ``points:<code>``, ``measure:<code>:<i>``, ``lead:<code>`` per target;
``leads`` (one agency a line, ``agency | scope``), ``coordinating``, ``goal``;
``remove_task`` (indexes) and ``task_text`` / ``task_lead`` / ``task_deadline``.
A field the form does not post keeps the plan's value.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from parindex.plans import (
    Lead,
    PlanArea,
    PlanError,
    Target,
    Task,
    add_task,
    remove_task,
    set_area_text,
    set_lead,
    set_target,
)
from parindex.plans import Plan as PurePlan
from parindex.presentation.text import measure_title
from parindex.web.plans.forms.edit import PlanEditForm
from parindex.web.plans.forms.fields import (
    DecimalText,
    IndexesField,
    KeyedRowsFormSet,
    PostedText,
    parse_date,
    refuse,
    shown,
    values_of,
)
from parindex.web.plans.text import plan_error
from parindex.web.site.language import lang


def _points(value: object) -> str:
    from parindex.web.site.templatetags.figures import points

    return points(value)


def _leads(text: str) -> list[Lead]:
    leads = []
    for line in text.splitlines():
        if line.strip():
            agency, _sep, scope = line.partition("|")
            leads.append(Lead(agency.strip(), scope.strip()))
    return leads


class TargetRow(forms.Form):
    """One target: ``points:<code>``, ``measure:<code>:<i>`` and ``lead:<code>``."""

    points = DecimalText()
    lead = PostedText()

    def __init__(self, *args: Any, target: Target, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target
        self.fields["points"].label = _("Điểm mục tiêu %(code)s") % {"code": target.code}
        for i, measure in enumerate(target.measures):
            label = f"{target.code} · {measure_title(measure.name, measure.title, lang=lang())}"
            self.fields[f"measure:{i}"] = DecimalText(label=label)

    def add_prefix(self, field_name: str) -> str:
        kind, _sep, rest = field_name.partition(":")
        return ":".join([kind, str(self.prefix), *([rest] if rest else [])])

    def edited(self, plan: PurePlan) -> PurePlan:
        """``plan`` with this row's valid values; a refused one keeps the target's."""
        data, target = self.cleaned_data, self.target
        points = data.get("points")
        measures = [
            m
            if data.get(f"measure:{i}") is None
            else dataclasses.replace(m, value=data[f"measure:{i}"])
            for i, m in enumerate(target.measures)
        ]
        try:
            return set_target(
                plan,
                target.code,
                points=target.points if points is None else points,
                measures=measures,
                lead=data.get("lead"),
            )
        except PlanError as exc:
            refuse(self, "points", plan_error(exc))
            return plan


class TargetRows(forms.formset_factory(TargetRow, formset=KeyedRowsFormSet, extra=0)):  # type: ignore[misc]  # formset_factory builds the base class at import time
    """The area's targets, a row each, in plan order."""

    def __init__(self, data: Any, *, targets: tuple[Target, ...]) -> None:
        self.targets = targets
        initial = [
            {
                "points": _points(t.points),
                "lead": t.lead or "",
                **{f"measure:{i}": _points(m.value) for i, m in enumerate(t.measures)},
            }
            for t in targets
        ]
        super().__init__(data, keys=[t.code for t in targets], initial=initial)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"target": self.targets[index or 0]}


class AreaForm(PlanEditForm):
    """The area page's form (see the module docstring for its field names)."""

    leads = PostedText(strip=False)
    coordinating = PostedText()
    goal = PostedText()
    remove_task = IndexesField(required=False)
    task_text = forms.CharField(required=False)
    task_lead = forms.CharField(required=False)
    task_deadline = forms.CharField(required=False)

    def __init__(self, plan: PurePlan, data: Any = None, *, area: str) -> None:
        self.area: PlanArea = plan.area(area)  # PlanError: no such area
        a = self.area
        initial = {
            "leads": "".join(
                f"{lead.agency} | {lead.scope}\n" if lead.scope else f"{lead.agency}\n"
                for lead in a.leads
            ),
            "coordinating": a.coordinating or "",
            "goal": a.goal or "",
            "task_lead": a.leads[0].agency if a.leads else "",
        }
        super().__init__(plan, data, initial=initial)
        self.targets = TargetRows(data, targets=a.targets)
        self.tasks_moved = False

    def has_errors(self) -> bool:
        return bool(self.errors) or self.targets.has_errors()

    def edited(self) -> PurePlan | None:
        self.full_clean()
        self.targets.is_valid()
        plan, code, data = self.plan, self.area.code, self.cleaned_data
        for row in self.targets:
            plan = row.edited(plan)
        if data.get("leads") is not None:
            coordinating = data.get("coordinating")
            try:
                plan = set_lead(
                    plan,
                    code,
                    _leads(data["leads"]),
                    coordinating=self.area.coordinating if coordinating is None else coordinating,
                )
            except PlanError as exc:
                refuse(self, "leads", plan_error(exc))
        if data.get("goal") is not None:
            plan = set_area_text(plan, code, goal=data["goal"])
        for index in data.get("remove_task", []):
            try:
                plan = remove_task(plan, code, index)
            except PlanError as exc:
                refuse(self, "remove_task", plan_error(exc))
        if data.get("task_text"):
            plan = self._add_task(plan)
        return None if self.has_errors() else plan

    def _add_task(self, plan: PurePlan) -> PurePlan:
        data, area = self.cleaned_data, self.area
        try:
            deadline = parse_date(data.get("task_deadline"), _("Thời hạn"))
        except ValidationError as exc:
            self.add_error("task_deadline", exc)
            return plan
        lead = data.get("task_lead") or (area.leads[0].agency if area.leads else "")
        try:
            return add_task(plan, area.code, Task(data["task_text"], lead, deadline))
        except PlanError as exc:
            refuse(self, "task_text", plan_error(exc))
            return plan

    def refused(self, *, latest: PurePlan, base: PurePlan | None) -> None:
        super().refused(latest=latest, base=base)
        code = self.area.code
        self.tasks_moved = base is None or base.area(code).tasks != latest.area(code).tasks

    def context(self, plan: Any) -> dict[str, Any]:
        removed = {str(v) for v in self["remove_task"].value() or ()}
        if self.tasks_moved and removed:
            message = _(
                "Danh sách nhiệm vụ đã thay đổi trong bản mới hơn: hãy chọn lại nhiệm vụ cần bỏ."
            )
            refuse(self, "remove_task", message)
            removed = set()
        theirs = None
        if self.theirs is not None:
            newer = AreaForm(self.theirs, area=self.area.code)
            theirs = values_of(newer, *newer.targets)
        fields = {b.name: shown(b, theirs) for b in self}
        rows = [
            {
                "target": row.target,
                "points": shown(row["points"], theirs),
                "measures": [
                    (m, shown(row[f"measure:{i}"], theirs))
                    for i, m in enumerate(row.target.measures)
                ],
                "lead": shown(row["lead"], theirs),
            }
            for row in self.targets
        ]
        return {
            **super().context(plan),
            "area": self.area,
            "fields": fields,
            "rows": rows,
            "tasks": [(i, task, str(i) in removed) for i, task in enumerate(self.area.tasks)],
            "remove_error": fields["remove_task"].error,
        }
