"""Kinds that count items: a bonus per item up to the maximum, a penalty per failing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from parindex.core.numbers import ZERO, clamp
from parindex.core.rules.base import (
    Outcome,
    ParseContext,
    Rule,
    Value,
    as_number,
    register,
    spec_number,
)


class PerCount(Rule):
    """Base of the kinds that give or take ``per`` points for each item of a count input."""

    schema = {"input": {"type": "string"}, "per": {"type": "number", "exclusiveMinimum": 0}}
    required = ("input", "per")

    def __init__(self, name: str, per: Decimal) -> None:
        self.name = name
        self.per = per

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        name = ctx.need_input(cls.kind, "input", spec.get("input"), ("count",))
        per = spec_number(cls.kind, "per", spec, ctx)
        return cls(name, per) if name and per is not None else None

    def input_names(self) -> tuple[str, ...]:
        return (self.name,)


@register
class Bonus(PerCount):
    """``per`` points for each counted item, up to the node's maximum."""

    kind = "bonus"

    def monotone_inputs(self) -> tuple[str, ...]:
        return (self.name,)

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        count = as_number(values[self.name])
        return Outcome(
            clamp(self.per * count, ZERO, max_points), "bonus", {"count": count, "per": self.per}
        )


@register
class Penalty(PerCount):
    """Max minus ``per`` points for each counted failing, never below 0."""

    kind = "penalty"

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        count = as_number(values[self.name])
        deduction = self.per * count
        return Outcome(
            clamp(max_points - deduction, ZERO, max_points),
            "penalty",
            {"count": count, "per": self.per, "deduction": min(deduction, max_points)},
        )
