"""A safe arithmetic formula over a node's inputs."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from parindex.core.errors import FormulaError
from parindex.core.formula import Formula
from parindex.core.numbers import ZERO, clamp
from parindex.core.rules.base import (
    NUMERIC_KINDS,
    Outcome,
    ParseContext,
    Rule,
    Value,
    as_number,
    register,
)


@register
class FormulaRule(Rule):
    """A safe arithmetic formula over the node's inputs and ``MAX``; clamped to [0, max]."""

    kind = "formula"
    schema = {"expr": {"type": "string", "maxLength": 500}}
    required = ("expr",)

    def __init__(self, formula: Formula) -> None:
        self.formula = formula

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        expr = spec.get("expr")
        if not isinstance(expr, str):
            ctx.report(
                "rule_missing_param",
                "rule 'formula' needs 'expr'",
                {"rule": "formula", "key": "expr"},
            )
            return None
        try:
            formula = Formula(expr)
        except FormulaError as exc:
            ctx.report(
                "formula_invalid", f"rule 'formula': {exc}", {"expr": expr, "error": str(exc)}
            )
            return None
        ok = True
        for name in sorted(formula.names - {"MAX"}):
            if ctx.need_input(cls.kind, "expr", name, (*NUMERIC_KINDS, "yes_no")) is None:
                ok = False
        return cls(formula) if ok else None

    def input_names(self) -> tuple[str, ...]:
        return tuple(sorted(self.formula.names - {"MAX"}))

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        env = {name: as_number(values[name]) for name in self.input_names()}
        env["MAX"] = max_points
        try:
            points = self.formula.evaluate(env)
        except FormulaError as exc:
            return Outcome(ZERO, "formula_error", {"error": str(exc)}, complete=False)
        return Outcome(clamp(points, ZERO, max_points), "formula", {"expr": self.formula.text})
