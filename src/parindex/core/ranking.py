"""Rank units by total and classify them into configurable bands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.errors import ParindexError
from parindex.core.numbers import HUNDRED, ZERO


@dataclass(frozen=True)
class Classification:
    """A class with its lower bound in percent of the maximum (inclusive)."""

    code: str
    min_percent: Decimal


#: The national result bands: A ≥ 90 %, B 80 – <90 %, C 70 – <80 %; below 70 % unclassified.
NATIONAL_BANDS: tuple[Classification, ...] = (
    Classification("A", Decimal(90)),
    Classification("B", Decimal(80)),
    Classification("C", Decimal(70)),
)


@dataclass(frozen=True)
class Entry:
    unit: str
    total: Decimal
    max: Decimal


@dataclass(frozen=True)
class Ranked:
    rank: int
    unit: str
    total: Decimal
    max: Decimal
    percent: Decimal
    classification: str | None


def validate_bands(bands: Sequence[Classification]) -> None:
    lows = [b.min_percent for b in bands]
    if len({b.code for b in bands}) != len(bands):
        raise ParindexError("classification codes must be unique")
    if lows != sorted(lows, reverse=True) or len(set(lows)) != len(lows):
        raise ParindexError("classification bands must have distinct bounds, highest first")
    if any(low < 0 or low > HUNDRED for low in lows):
        raise ParindexError("classification bounds must be between 0 and 100 %")


def classify(percent: Decimal, bands: Sequence[Classification]) -> str | None:
    for band in bands:
        if percent >= band.min_percent:
            return band.code
    return None


def rank(
    entries: Sequence[Entry], bands: Sequence[Classification] = NATIONAL_BANDS
) -> list[Ranked]:
    """Order by total (highest first); equal totals share a rank (1, 2, 2, 4)."""
    validate_bands(bands)
    ordered = sorted(entries, key=lambda e: (-e.total, e.unit))
    result: list[Ranked] = []
    previous: Decimal | None = None
    current_rank = 0
    for position, entry in enumerate(ordered, start=1):
        if entry.total != previous:
            current_rank = position
            previous = entry.total
        percent = entry.total / entry.max * HUNDRED if entry.max else ZERO
        result.append(
            Ranked(
                current_rank, entry.unit, entry.total, entry.max, percent, classify(percent, bands)
            )
        )
    return result
