"""Scoring rules as data. Each kind is one class registered by ``@register``.

A rule parses its spec (reporting problems instead of raising), names the inputs it reads and
evaluates them to an :class:`Outcome`: unrounded points within ``[0, max]`` and a reason code
with parameters. Adding a kind means adding a class; no other rule changes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from parindex.core.errors import FormulaError
from parindex.core.formula import Formula
from parindex.core.model import InputSpec
from parindex.core.numbers import HUNDRED, ZERO, clamp, to_decimal

Value = Decimal | bool | str
_NO_PARAMS: Mapping[str, object] = MappingProxyType({})
Report = Callable[[str, str, dict[str, object]], None]
NUMERIC_KINDS = ("count", "percent", "money", "number", "points")


class Outcome(NamedTuple):
    """What a rule gives: unrounded points, a reason code and its parameters.

    A NamedTuple rather than a frozen dataclass: one is made per leaf per unit, and scoring
    thousands of units is a goal (see benchmarks/).
    """

    points: Decimal
    reason: str
    params: Mapping[str, object] = _NO_PARAMS
    complete: bool = True


@dataclass(frozen=True)
class ParseContext:
    """What a rule may know about its node while parsing its spec."""

    code: str
    max: Decimal
    inputs: Mapping[str, InputSpec]
    report: Report

    def need_input(self, kind: str, key: str, name: object, kinds: tuple[str, ...]) -> str | None:
        """Check that spec key ``key`` names a declared input of one of ``kinds``."""
        if name is None:
            self.report(
                "rule_missing_input",
                f"rule '{kind}' needs input '{key}'",
                {"rule": kind, "key": key},
            )
            return None
        if not isinstance(name, str):
            self.report("rule_bad_input", f"rule '{kind}': '{key}' must name an input", {})
            return None
        spec = self.inputs.get(name)
        if spec is None:
            self.report(
                "unknown_input",
                f"rule '{kind}' uses input '{name}' ({key}), which the node does not declare",
                {"rule": kind, "input": name},
            )
            return None
        if spec.kind not in kinds:
            self.report(
                "input_kind",
                f"rule '{kind}': input '{name}' is {spec.kind}, expected {' or '.join(kinds)}",
                {"rule": kind, "input": name, "kind": spec.kind},
            )
            return None
        return name

    def points(self, kind: str, key: str, raw: object, default: Decimal | None) -> Decimal | None:
        """Read a points value from the spec: a number within ``[0, max]``."""
        if raw is None:
            return default
        try:
            value = to_decimal(raw)
        except ValueError:
            self.report("rule_bad_number", f"rule '{kind}': '{key}' must be a number", {})
            return None
        if value < 0 or value > self.max:
            self.report(
                "rule_points_range",
                f"rule '{kind}': '{key}' = {value} is outside 0..{self.max}",
                {"value": value, "max": self.max},
            )
            return None
        return value


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    RULES[cls.kind] = cls
    return cls


class Rule(ABC):
    """Base of every rule kind."""

    kind: ClassVar[str]
    #: JSON Schema properties of the spec (besides ``kind``), published with the format.
    schema: ClassVar[dict[str, Any]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    #: Inputs a rule brings itself when the node does not declare them.
    implicit_inputs: ClassVar[tuple[InputSpec, ...]] = ()
    #: The spec the rule was parsed from (set by the loader): writing a framework back out
    #: and comparing two rules need nothing kind-specific.
    spec: Mapping[str, Any] = _NO_PARAMS

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and dict(self.spec) == dict(getattr(other, "spec", {}))

    def __hash__(self) -> int:
        return hash((self.kind, repr(sorted(self.spec.items(), key=lambda kv: kv[0]))))

    @classmethod
    @abstractmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        """Build the rule from its spec; report problems through ``ctx`` and return None."""

    @abstractmethod
    def input_names(self) -> tuple[str, ...]:
        """The inputs the rule reads for the current year."""

    @abstractmethod
    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        """Points for these input values (and last year's, for comparisons)."""

    def monotone_inputs(self) -> tuple[str, ...]:
        """Inputs whose increase never lowers the points (for property tests)."""
        return ()


# --- measures shared by several kinds -------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A rate: either a percentage input or numerator / denominator inputs."""

    value: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    when_zero: str = "full"

    SCHEMA: ClassVar[dict[str, Any]] = {
        "value": {"type": "string", "description": "a percent input"},
        "numerator": {"type": "string"},
        "denominator": {"type": "string"},
        "when_zero": {"enum": ["full", "zero"], "description": "points when the denominator is 0"},
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
        return cls(numerator=num, denominator=den, when_zero=when_zero)

    def names(self) -> tuple[str, ...]:
        if self.value is not None:
            return (self.value,)
        assert self.numerator is not None and self.denominator is not None
        return (self.numerator, self.denominator)

    def fraction(self, values: Mapping[str, Value]) -> tuple[Decimal | None, dict[str, object]]:
        """The rate as a fraction (None if the denominator is 0) and the params it shows."""
        if self.value is not None:
            pct = _num(values[self.value])
            return pct / HUNDRED, {"rate": pct}
        assert self.numerator is not None and self.denominator is not None
        num = _num(values[self.numerator])
        den = _num(values[self.denominator])
        params: dict[str, object] = {"numerator": num, "denominator": den}
        if den == 0:
            return None, params
        fraction = num / den
        params["rate"] = fraction * HUNDRED
        return fraction, params

    def monotone(self) -> tuple[str, ...]:
        return (self.value,) if self.value is not None else (self.numerator or "",)


def _num(value: Value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return to_decimal(value)


def _spec_number(kind: str, key: str, spec: Mapping[str, Any], ctx: ParseContext) -> Decimal | None:
    raw = spec.get(key)
    if raw is None:
        ctx.report("rule_missing_param", f"rule '{kind}' needs '{key}'", {"rule": kind, "key": key})
        return None
    try:
        return to_decimal(raw)
    except ValueError:
        ctx.report("rule_bad_number", f"rule '{kind}': '{key}' must be a number", {"key": key})
        return None


# --- the kinds ---------------------------------------------------------------------------


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
        target = _spec_number(cls.kind, "target", spec, ctx)
        if target is not None and not ZERO < target <= HUNDRED:
            ctx.report("rule_bad_target", f"rule '{cls.kind}': target {target} not in (0, 100]", {})
            return None
        return cls(measure, target) if measure and target is not None else None

    def input_names(self) -> tuple[str, ...]:
        return self.measure.names()

    def monotone_inputs(self) -> tuple[str, ...]:
        return self.measure.monotone()

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
            ctx.report("rule_missing_param", f"rule '{cls.kind}' needs 'base'", {"key": "base"})
        return cls(measure, base) if measure and base is not None else None

    def input_names(self) -> tuple[str, ...]:
        return self.measure.names()

    def monotone_inputs(self) -> tuple[str, ...]:
        return self.measure.monotone()

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


@dataclass(frozen=True)
class Band:
    low: Decimal | None  # inclusive
    high: Decimal | None  # exclusive
    points: Decimal

    def contains(self, value: Decimal) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)


@register
class Bands(Rule):
    """Value ranges to points: each band is [from, to) and together they leave no gap."""

    kind = "bands"
    schema = {
        **Measure.SCHEMA,
        "bands": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["points"],
                "additionalProperties": False,
                "properties": {
                    "from": {"type": ["number", "null"]},
                    "to": {"type": ["number", "null"]},
                    "points": {"type": "number", "minimum": 0},
                },
            },
        },
    }
    required = ("bands",)

    def __init__(self, measure: Measure, bands: tuple[Band, ...]) -> None:
        self.measure = measure
        self.bands = bands

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        measure = Measure.parse(cls.kind, spec, ctx)
        raw = spec.get("bands")
        if not isinstance(raw, list) or not raw:
            ctx.report("rule_missing_param", "rule 'bands' needs a list of 'bands'", {})
            return None
        bands: list[Band] = []
        ok = True
        for i, item in enumerate(raw, start=1):
            if not isinstance(item, Mapping):
                ok = False
                continue
            try:
                low = to_decimal(item["from"]) if item.get("from") is not None else None
                high = to_decimal(item["to"]) if item.get("to") is not None else None
            except ValueError:
                ctx.report("band_bad", f"band {i}: 'from' and 'to' must be numbers", {"band": i})
                ok = False
                continue
            points = ctx.points(cls.kind, f"bands[{i}].points", item.get("points"), None)
            if points is None:
                ok = False
                continue
            if low is not None and high is not None and low >= high:
                ctx.report(
                    "band_empty", f"band {i}: from {low} is not below to {high}", {"band": i}
                )
                ok = False
                continue
            bands.append(Band(low, high, points))
        if not ok:
            return None
        bands.sort(key=lambda b: (b.low is not None, b.low if b.low is not None else ZERO))
        for prev, nxt in pairwise(bands):
            if prev.high is None or nxt.low is None or prev.high > nxt.low:
                ctx.report(
                    "bands_overlap",
                    f"bands overlap: [{_fmt(prev.low)}, {_fmt(prev.high)}) and "
                    f"[{_fmt(nxt.low)}, {_fmt(nxt.high)})",
                    {},
                )
                ok = False
            elif prev.high < nxt.low:
                ctx.report(
                    "bands_gap",
                    f"bands leave a gap between {_fmt(prev.high)} and {_fmt(nxt.low)}",
                    {},
                )
                ok = False
        if ok and bands:
            # Rates run from 0 % up (a numerator may exceed its denominator): the bands must
            # cover every rate from 0, and 100 % itself, so no result falls outside them.
            lowest, highest = bands[0].low, bands[-1].high
            if lowest is not None and lowest > 0:
                ctx.report("bands_gap", f"bands leave rates below {lowest} uncovered", {})
                ok = False
            if highest is not None and highest <= HUNDRED:
                ctx.report("bands_gap", f"bands leave rates from {highest} up uncovered", {})
                ok = False
        return cls(measure, tuple(bands)) if measure and ok else None

    def input_names(self) -> tuple[str, ...]:
        return self.measure.names()

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        fraction, params = self.measure.fraction(values)
        if fraction is None:
            points = max_points if self.measure.when_zero == "full" else ZERO
            return Outcome(points, "no_denominator", params)
        value = fraction * HUNDRED
        for band in self.bands:
            if band.contains(value):
                params.update(band_from=band.low, band_to=band.high, band_points=band.points)
                return Outcome(band.points, "band", params)
        params["band_from"] = params["band_to"] = None
        return Outcome(ZERO, "no_band", params)


