"""Kinds that score a rate in proportion: plain, up to a target, or on top of a base."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from parindex.core.model import Relation
from parindex.core.numbers import HUNDRED, ZERO, clamp
from parindex.core.rules.base import Outcome, ParseContext, Rule, Value, register, spec_number
from parindex.core.rules.measure import Measure


@register
class Proportional(Rule):
    """max × numerator / denominator (or × percent / 100), capped at max."""

    kind = "proportional"
    schema = Measure.SCHEMA

    def __init__(self, measure: Measure) -> None:
        self.measure = measure

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        measure = Measure.parse(cls.kind, spec, ctx)
        return cls(measure) if measure else None

    def input_names(self) -> tuple[str, ...]:
        return self.measure.names()

    def monotone_inputs(self) -> tuple[str, ...]:
        return self.measure.monotone()

    def implied_relations(self) -> tuple[Relation, ...]:
        return self.measure.relations()

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        fraction, params = self.measure.fraction(values)
        if fraction is None:
            points = max_points if self.measure.when_zero == "full" else ZERO
            return Outcome(points, "no_denominator", params)
        return Outcome(clamp(max_points * fraction, ZERO, max_points), "rate", params)


@register
class ThresholdProportional(Rule):
    """Full at or above ``target`` percent; below it, max × rate / target."""

    kind = "threshold_proportional"
    schema = {**Measure.SCHEMA, "target": {"type": "number", "exclusiveMinimum": 0}}
    required = ("target",)

    def __init__(self, measure: Measure, target: Decimal) -> None:
        self.measure = measure
        self.target = target

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        measure = Measure.parse(cls.kind, spec, ctx)
        target = spec_number(cls.kind, "target", spec, ctx)
        if target is not None and not ZERO < target <= HUNDRED:
            ctx.report(
                "rule_bad_target",
                f"rule '{cls.kind}': target {target} not in (0, 100]",
                {"rule": cls.kind, "target": target},
            )
            return None
        return cls(measure, target) if measure and target is not None else None

    def input_names(self) -> tuple[str, ...]:
        return self.measure.names()

    def monotone_inputs(self) -> tuple[str, ...]:
        return self.measure.monotone()

    def implied_relations(self) -> tuple[Relation, ...]:
        return self.measure.relations()

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        fraction, params = self.measure.fraction(values)
        params["target"] = self.target
        if fraction is None:
            points = max_points if self.measure.when_zero == "full" else ZERO
            return Outcome(points, "no_denominator", params)
        rate = fraction * HUNDRED
        if rate >= self.target:
            return Outcome(max_points, "rate_meets_target", params)
        return Outcome(
            clamp(max_points * rate / self.target, ZERO, max_points), "rate_below_target", params
        )


@register
class BaseProportional(Rule):
    """``base`` points for doing it at all, plus (max − base) × rate."""

    kind = "base_proportional"
    schema = {**Measure.SCHEMA, "base": {"type": "number", "minimum": 0}}
    required = ("base",)

    def __init__(self, measure: Measure, base: Decimal) -> None:
        self.measure = measure
        self.base = base

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        measure = Measure.parse(cls.kind, spec, ctx)
        base = ctx.points(cls.kind, "base", spec.get("base"), None)
        if "base" not in spec:
            ctx.report(
                "rule_missing_param",
                f"rule '{cls.kind}' needs 'base'",
                {"rule": cls.kind, "key": "base"},
            )
        return cls(measure, base) if measure and base is not None else None

    def input_names(self) -> tuple[str, ...]:
        return self.measure.names()

    def monotone_inputs(self) -> tuple[str, ...]:
        return self.measure.monotone()

    def implied_relations(self) -> tuple[Relation, ...]:
        return self.measure.relations()

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        fraction, params = self.measure.fraction(values)
        params["base"] = self.base
        if fraction is None:
            points = max_points if self.measure.when_zero == "full" else self.base
            return Outcome(points, "no_denominator", params)
        points = self.base + (max_points - self.base) * fraction
        return Outcome(clamp(points, ZERO, max_points), "rate", params)
