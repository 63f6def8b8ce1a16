"""Turn a posted area form into pure plan edits (``parindex.plans.edit``).

Field names: ``points:<code>``, ``measure:<code>:<i>``, ``lead:<code>`` per target; ``leads``
(one agency a line, ``agency | scope``), ``coordinating`` and ``goal`` for the area;
``remove_task`` (indexes) and ``task_text`` / ``task_lead`` / ``task_deadline`` for a new task.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.plans import (
    Duty,
    Lead,
    Plan,
    PlanError,
    Task,
    add_task,
    remove_task,
    set_area_text,
    set_fields,
    set_lead,
    set_target,
)
from parindex.web.site.params import int_param


class FormError(Exception):
    """Fields the user typed cannot be used: ``errors`` maps each field name ("" for the form
    as a whole) to the message that says why."""

    def __init__(self, errors: Mapping[str, str] | str) -> None:
        self.errors = dict(errors) if isinstance(errors, Mapping) else {"": errors}
        super().__init__(" ".join(self.errors.values()))


class _Collect:
    """Collect one error per field instead of stopping at the first one."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, exc: Exception) -> None:
        self.errors.setdefault(field, " ".join(getattr(exc, "errors", {"": str(exc)}).values()))

    def check(self) -> None:
        if self.errors:
            raise FormError(self.errors)


