"""Rate ranges to points: bands that together cover every rate without gap or overlap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from parindex.core.numbers import HUNDRED, ZERO, to_decimal
from parindex.core.rules.base import Outcome, ParseContext, Rule, Value, register
from parindex.core.rules.measure import Measure


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
            ctx.report(
                "rule_missing_param",
                "rule 'bands' needs a list of 'bands'",
                {"rule": cls.kind, "key": "bands"},
            )
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
                    "band_empty",
                    f"band {i}: from {low} is not below to {high}",
                    {"band": i, "low": low, "high": high},
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
                    {"first": _range(prev), "second": _range(nxt)},
                )
                ok = False
            elif prev.high < nxt.low:
                ctx.report(
                    "bands_gap",
                    f"bands leave a gap between {_fmt(prev.high)} and {_fmt(nxt.low)}",
                    {"variant": "between", "low": prev.high, "high": nxt.low},
                )
                ok = False
        if ok and bands:
            # Rates run from 0 % up (a numerator may exceed its denominator): the bands must
            # cover every rate from 0, and 100 % itself, so no result falls outside them.
            lowest, highest = bands[0].low, bands[-1].high
            if lowest is not None and lowest > 0:
                ctx.report(
                    "bands_gap",
                    f"bands leave rates below {lowest} uncovered",
                    {"variant": "below", "low": lowest},
                )
                ok = False
            if highest is not None and highest <= HUNDRED:
                ctx.report(
                    "bands_gap",
                    f"bands leave rates from {highest} up uncovered",
                    {"variant": "above", "high": highest},
                )
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


def _range(band: Band) -> str:
    """A band as people write it: '50 – 80', '≥ 80', '< 50'."""
    if band.low is None:
        return f"< {band.high}"
    if band.high is None:
        return f"≥ {band.low}"
    return f"{band.low} – {band.high}"
