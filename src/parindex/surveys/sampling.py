"""Sample sizes per unit and service (n = N / (1 + N·e²), rounded up) and quota coverage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from parindex.surveys.model import Survey
from parindex.surveys.responses import Response, unit_service

Cell = tuple[str, str]
DEFAULT_MARGIN = Decimal("0.05")


def sample_size(population: int, margin: Decimal | float | str = DEFAULT_MARGIN) -> int:
    """Return n = N / (1 + N·e²) rounded up (Yamane); 0 for an empty population."""
    if population < 0:
        raise ValueError("population must be >= 0")
    e = Decimal(str(margin))
    if not Decimal(0) < e < Decimal(1):
        raise ValueError("margin must be between 0 and 1")
    if population == 0:
        return 0
    n = Decimal(population) / (1 + Decimal(population) * e * e)
    return int(n.to_integral_value(rounding=ROUND_CEILING))


@dataclass(frozen=True)
class Quota:
    """The sample target of one (unit, service) cell."""

    unit: str
    service: str
    population: int
    target: int


def plan_samples(
    populations: Mapping[Cell, int],
    margin: Decimal | float | str = DEFAULT_MARGIN,
    *,
    allocation: str = "per_cell",
) -> dict[Cell, Quota]:
    """Return the target per (unit, service) from the populations served.

    ``per_cell`` applies the formula to each cell. ``proportional`` applies it to each unit's
    total and shares the unit's n among its services in proportion to N (largest remainder),
    which needs fewer interviews when a unit offers many small services.
    """
    if allocation == "per_cell":
        return {
            (u, s): Quota(u, s, n_pop, sample_size(n_pop, margin))
            for (u, s), n_pop in populations.items()
        }
    if allocation != "proportional":
        raise ValueError(f"unknown allocation {allocation!r}")
    out: dict[Cell, Quota] = {}
    units: dict[str, list[Cell]] = {}
    for cell in populations:
        units.setdefault(cell[0], []).append(cell)
    for unit, cells in units.items():
        total = sum(populations[c] for c in cells)
        n_unit = sample_size(total, margin)
        if total == 0:
            out.update({c: Quota(c[0], c[1], 0, 0) for c in cells})
            continue
        exact = {c: Decimal(n_unit) * populations[c] / total for c in cells}
        base = {c: int(exact[c]) for c in cells}
        left = n_unit - sum(base.values())
        for c in sorted(cells, key=lambda c: (-(exact[c] - base[c]), c))[:left]:
            base[c] += 1
        out.update({c: Quota(unit, c[1], populations[c], base[c]) for c in cells})
    return out


@dataclass(frozen=True)
class Coverage:
    """Responses collected so far against the target of one cell."""

    unit: str
    service: str
    target: int
    collected: int

    @property
    def shortfall(self) -> int:
        """Return how many responses are still missing (never negative)."""
        return max(self.target - self.collected, 0)

    @property
    def share(self) -> Decimal:
        """Return collected / target (1 when the target is 0)."""
        return Decimal(self.collected) / self.target if self.target else Decimal(1)

    @property
    def met(self) -> bool:
        """Return True when the target is reached."""
        return self.collected >= self.target


def count_responses(survey: Survey, responses: Iterable[Response]) -> Counter[Cell]:
    """Count responses per (unit, service)."""
    return Counter(unit_service(survey, r) for r in responses)


def quota_coverage(plan: Mapping[Cell, Quota], collected: Mapping[Cell, int]) -> list[Coverage]:
    """Return coverage per planned cell, plus unplanned cells that received responses."""
    cells = list(plan) + sorted(c for c in collected if c not in plan)
    return [
        Coverage(c[0], c[1], plan[c].target if c in plan else 0, int(collected.get(c, 0)))
        for c in cells
    ]
