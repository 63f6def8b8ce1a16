"""The 2025 merger (63 provinces into 34): compare years before and after it.

Rule: before the merger year a merged province has no result of its own; each predecessor's
published result is shown beside it. An unweighted mean of the predecessors' totals is given
only as an explicitly labelled approximation (the provinces differ in size, and the Ministry
published no merged figure), with the rule of every page: ``core.ranking.lineage_mean``
(4 decimals half up, only when every predecessor has a result that year).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.ranking import lineage_mean
from parindex.national.results import NationalResult

MERGER_YEAR = 2025


@dataclass(frozen=True)
class LineageYear:
    """One current province in one year: its own result, or its predecessors' results."""

    province: str
    year: int
    result: NationalResult | None
    predecessors: tuple[NationalResult, ...] = ()
    missing: tuple[str, ...] = ()  # predecessors with no result that year
    approx_mean_total: Decimal | None = None  # unweighted mean: an approximation, labelled

    @property
    def merged(self) -> bool:
        """True for a pre-merger year of a province formed from several predecessors."""
        return len(self.predecessors) + len(self.missing) > 1


def lineage(
    results: Sequence[NationalResult],
    successor: Mapping[str, str],
    *,
    merger_year: int = MERGER_YEAR,
) -> dict[str, list[LineageYear]]:
    """Years of each current province, oldest first; ``successor`` maps old code → new code."""
    before = [r for r in results if r.year < merger_year]
    unknown = sorted({r.province for r in before} - set(successor))
    if unknown:
        raise ValueError(f"no successor for provinces: {', '.join(unknown)}")
    predecessors: dict[str, list[str]] = {}
    for old, new in successor.items():
        predecessors.setdefault(new, []).append(old)
    index = {(r.province, r.year): r for r in results}
    years = sorted({r.year for r in results})
    current = sorted(set(predecessors) | {r.province for r in results if r.year >= merger_year})
    lines: dict[str, list[LineageYear]] = {}
    for code in current:
        olds = predecessors.get(code, [])
        entries = []
        for year in years:
            if year >= merger_year:
                own = index.get((code, year))
                if own is not None:
                    entries.append(LineageYear(code, year, own))
                continue
            found = tuple(index[(o, year)] for o in olds if (o, year) in index)
            if not found:
                continue
            missing = tuple(o for o in olds if (o, year) not in index)
            mean = lineage_mean([r.total for r in found] + [None] * len(missing))
            own = found[0] if len(olds) == 1 else None
            entries.append(LineageYear(code, year, own, found, missing, mean))
        lines[code] = entries
    return lines
