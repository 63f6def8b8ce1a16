"""Points the assessor enters directly."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from parindex.core.model import InputSpec
from parindex.core.numbers import ZERO, clamp
from parindex.core.rules.base import Outcome, ParseContext, Rule, Value, as_number, register


@register
class Manual(Rule):
    """The assessor enters the points, from 0 up to the maximum."""

    kind = "manual"
    schema = {}
    implicit_inputs = (InputSpec(name="points", kind="points", title="Điểm", title_en="Points"),)

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        return cls()

    def input_names(self) -> tuple[str, ...]:
        return ("points",)

    def monotone_inputs(self) -> tuple[str, ...]:
        return ("points",)

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        return Outcome(clamp(as_number(values["points"]), ZERO, max_points), "manual", {})