def _fmt(value: Decimal | None) -> str:
    return "∞" if value is None else str(value)


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
        current = _num(values[self.value])
        if self.previous is not None:
            before_raw: Value | None = values[self.previous]
        else:
            before_raw = previous.get(self.value)
        if before_raw is None:
            return Outcome(ZERO, "missing_previous", {"value": current}, complete=False)
        before = _num(before_raw)
        params: dict[str, object] = {"value": current, "previous": before}
        if before != 0:
            params["ratio"] = current / before * HUNDRED
        if current > before or (self.or_equal and current == before):
            return Outcome(max_points, "higher", params)
        return Outcome(ZERO, "not_higher", params)


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
            ctx.report("rule_missing_param", "rule 'choice' needs 'points' per option", {})
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
                    {},
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


@register
class Bonus(Rule):
    """``per`` points for each counted item, up to the node's maximum."""

    kind = "bonus"
    schema = {"input": {"type": "string"}, "per": {"type": "number", "exclusiveMinimum": 0}}
    required = ("input", "per")

    def __init__(self, name: str, per: Decimal) -> None:
        self.name = name
        self.per = per

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        name = ctx.need_input(cls.kind, "input", spec.get("input"), ("count",))
        per = _spec_number(cls.kind, "per", spec, ctx)
        return cls(name, per) if name and per is not None else None

    def input_names(self) -> tuple[str, ...]:
        return (self.name,)

    def monotone_inputs(self) -> tuple[str, ...]:
        return (self.name,)

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        count = _num(values[self.name])
        return Outcome(
            clamp(self.per * count, ZERO, max_points), "bonus", {"count": count, "per": self.per}
        )


