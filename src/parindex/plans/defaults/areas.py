"""One area's plan defaults as a form edits them: lead agencies, coordinating agencies, the
area's goal and the default targets of its measured sub-criteria.

Pure: :func:`area_problems` checks an edit against the framework (codes with parameters, each
naming the field it belongs to), :func:`with_area` writes it into the defaults text. The text
is rewritten as YAML, so the comments of the file it started from are not kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from parindex.core.limits import load_yaml
from parindex.core.model import Framework, Node
from parindex.core.numbers import HUNDRED, ZERO
from parindex.plans.defaults import load_defaults
from parindex.plans.model import Lead

#: Rule kinds that score a rate: their sub-criteria take a default target (a percentage).
MEASURED_KINDS = ("proportional", "threshold_proportional", "base_proportional", "bands")
#: The operators a default target is written with.
TARGET_OPS = (">=", "=")
#: The measure a target of a rate names (as the shipped defaults do).
RATE = "rate"


@dataclass(frozen=True)
class Target:
    """A sub-criterion's default target: ``op`` and a percentage."""

    op: str
    value: Decimal


@dataclass(frozen=True)
class AreaEdit:
    """What the area's form says; ``targets`` maps a sub-criterion to its target or None."""

    area: str
    leads: tuple[Lead, ...]
    coordinating: tuple[str, ...] = ()
    goal: str = ""
    targets: Mapping[str, Target | None] = field(default_factory=dict)


#: A problem of an edit: (the field it belongs to, its code, its parameters).
AreaProblem = tuple[str, str, dict[str, object]]


def subtree(node: Node) -> Iterator[Node]:
    """A node and everything under it, in the tree's order."""
    yield node
    for child in node.children:
        yield from subtree(child)


def measured_leaves(area: Node) -> Iterator[Node]:
    """The area's sub-criteria scored by a rate, in the tree's order."""
    for node in subtree(area):
        if node.is_leaf and node.rule is not None and node.rule.kind in MEASURED_KINDS:
            yield node


def area_problems(framework: Framework, edit: AreaEdit) -> list[AreaProblem]:
    """Everything wrong with ``edit``, each naming its field (``lead_1``, ``target_3.4.1``)."""
    found: list[AreaProblem] = []
    area = next((n for n in framework.nodes if n.code == edit.area), None)
    if area is None:
        return [("", "plan_area_unknown", {"area": edit.area})]
    if not edit.leads:
        found.append(("lead_1", "plan_lead_missing", {}))
    seen: set[str] = set()
    for number, lead in enumerate(edit.leads, start=1):
        if lead.agency in seen:
            found.append((f"lead_{number}", "plan_lead_repeated", {"agency": lead.agency}))
        seen.add(lead.agency)
    for agency in edit.coordinating:
        if agency in seen:
            found.append(("coordinating", "plan_coordinating_is_lead", {"agency": agency}))
    allowed = {n.code for n in measured_leaves(area)}
    for code, target in edit.targets.items():
        if code not in allowed:
            found.append((f"target_{code}", "plan_target_not_measured", {"code": code}))
        elif target is not None and target.op not in TARGET_OPS:
            found.append((f"op_{code}", "plan_target_op", {"op": target.op}))
        elif target is not None and not ZERO < target.value <= HUNDRED:
            found.append((f"target_{code}", "plan_target_range", {"value": target.value}))
    return found


def with_area(text: str, framework: Framework, edit: AreaEdit) -> str:
    """The defaults text with ``edit`` written into its area and targets (valid edits only)."""
    doc: dict[str, Any] = dict(load_yaml(text, loader=yaml.SafeLoader) or {})
    areas = dict(doc.get("areas") or {})
    own = dict(areas.get(edit.area) or {})
    own["leads"] = [
        {"agency": lead.agency, **({"scope": lead.scope} if lead.scope else {})}
        for lead in edit.leads
    ]
    for key, value in (("coordinating", "; ".join(edit.coordinating)), ("goal", edit.goal)):
        if value:
            own[key] = value
        else:
            own.pop(key, None)
    areas[edit.area] = own
    doc["areas"] = areas
    targets = dict(doc.get("targets") or {})
    titles = {n.code: n.title for n in framework.leaves()}
    for code, target in edit.targets.items():
        others = [m for m in targets.get(code) or () if m.get("name") != RATE]
        if target is not None:
            kept: dict[str, Any] = next(
                (m for m in targets.get(code) or () if m.get("name") == RATE), {}
            )
            rate = {
                "name": RATE,
                "title": kept.get("title") or titles.get(code, ""),
                "op": target.op,
                "value": _number(target.value),
                "unit": "%",
            }
            others = [rate, *others]
        if others:
            targets[code] = others
        else:
            targets.pop(code, None)
    doc["targets"] = targets
    written = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    load_defaults(written, "plan-defaults")  # what is stored always loads
    return written


def _number(value: Decimal) -> int | float:
    """A percentage as YAML writes it: 99 or 99.5 (YAML has no decimal type)."""
    return int(value) if value == value.to_integral_value() else float(value)