def _decimal(text: str, label: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise FormError(
            _("%(label)s: “%(value)s” không phải là số.") % {"label": label, "value": text}
        ) from exc
    if not value.is_finite():
        raise FormError(
            _("%(label)s: “%(value)s” không phải là số.") % {"label": label, "value": text}
        )
    return value


def _date(text: str, label: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise FormError(
        _("%(label)s: “%(value)s” không phải là ngày (dd/mm/yyyy).")
        % {"label": label, "value": text}
    )


def _leads(text: str) -> list[Lead]:
    leads = []
    for line in text.splitlines():
        if not line.strip():
            continue
        agency, _sep, scope = line.partition("|")
        leads.append(Lead(agency.strip(), scope.strip()))
    return leads


def apply_area_edit(plan: Plan, area_code: str, post: Mapping[str, Any]) -> Plan:
    """The plan with the area's posted values; FormError maps every bad field to its message."""
    area = plan.area(area_code)
    found = _Collect()
    for target in area.targets:
        label = _("Điểm mục tiêu %(code)s") % {"code": target.code}
        name = f"points:{target.code}"
        raw_points = str(post.get(name, "")).strip()
        points = target.points
        try:
            points = _decimal(raw_points, label) if raw_points else target.points
        except FormError as exc:
            found.add(name, exc)
        measures = []
        for i, measure in enumerate(target.measures):
            mname = f"measure:{target.code}:{i}"
            raw = str(post.get(mname, "")).strip()
            mlabel = f"{target.code} · {measure.title or measure.name}"
            value = measure.value
            try:
                value = _decimal(raw, mlabel) if raw else measure.value
            except FormError as exc:
                found.add(mname, exc)
            measures.append(dataclasses.replace(measure, value=value))
        lead = post.get(f"lead:{target.code}")
        try:
            plan = set_target(
                plan,
                target.code,
                points=points,
                measures=measures,
                lead=None if lead is None else str(lead).strip(),
            )
        except PlanError as exc:
            found.add(name, exc)
    if "leads" in post:
        try:
            plan = set_lead(
                plan,
                area_code,
                _leads(str(post["leads"])),
                coordinating=str(post.get("coordinating", area.coordinating)).strip(),
            )
        except PlanError as exc:
            found.add("leads", exc)
    if "goal" in post:
        plan = set_area_text(plan, area_code, goal=str(post["goal"]).strip())
    indexes = {i for i in map(int_param, _list(post, "remove_task")) if i is not None}
    removed = sorted(indexes, reverse=True)
    for index in removed:
        try:
            plan = remove_task(plan, area_code, index)
        except PlanError as exc:
            found.add("remove_task", exc)
    text = str(post.get("task_text", "")).strip()
    if text:
        try:
            deadline = _date(str(post.get("task_deadline", "")), _("Thời hạn"))
        except FormError as exc:
            found.add("task_deadline", exc)
        else:
            lead = str(post.get("task_lead", "")).strip() or (
                area.leads[0].agency if area.leads else ""
            )
            plan = add_task(plan, area_code, Task(text, lead, deadline))
    found.check()
    return plan


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


#: The plan's general texts the page edits, one paragraph a line (field name → label).
GENERAL_FIELDS = {
    "preamble": gettext_lazy("Căn cứ, mở đầu"),
    "purpose": gettext_lazy("Mục đích"),
    "requirements": gettext_lazy("Yêu cầu"),
    "recipients": gettext_lazy("Nơi nhận"),
}


def apply_general_edit(plan: Plan, post: Mapping[str, Any]) -> Plan:
    """The plan with its posted general texts: preamble, purpose, requirements, the duties of
    section III (Tổ chức thực hiện: ``duty_heading:<i>`` and ``duty_items:<i>``, one item a
    line; both emptied removes the group) and the recipients. FormError maps every bad field
    to its message."""
    changes: dict[str, object] = {}
    found = _Collect()
    for name, label in GENERAL_FIELDS.items():
        if name not in post:
            continue
        lines = _lines(str(post[name]))
        if not lines:
            found.add(name, FormError(_("%(label)s: cần ít nhất một đoạn.") % {"label": label}))
        changes[name] = lines
    indexes = _duty_indexes(k for k in post if k.startswith("duty_heading:"))
    if indexes:
        duties = []
        for i in indexes:
            heading = " ".join(str(post.get(f"duty_heading:{i}", "")).split())
            items = _lines(str(post.get(f"duty_items:{i}", "")))
            if not heading and not items:
                continue
            if not heading:
                message = _("Tổ chức thực hiện, nhóm %(n)s: cần tiêu đề (trách nhiệm của ai).")
                found.add(f"duty_heading:{i}", FormError(message % {"n": i + 1}))
            elif not items:
                message = _("Tổ chức thực hiện, “%(heading)s”: cần ít nhất một nhiệm vụ.")
                found.add(f"duty_items:{i}", FormError(message % {"heading": heading}))
            else:
                duties.append(Duty(heading, items))
        if not duties and not found.errors:
            found.add("", FormError(_("Tổ chức thực hiện: cần ít nhất một nhóm trách nhiệm.")))
        changes["duties"] = tuple(duties)
    found.check()
    try:
        return set_fields(plan, **changes) if changes else plan
    except PlanError as exc:
        raise FormError(str(exc)) from exc


# --- the form as shown: what was submitted, each error next to its field ----------------------


@dataclasses.dataclass(frozen=True)
class Field:
    """One input as the page shows it: its value, its error and, after a conflict, the newer
    saved value when it differs from the user's (None otherwise)."""

    name: str
    value: str
    error: str = ""
    theirs: str | None = None

    @property
    def id(self) -> str:
        """The input's HTML id: ``points:3.4.1`` → ``points-3-4-1``."""
        name = self.name
        if name.startswith("duty_"):
            name = "duty-" + name[len("duty_") :]
        return name.replace(":", "-").replace(".", "-")


def _same(a: str, b: str) -> bool:
    return _lines(a) == _lines(b)


def _bind(
    values: Mapping[str, str],
    post: Mapping[str, Any] | None,
    errors: Mapping[str, str],
    theirs: Mapping[str, str] | None,
    extra: Sequence[str] = (),
) -> dict[str, Field]:
    fields = {}
    for name in [*values, *(n for n in extra if n not in values)]:
        value = values.get(name, "") if post is None else str(post.get(name, ""))
        newer = None if theirs is None else theirs.get(name, "")
        if newer is not None and _same(newer, value):
            newer = None
        fields[name] = Field(name, value, errors.get(name, ""), newer)
    return fields


def _points(value: object) -> str:
    from parindex.web.plans.templatetags.plans import points

    return points(value)


def area_values(plan: Plan, area_code: str) -> dict[str, str]:
    """The area form's fields as the page first shows them (field name → text)."""
    area = plan.area(area_code)
    values: dict[str, str] = {}
    for t in area.targets:
        values[f"points:{t.code}"] = _points(t.points)
        for i, m in enumerate(t.measures):
            values[f"measure:{t.code}:{i}"] = _points(m.value)
        values[f"lead:{t.code}"] = t.lead or ""
    values["leads"] = "".join(
        f"{lead.agency} | {lead.scope}\n" if lead.scope else f"{lead.agency}\n"
        for lead in area.leads
    )
    values["coordinating"] = area.coordinating or ""
    values["goal"] = area.goal or ""
    values["task_text"] = ""
    values["task_lead"] = area.leads[0].agency if area.leads else ""
    values["task_deadline"] = ""
    values["note"] = ""
    return values


def area_form(
    plan: Plan,
    area_code: str,
    *,
    post: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    theirs: Plan | None = None,
    tasks_moved: bool = False,
) -> dict[str, Any]:
    """The area page's form: ``plan``'s values, or the ``post`` re-shown with its ``errors``;
    ``theirs`` (a conflict) is the newer saved plan, shown beside each field it changed."""
    errors = dict(errors or {})
    removed = {str(i) for i in _list(post or {}, "remove_task")}
    if tasks_moved and removed:
        errors.setdefault(
            "remove_task",
            _("Danh sách nhiệm vụ đã thay đổi trong bản mới hơn: hãy chọn lại nhiệm vụ cần bỏ."),
        )
        removed = set()
    newer = None if theirs is None else area_values(theirs, area_code)
    fields = _bind(area_values(plan, area_code), post, errors, newer)
    area = plan.area(area_code)
    rows = [
        {
            "target": t,
            "points": fields[f"points:{t.code}"],
            "measures": [(m, fields[f"measure:{t.code}:{i}"]) for i, m in enumerate(t.measures)],
            "lead": fields[f"lead:{t.code}"],
        }
        for t in area.targets
    ]
    tasks = [(i, task, str(i) in removed) for i, task in enumerate(area.tasks)]
    return {
        "fields": fields,
        "rows": rows,
        "tasks": tasks,
        "remove_error": errors.get("remove_task", ""),
        "form_error": errors.get("", ""),
    }


def general_values(plan: Plan) -> dict[str, str]:
    """The general-texts form's fields as the page first shows them (a blank group last)."""
    values = {name: "\n".join(getattr(plan, name)) for name in GENERAL_FIELDS}
    for i, duty in enumerate(plan.duties):
        values[f"duty_heading:{i}"] = duty.heading
        values[f"duty_items:{i}"] = "\n".join(duty.items)
    values[f"duty_heading:{len(plan.duties)}"] = ""
    values[f"duty_items:{len(plan.duties)}"] = ""
    values["note"] = ""
    return values


def _duty_indexes(names: Iterable[str]) -> list[int]:
    found = {n.split(":", 1)[1] for n in names if n.startswith(("duty_heading:", "duty_items:"))}
    return sorted({i for i in map(int_param, found) if i is not None})


def general_form(
    plan: Plan,
    *,
    post: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    theirs: Plan | None = None,
) -> dict[str, Any]:
    """The general-texts page's form: ``plan``'s texts, or the ``post`` re-shown with its
    ``errors``; ``theirs`` (a conflict) is the newer saved plan, shown beside each change."""
    errors = dict(errors or {})
    values = general_values(plan)
    newer = None if theirs is None else general_values(theirs)
    indexes = _duty_indexes([*values, *(post or {}), *(newer or {})])
    extra = []
    if indexes and post is not None:
        last = indexes[-1]
        if str(post.get(f"duty_heading:{last}", "")).strip() or _lines(
            str(post.get(f"duty_items:{last}", ""))
        ):
            indexes.append(last + 1)  # a blank group to add one more
    for i in indexes:
        extra += [f"duty_heading:{i}", f"duty_items:{i}"]
    fields = _bind(values, post, errors, newer, extra)
    groups = [(i, fields[f"duty_heading:{i}"], fields[f"duty_items:{i}"]) for i in indexes]
    new = groups[-1][0] if groups and not (groups[-1][1].value or groups[-1][2].value) else None
    return {"fields": fields, "groups": groups, "new_group": new, "form_error": errors.get("", "")}


def _list(post: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(post, "getlist", None)
    if getlist is not None:
        return list(getlist(name))
    value = post.get(name)
    return [] if value is None else list(value) if isinstance(value, list | tuple) else [value]


__all__ = [
    "Field",
    "FormError",
    "PlanError",
    "apply_area_edit",
    "apply_general_edit",
    "area_form",
    "general_form",
]
