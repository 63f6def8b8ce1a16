"""Benchmark: build the internal-index dashboard data for 3 400 units, beside a naive baseline.

Goal (issue 6): a dashboard over 3 400 units in at most 1 s server time. This measures the data
part (rankings with classification and change, heat map units × areas, weakest criteria); the
page render is timed separately below it for information.

- **baseline**: what one writes first with the core's public per-node API: for every unit
  ``card.total``, ``card.areas()`` and ``card.leaves()`` (which build each scorecard's node
  views), then ``core.ranking.rank`` per kind and a list scan for last year's total.
- **parindex**: ``charts.dashboards.internal_dashboard``: reads only ``card.points``, groups once,
  sums criteria per framework leaf, looks up last year by dict.

Both must give the same ranking, heat map and weakest criteria (a checksum is compared).

Usage: python benchmarks/bench_dashboard.py [--units 3400] [--departments 40] [--repeat 5]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

import yaml

from parindex.charts import render_svg
from parindex.charts.dashboards import internal_dashboard
from parindex.charts.table import data_table
from parindex.core.numbers import HUNDRED, ZERO
from parindex.core.ranking import NATIONAL_BANDS, Entry, rank
from parindex.core.scoring import Scorecard, UnitInputs, score_many
from parindex.frameworks import find

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src/parindex/demo/lao-cai-2020.yaml"


def make_cards(units: int, departments: int, seed: int) -> tuple[list[Scorecard], dict, dict]:
    """Score units (the demo inputs varied at random); return cards, kinds, last year totals."""
    rng = random.Random(seed)
    demo = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    framework = find(demo["framework"])
    base = demo["inputs"]
    items, kinds, previous = [], {}, {}
    for i in range(units):
        unit = f"D{i:03d}" if i < departments else f"X{i:05d}"
        kinds[unit] = "department" if i < departments else "commune"
        inputs: dict[str, dict[str, object]] = {}
        for code, values in base.items():
            row = dict(values)
            if "points" in row:
                row["points"] = str(round(float(row["points"]) * rng.uniform(0.5, 1.0), 2))
            if "rate" in row:
                row["rate"] = str(round(rng.uniform(20, 100), 3))
            for num, den in (("on_time", "total"), ("met", "targets"), ("integrated", "services")):
                if num in row:
                    row[num] = rng.randint(int(int(row[den]) * 0.6), int(row[den]))
            inputs[code] = row
        items.append(UnitInputs(unit, inputs, year=2024))
        previous[unit] = Decimal(rng.randint(4000, 6500)) / 100
    cards = list(score_many(framework, items))
    return cards, kinds, previous


def baseline(cards: list[Scorecard], kinds: dict, previous: dict) -> list[tuple]:
    """Per-node API, list scans: the first thing one writes."""
    out = []
    previous_list = list(previous.items())
    for kind in dict.fromkeys(kinds.values()):
        group = [c for c in cards if kinds[c.unit] == kind]
        ranked = rank([Entry(c.unit, c.total, c.max) for c in group], NATIONAL_BANDS)
        by_unit = {c.unit: c for c in group}
        for r in ranked:
            last = next((t for u, t in previous_list if u == r.unit), None)
            card = by_unit[r.unit]
            heat = tuple(a.score * HUNDRED / a.max for a in card.areas())
            out.append((kind, r.unit, r.rank, r.classification, r.total - last, heat))
        sums: dict[str, Decimal] = {}
        maxima: dict[str, Decimal] = {}
        for card in group:
            for leaf in card.leaves():
                if leaf.max > 0:
                    sums[leaf.code] = sums.get(leaf.code, ZERO) + leaf.score
                    maxima[leaf.code] = leaf.max
        means = sorted((s * HUNDRED / (maxima[c] * len(group)), c) for c, s in sums.items())
        out.append((kind, tuple(m for m, _ in means[:10])))
    return out


def fast(cards: list[Scorecard], kinds: dict, previous: dict) -> list[tuple]:
    """The dashboard builder, flattened to the same tuples for the checksum."""
    dashboard = internal_dashboard(cards, kinds=kinds, previous=previous)
    out = []
    for part in dashboard.kinds:
        chart = part.ranking
        for i, r in enumerate(part.ranked):
            heat = tuple(s.values[i] for s in part.heatmap.series)
            out.append((part.kind, r.unit, r.rank, r.classification, chart.changes[i], heat))
        out.append((part.kind, tuple(part.weakest.series[0].values)))
    return out


def checksum(rows: list[tuple]) -> str:
    """Digest of the results, numbers rounded to 6 places."""

    def norm(value: object) -> object:
        if isinstance(value, Decimal):
            return f"{value:.6f}"
        if isinstance(value, tuple):
            return tuple(norm(v) for v in value)
        return value

    return hashlib.sha256(repr([norm(r) for r in rows]).encode()).hexdigest()[:12]


def timed(function, cards, kinds, previous, repeat: int) -> tuple[float, list[tuple]]:
    """Best of ``repeat`` runs; fresh scorecards each run so lazy views are not reused."""
    best, result = float("inf"), []
    for _ in range(repeat):
        fresh = [
            Scorecard(c.framework, c.unit, c.year, c.points, c.outcomes, c.values) for c in cards
        ]
        start = time.perf_counter()
        result = function(fresh, kinds, previous)
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3400)
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    cards, kinds, previous = make_cards(args.units, args.departments, args.seed)
    base_s, base_rows = timed(baseline, cards, kinds, previous, args.repeat)
    fast_s, fast_rows = timed(fast, cards, kinds, previous, args.repeat)
    if checksum(base_rows) != checksum(fast_rows):
        print("results differ between baseline and parindex", file=sys.stderr)
        return 1
    print(
        f"Internal-index dashboard data for {args.units} units "
        f"({args.departments} departments), best of {args.repeat}, checksum "
        f"{checksum(fast_rows)}"
    )
    print(f"{'method':10} {'seconds':>8}")
    print(f"{'baseline':10} {base_s:8.3f}")
    print(f"{'parindex':10} {fast_s:8.3f}")
    print(
        f"speed-up {base_s / fast_s:.1f}x; goal (at most 1 s): {'met' if fast_s <= 1 else 'MISSED'}"
    )
    dashboard = internal_dashboard(cards, kinds=kinds, previous=previous)
    communes = dashboard.kind("commune")
    for name, chart in (("ranking", communes.ranking), ("heat map", communes.heatmap)):
        start = time.perf_counter()
        svg = render_svg(chart)
        table = data_table(chart)
        elapsed = time.perf_counter() - start
        print(
            f"render {name} of {len(chart.categories)} communes: SVG {len(svg) / 1e6:.1f} MB "
            f"+ table of {len(table.rows)} rows in {elapsed:.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
