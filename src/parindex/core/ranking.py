"""Rank units by total and classify them into configurable bands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.errors import ParindexError
from parindex.core.numbers import HUNDRED, ZERO, round4


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


def lineage_mean(totals: Sequence[Decimal | None]) -> Decimal | None:
    """Last year's figure of a merged unit: the unweighted mean of its predecessors' totals.

    The one rule for every page: rounded half up to 4 decimals, as points are; None when any
    predecessor has no figure (a mean of some of them would compare a merged unit with part
    of what it became), or when there is none. Not the sum (it would exceed the maximum), not
    weighted by size (no weight is official). One predecessor passes its figure on as it is.
    """
    if not totals or any(t is None for t in totals):
        return None
    found = [t for t in totals if t is not None]
    if len(found) == 1:
        return found[0]
    return round4(sum(found, ZERO) / len(found))
