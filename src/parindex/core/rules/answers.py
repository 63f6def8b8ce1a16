"""Kinds scored by an answer: yes or no, or one option of a choice."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from parindex.core.numbers import ZERO
from parindex.core.rules.base import Outcome, ParseContext, Rule, Value, register


@register
class YesNo(Rule):
    """Yes gives ``yes`` points (default max), no gives ``no`` points (default 0)."""

    kind = "yes_no"
    schema = {"input": {"type": "string"}, "yes": {"type": "number"}, "no": {"type": "number"}}
    required = ("input",)

    def __init__(self, name: str, yes: Decimal, no: Decimal) -> None:
        self.name = name
        self.yes = yes
        self.no = no

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        name = ctx.need_input(cls.kind, "input", spec.get("input"), ("yes_no",))
        yes = ctx.points(cls.kind, "yes", spec.get("yes"), ctx.max)
        no = ctx.points(cls.kind, "no", spec.get("no"), ZERO)
        return cls(name, yes, no) if name and yes is not None and no is not None else None

    def input_names(self) -> tuple[str, ...]:
        return (self.name,)

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        answer = bool(values[self.name])
        return Outcome(self.yes if answer else self.no, "yes" if answer else "no", {})


@register
class Choice(Rule):
    """Each option of a choice input gives its points."""

    kind = "choice"
    schema = {
        "input": {"type": "string"},
        "points": {"type": "object", "additionalProperties": {"type": "number"}},
    }
    required = ("input", "points")

    def __init__(self, name: str, points: Mapping[str, Decimal]) -> None:
        self.name = name
        self.points = dict(points)

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        name = ctx.need_input(cls.kind, "input", spec.get("input"), ("choice",))
        raw = spec.get("points")
        if not isinstance(raw, Mapping) or not raw:
            ctx.report(
                "rule_missing_param",
                "rule 'choice' needs 'points' per option",
                {"rule": cls.kind, "key": "points"},
            )
            return None
        points: dict[str, Decimal] = {}
        for option, value in raw.items():
            parsed = ctx.points(cls.kind, f"points.{option}", value, None)
            if parsed is None:
                return None
            points[str(option)] = parsed
        if name is not None:
            declared = set(ctx.inputs[name].choices)
            if declared != set(points):
                ctx.report(
                    "choice_options",
                    f"rule 'choice': options {sorted(points)} differ from input '{name}' "
                    f"choices {sorted(declared)}",
                    {
                        "variant": "differ",
                        "input": name,
                        "options": sorted(points),
                        "choices": sorted(declared),
                    },
                )
                return None
        return cls(name, points) if name else None

    def input_names(self) -> tuple[str, ...]:
        return (self.name,)

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        option = str(values[self.name])
        return Outcome(self.points[option], "choice", {"option": option})
