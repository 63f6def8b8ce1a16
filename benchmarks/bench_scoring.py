"""Benchmark: score 10 000 units against the 1149 framework, beside a straightforward baseline.

Each implementation runs in its own child process (one core) so its peak memory is its own.
The baseline is what one would write first: walk the YAML tree recursively for every unit,
converting numbers as it goes. Both must give the same totals, which the benchmark checks.

Usage: python benchmarks/bench_scoring.py [--units 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "src/parindex/frameworks/par-province-1149.yaml"
DEMO = ROOT / "src/parindex/demo/lao-cai-2020.yaml"


def make_units(count: int, seed: int) -> list[dict[str, dict[str, object]]]:
    """Vary the seed's inputs per unit: counts, money and rates move, manual points drop."""
    rng = random.Random(seed)
    base = yaml.safe_load(DEMO.read_text(encoding="utf-8"))["inputs"]
    units = []
    for _ in range(count):
        unit: dict[str, dict[str, object]] = {}
        for code, inputs in base.items():
            values: dict[str, object] = {}
            for name, value in inputs.items():
                if name == "points":
                    values[name] = str(round(float(value) * rng.uniform(0.7, 1.0), 2))
                elif name in ("on_time", "met", "integrated", "disbursed", "paid"):
                    values[name] = value  # adjusted below against its denominator
                elif name == "rate":
                    values[name] = str(round(rng.uniform(20, 100), 3))
                else:
                    values[name] = value
            unit[code] = values
        for code, (num, den) in {
            "3.4.1": ("on_time", "total"),
            "3.4.2": ("on_time", "total"),
            "3.4.3": ("on_time", "total"),
            "8.6": ("met", "targets"),
            "7.1.9": ("integrated", "services"),
        }.items():
            total = int(unit[code][den])
            unit[code][num] = rng.randint(int(total * 0.7), total)
        for code, (num, den) in {
            "6.1.1": ("disbursed", "planned"),
            "6.1.3": ("paid", "required"),
        }.items():
            unit[code][num] = str(round(float(unit[code][den]) * rng.uniform(0.5, 1.0), 3))
        unit["8.5"]["growth"] = str(round(rng.uniform(-2, 12), 2))
        units.append(unit)
    return units


# --- the straightforward baseline ---------------------------------------------------------


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def _baseline_leaf(node: dict[str, Any], values: dict[str, Any]) -> Decimal:
    rule = node["rule"]
    top = _d(node["max"])
    kind = rule["kind"]
    if kind == "manual":
        return min(top, _d(values.get("points", 0)))

    def fraction() -> Decimal:
        if "value" in rule:
            return _d(values[rule["value"]]) / 100
        den = _d(values[rule["denominator"]])
        return _d(values[rule["numerator"]]) / den if den else Decimal(1)

    if kind == "proportional":
        return min(top, top * fraction())
    if kind == "base_proportional":
        base = _d(rule["base"])
        return min(top, base + (top - base) * fraction())
    if kind == "threshold_proportional":
        rate = fraction() * 100
        target = _d(rule["target"])
        return top if rate >= target else top * rate / target
    if kind == "compare_previous":
        return top if _d(values[rule["value"]]) > _d(values[rule["previous"]]) else Decimal(0)
    if kind == "bands":
        rate = fraction() * 100
        for band in rule["bands"]:
            low = band["from"]
            high = band["to"]
            if (low is None or rate >= _d(low)) and (high is None or rate < _d(high)):
                return _d(band["points"])
        return Decimal(0)
    raise ValueError(kind)


def _baseline_node(node: dict[str, Any], unit: dict[str, Any], out: dict[str, Decimal]) -> Decimal:
    if node.get("children"):
        total = sum((_baseline_node(c, unit, out) for c in node["children"]), Decimal(0))
    elif node["code"] in unit:
        total = _baseline_leaf(node, unit[node["code"]]).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )
    else:
        total = Decimal(0)
    out[node["code"]] = total
    return total


def run_baseline(units: list[dict[str, Any]]) -> list[str]:
    document = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    totals = []
    for unit in units:
        scores: dict[str, Decimal] = {}
        totals.append(
            str(sum((_baseline_node(n, unit, scores) for n in document["nodes"]), Decimal(0)))
        )
    return totals


def run_parindex(units: list[dict[str, Any]]) -> list[str]:
    from parindex.core.loader import load_framework
    from parindex.core.scoring import UnitInputs, score_many

    framework = load_framework(FRAMEWORK.read_text(encoding="utf-8"), FRAMEWORK.name)
    cards = score_many(
        framework, (UnitInputs(str(i), unit, year=2020) for i, unit in enumerate(units))
    )
    return [str(card.total) for card in cards]  # what a ranking keeps of each unit


def child(method: str, count: int, seed: int) -> None:
    units = make_units(count, seed)
    func = run_parindex if method == "parindex" else run_baseline
    start = time.perf_counter()
    totals = func(units)
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "method": method,
                "seconds": elapsed,
                "peak_mib": peak_kib / 1024,
                "checksum": str(sum(Decimal(t) for t in totals)),
                "first": totals[:3],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", choices=("parindex", "baseline"))
    args = parser.parse_args()
    if args.child:
        child(args.child, args.units, args.seed)
        return
    results = {}
    for method in ("baseline", "parindex"):
        out = subprocess.run(
            [
                "taskset",
                "-c",
                "0",
                sys.executable,
                __file__,
                "--child",
                method,
                "--units",
                str(args.units),
                "--seed",
                str(args.seed),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results[method] = json.loads(out.stdout)
    if results["baseline"]["checksum"] != results["parindex"]["checksum"]:
        raise SystemExit(f"totals differ: {results}")
    print(
        f"Scoring {args.units} units against par-province-1149 (one core, same inputs, "
        f"same totals: checksum {results['parindex']['checksum']})"
    )
    print(f"{'method':<10} {'seconds':>8} {'units/s':>10} {'peak MiB':>9}")
    for method in ("baseline", "parindex"):
        r = results[method]
        print(
            f"{method:<10} {r['seconds']:>8.3f} {args.units / r['seconds']:>10,.0f} "
            f"{r['peak_mib']:>9.1f}"
        )
    speedup = results["baseline"]["seconds"] / results["parindex"]["seconds"]
    goal = "met" if results["parindex"]["seconds"] <= 1.0 else "NOT met"
    print(f"speed-up {speedup:.1f}x; goal (10 000 units in at most 1 s): {goal}")


if __name__ == "__main__":
    main()