@register
class Penalty(Rule):
    """Max minus ``per`` points for each counted failing, never below 0."""

    kind = "penalty"
    schema = {"input": {"type": "string"}, "per": {"type": "number", "exclusiveMinimum": 0}}
    required = ("input", "per")

    def __init__(self, name: str, per: Decimal) -> None:
        self.name = name
        self.per = per

    @classmethod
    def parse(cls, spec: Mapping[str, Any], ctx: ParseContext) -> Rule | None:
        name = ctx.need_input(cls.kind, "input", spec.get("input"), ("count",))
        per = _spec_number(cls.kind, "per", spec, ctx)
        return cls(name, per) if name and per is not None else None

    def input_names(self) -> tuple[str, ...]:
        return (self.name,)

    def evaluate(
        self, max_points: Decimal, values: Mapping[str, Value], previous: Mapping[str, Value]
    ) -> Outcome:
        count = _num(values[self.name])
        deduction = self.per * count
        return Outcome(
            clamp(max_points - deduction, ZERO, max_points),
            "penalty",
            {"count": count, "per": self.per, "deduction": min(deduction, max_points)},
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
            ctx.report("rule_missing_param", "rule 'formula' needs 'expr'", {"key": "expr"})
            return None
        try:
            formula = Formula(expr)
        except FormulaError as exc:
            ctx.report("formula_invalid", f"rule 'formula': {exc}", {})
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
        env = {name: _num(values[name]) for name in self.input_names()}
        env["MAX"] = max_points
        try:
            points = self.formula.evaluate(env)
        except FormulaError as exc:
            return Outcome(ZERO, "formula_error", {"error": str(exc)}, complete=False)
        return Outcome(clamp(points, ZERO, max_points), "formula", {"expr": self.formula.text})


@register
class Manual(Rule):
    """The assessor enters the points, from 0 up to the maximum."""

    kind = "manual"
    schema = {}
    implicit_inputs = (InputSpec(name="points", kind="points", title="Điểm"),)

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
        return Outcome(clamp(_num(values["points"]), ZERO, max_points), "manual", {})
