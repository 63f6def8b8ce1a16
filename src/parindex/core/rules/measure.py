"""The rate several kinds score: a percentage input, or a numerator over a denominator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from parindex.core.model import Relation
from parindex.core.numbers import HUNDRED
from parindex.core.rules.base import ParseContext, Value, as_number


@dataclass(frozen=True)
class Measure:
    """A rate: either a percentage input or numerator / denominator inputs."""

    value: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    when_zero: str = "full"
    #: The numerator may exceed the denominator (revenue above its estimate): no implied
    #: "numerator ≤ denominator" relation; the rate is capped as before.
    may_exceed: bool = False

    SCHEMA: ClassVar[dict[str, Any]] = {
        "value": {"type": "string", "description": "a percent input"},
        "numerator": {"type": "string"},
        "denominator": {"type": "string"},
        "when_zero": {"enum": ["full", "zero"], "description": "points when the denominator is 0"},
        "may_exceed": {
            "type": "boolean",
            "description": "the numerator may exceed the denominator (else it is refused)",
        },
    }

    @classmethod
    def parse(cls, kind: str, spec: Mapping[str, Any], ctx: ParseContext) -> Measure | None:
        when_zero = spec.get("when_zero", "full")
        if "value" in spec:
            name = ctx.need_input(kind, "value", spec.get("value"), ("percent",))
            return cls(value=name, when_zero=when_zero) if name else None
        if "numerator" not in spec and "denominator" not in spec:
            ctx.report(
                "rule_missing_input",
                f"rule '{kind}' needs input 'value' or inputs 'numerator' and 'denominator'",
                {"rule": kind, "key": "value"},
            )
            return None
        kinds = ("count", "money", "number")
        num = ctx.need_input(kind, "numerator", spec.get("numerator"), kinds)
        den = ctx.need_input(kind, "denominator", spec.get("denominator"), kinds)
        if num is None or den is None:
            return None
        return cls(
            numerator=num,
            denominator=den,
            when_zero=when_zero,
            may_exceed=spec.get("may_exceed") is True,
        )

    def names(self) -> tuple[str, ...]:
        if self.value is not None:
            return (self.value,)
        assert self.numerator is not None and self.denominator is not None
        return (self.numerator, self.denominator)

    def fraction(self, values: Mapping[str, Value]) -> tuple[Decimal | None, dict[str, object]]:
        """The rate as a fraction (None if the denominator is 0) and the params it shows."""
        if self.value is not None:
            pct = as_number(values[self.value])
            return pct / HUNDRED, {"rate": pct}
        assert self.numerator is not None and self.denominator is not None
        num = as_number(values[self.numerator])
        den = as_number(values[self.denominator])
        params: dict[str, object] = {"numerator": num, "denominator": den}
        if den == 0:
            return None, params
        fraction = num / den
        params["rate"] = fraction * HUNDRED
        return fraction, params

    def relations(self) -> tuple[Relation, ...]:
        """A part never exceeds its whole: numerator ≤ denominator."""
        if self.numerator is None or self.denominator is None or self.may_exceed:
            return ()
        return (Relation(self.numerator, "<=", self.denominator, origin="rule"),)

    def monotone(self) -> tuple[str, ...]:
        return (self.value,) if self.value is not None else (self.numerator or "",)
