"""Comparison with last year's value."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from parindex.core.numbers import HUNDRED, ZERO
from parindex.core.rules.base import Outcome, ParseContext, Rule, Value, as_number, register


@register
class ComparePrevious(Rule):
    """Full when the value is higher than last year's (``or_equal`` to accept equal)."""

    kind = "compare_previous"
    schema = {
        "value": {"type": "string"},
        "previous": {
            "type": "string",
            "description": "input holding last year's value; "
            "without it, last year's inputs are used",
        },
        "or_equal": {"type": "boolean"},
    }
    required = ("value",)

    def __init__(self, value: str, previous: str | None, or_equal: bool) -> None:
        self.value = value
        self.previous = previous
        self.or_equal = or_equal

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        kinds = ("count", "percent", "money", "number")
        value = ctx.need_input(cls.kind, "value", spec.get("value"), kinds)
        previous = None
        if "previous" in spec:
            previous = ctx.need_input(cls.kind, "previous", spec.get("previous"), kinds)
            if previous is None:
                return None
        return cls(value, previous, bool(spec.get("or_equal", False))) if value else None

    def input_names(self) -> tuple[str, ...]:
        return (self.value, self.previous) if self.previous else (self.value,)

    def monotone_inputs(self) -> tuple[str, ...]:
        return (self.value,)

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        current = as_number(values[self.value])
        if self.previous is not None:
            before_raw: Value | None = values[self.previous]
        else:
            before_raw = previous.get(self.value)
        if before_raw is None:
            return Outcome(ZERO, "missing_previous", {"value": current}, complete=False)
        before = as_number(before_raw)
        params: dict[str, object] = {"value": current, "previous": before}
        if before != 0:
            params["ratio"] = current / before * HUNDRED
        if current > before or (self.or_equal and current == before):
            return Outcome(max_points, "higher", params)
        return Outcome(ZERO, "not_higher", params)
