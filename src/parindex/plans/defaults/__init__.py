"""Default plan wording per framework: editable YAML data files shipped beside this module."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from parindex.core.limits import LimitError, load_yaml
from parindex.core.numbers import to_decimal
from parindex.plans.model import Content, Duty, Lead, Measure, PlanError

DIRECTORY = Path(__file__).parent
SCHEMA = "parindex/plan-defaults/1"


@dataclass(frozen=True)
class AreaDefaults:
    """An area's short title, lead agencies and content bullets (texts still with placeholders)."""

    title: str = ""
    leads: tuple[Lead, ...] = ()
    contents: tuple[Content, ...] = ()
    goal: str = ""
    coordinating: str = ""


@dataclass(frozen=True)
class PlanDefaults:
    """Everything a generated plan takes from the defaults file, placeholders unfilled."""

    framework: str
    document: Mapping[str, Any]
    goal: str
    coordinating: str
    areas: Mapping[str, AreaDefaults] = field(default_factory=dict)
    targets: Mapping[str, tuple[Measure, ...]] = field(default_factory=dict)
    context: Mapping[str, str] = field(default_factory=dict)
    #: Effort (1 low .. 5 high) to win back the points of a rule kind, for ``best_value``.
    efforts: Mapping[str, Decimal] = field(default_factory=dict)

    def text(self, key: str) -> str:
        """A document-level text (empty when the file leaves it out)."""
        return str(self.document.get(key) or "")

    def texts(self, key: str) -> tuple[str, ...]:
        """A document-level list of paragraphs."""
        return tuple(str(t) for t in self.document.get(key) or ())

    def duties(self) -> tuple[Duty, ...]:
        """Section III groups."""
        return tuple(
            Duty(str(d.get("heading", "")), tuple(str(i) for i in d.get("items") or ()))
            for d in self.document.get("duties") or ()
        )


def _content(raw: object, where: str) -> Content:
    if isinstance(raw, str):
        return Content(raw)
    if isinstance(raw, Mapping) and isinstance(raw.get("text"), str):
        return Content(raw["text"], tuple(str(i) for i in raw.get("items") or ()))
    raise PlanError(f"{where}: a content bullet is a text or {{text, items}}, not {raw!r}")


def _lead(raw: object, where: str) -> Lead:
    if isinstance(raw, str):
        return Lead(raw)
    if isinstance(raw, Mapping) and isinstance(raw.get("agency"), str):
        return Lead(raw["agency"], str(raw.get("scope") or ""))
    raise PlanError(f"{where}: a lead is an agency name or {{agency, scope}}, not {raw!r}")


def _measure(raw: object, where: str) -> Measure:
    if not isinstance(raw, Mapping) or "name" not in raw or "value" not in raw:
        raise PlanError(f"{where}: a target value needs name, op and value, not {raw!r}")
    try:
        value = to_decimal(raw["value"])
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise PlanError(f"{where}: target value {raw['value']!r} is not a number") from exc
    return Measure(
        str(raw["name"]),
        str(raw.get("op", ">=")),
        value,
        str(raw.get("unit") or ""),
        str(raw.get("title") or ""),
    )


def load_defaults(text: str, source: str = "") -> PlanDefaults:
    """Parse a plan-defaults YAML text (within the YAML limits); raise PlanError naming what is
    wrong, a refused bomb with the limit's code."""
    try:
        doc = load_yaml(text, loader=yaml.SafeLoader)
    except LimitError as exc:
        raise PlanError(f"{source}: {exc}", code=exc.code, **exc.params) from exc
    except yaml.YAMLError as exc:
        raise PlanError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(doc, Mapping) or doc.get("schema") != SCHEMA:
        raise PlanError(f"{source}: not a plan-defaults file (schema: {SCHEMA})")
    for key in ("framework", "document", "goal"):
        if not doc.get(key):
            raise PlanError(f"{source}: '{key}' is missing")
    areas = {}
    for code, raw in (doc.get("areas") or {}).items():
        where = f"{source} area {code}"
        raw = raw or {}
        areas[str(code)] = AreaDefaults(
            title=str(raw.get("title") or ""),
            leads=tuple(_lead(x, where) for x in raw.get("leads") or ()),
            contents=tuple(_content(x, where) for x in raw.get("contents") or ()),
            goal=str(raw.get("goal") or ""),
            coordinating=str(raw.get("coordinating") or ""),
        )
    targets = {
        str(code): tuple(_measure(m, f"{source} target {code}") for m in measures or ())
        for code, measures in (doc.get("targets") or {}).items()
    }
    efforts = {}
    for kind, raw in (doc.get("efforts") or {}).items():
        try:
            efforts[str(kind)] = to_decimal(raw)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise PlanError(f"{source}: effort of '{kind}' {raw!r} is not a number") from exc
        if efforts[str(kind)] <= 0:
            raise PlanError(f"{source}: effort of '{kind}' must be above 0")
    return PlanDefaults(
        framework=str(doc["framework"]),
        document=dict(doc["document"]),
        goal=str(doc["goal"]),
        coordinating=str(doc.get("coordinating") or ""),
        areas=areas,
        targets=targets,
        context={str(k): str(v) for k, v in (doc.get("context") or {}).items()},
        efforts=efforts,
    )


def shipped_defaults(framework_code: str) -> PlanDefaults:
    """The defaults shipped for a framework code (``par-province-1149``)."""
    code = framework_code.partition("@")[0]
    path = DIRECTORY / f"{code}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in DIRECTORY.glob("*.yaml")))
        raise PlanError(f"no plan defaults for '{code}' (known: {known})")
    return load_defaults(path.read_text(encoding="utf-8"), path.name)


#: The shipped defaults a framework without its own starts from, by unit kind.
STARTING_POINTS = {
    "province": "par-province-1149",
    "ministry": "par-department-example",
    "department": "par-department-example",
    "district": "par-commune-example",
    "commune": "par-commune-example",
}


def starting_defaults_text(framework_code: str, unit_kind: str) -> str:
    """Plan-defaults YAML for a framework: the shipped file of its code, else a start.

    A framework without shipped defaults (a province's own table) starts from the example of
    its unit kind without the example's areas and targets: its document, goal and
    coordinating wording, to be completed area by area.
    """
    code = framework_code.partition("@")[0]
    path = DIRECTORY / f"{code}.yaml"
    if path.exists():
        return path.read_text(encoding="utf-8")
    example = DIRECTORY / f"{STARTING_POINTS.get(unit_kind, 'par-department-example')}.yaml"
    doc = yaml.safe_load(example.read_text(encoding="utf-8"))
    doc["framework"] = code
    doc.pop("areas", None)
    doc.pop("targets", None)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def defaults_for(framework_code: str, unit_kind: str, stored: str = "") -> PlanDefaults:
    """A framework version's plan defaults: the stored text, else its starting defaults."""
    if stored.strip():
        return load_defaults(stored, f"{framework_code}.plan-defaults")
    text = starting_defaults_text(framework_code, unit_kind)
    return load_defaults(text, f"{framework_code}.plan-defaults")
