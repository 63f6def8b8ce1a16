"""Benchmark: every indicator by year, month, level and agency from a dossier-log CSV.

Goal (issue 4): 10 million rows of CSV in at most 15 s wall time and 2 GiB peak memory on the
project's 2-core machine, at least 5x faster than a straightforward pandas implementation run
side by side on the same file; 50 million rows within the same memory bound.

Each implementation runs in its own child process; wall time is measured around the child and
peak RSS is the child's ru_maxrss (os.wait4). Both must give the same totals per indicator.
Generated data stays under /tmp (``--data``), never in the repository.

    python benchmarks/bench_indicators.py                 # 10 M rows, parindex and pandas
    python benchmarks/bench_indicators.py --rows 50000000 --no-pandas
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

AS_OF = dt.date(2020, 12, 31)
BY = ["year", "month", "level", "agency"]
GOAL_SECONDS, GOAL_MIB, GOAL_SPEEDUP = 15.0, 2048.0, 5.0


def child_parindex(path: str) -> dict[str, list[int]]:
    """Compute every shipped indicator with parindex (streaming polars)."""
    from parindex.indicators import compute, open_dataset

    data = compute(open_dataset(path), BY, as_of=AS_OF).data
    sums = data.group_by("indicator").agg("numerator", "denominator").sort("indicator")
    groups = data.select(["year", "month", "level", "agency_code"]).unique().height
    out = {r[0]: [sum(r[1]), sum(x or 0 for x in r[2])] for r in sums.iter_rows()}
    out["_groups"] = [groups, 0]
    return out


def child_pandas(path: str) -> dict[str, list[int]]:
    """Compute the same indicators the way one would first write them in pandas."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str)
    df.columns = [
        "dossier_id",
        "procedure_code",
        "procedure_name",
        "field",
        "agency_code",
        "agency_name",
        "level",
        "channel",
        "returned_by_bcci",
        "received_date",
        "due_date",
        "resolved_date",
        "returned_date",
        "status",
        "apology_sent",
    ]
    for c in ("received_date", "due_date", "resolved_date"):
        df[c] = pd.to_datetime(df[c], format="%d/%m/%Y", errors="coerce")
    df["level"] = df["level"].map(
        {"Cấp tỉnh": "province", "Cấp huyện": "district", "Cấp xã": "commune"}
    )
    df["channel"] = df["channel"].map(
        {"Trực tiếp": "direct", "Trực tuyến": "online", "Bưu chính công ích": "bcci"}
    )
    as_of = pd.Timestamp(AS_OF)
    df["year"] = df["received_date"].dt.year
    df["month"] = df["received_date"].dt.strftime("%Y-%m")
    resolved = df["resolved_date"].notna() & (df["resolved_date"] <= as_of)
    on_time = resolved & (df["due_date"].isna() | (df["resolved_date"] <= df["due_date"]))
    late = resolved & ~on_time
    pending = ~resolved
    overdue = pending & df["due_date"].notna() & (df["due_date"] < as_of)
    online = df["channel"] == "online"
    apology = df["apology_sent"] == "Có"
    bcci_ret = df["returned_by_bcci"] == "Có"
    flags = pd.DataFrame(
        {
            "received": True,
            "resolved": resolved,
            "on_time": on_time,
            "late": late,
            "pending": pending,
            "overdue": overdue,
            "online": online,
            "bcci": df["channel"] == "bcci",
            "bcci_return": resolved & bcci_ret,
            "late_or_overdue": late | overdue,
            "apology": (late | overdue) & apology,
        }
    ).astype("int64")
    keys = ["year", "month", "level", "agency_code"]
    flags[keys] = df[keys]
    g = flags.groupby(keys).sum()
    proc = df[[*keys, "procedure_code"]].copy()
    proc["online"] = online
    per_proc = proc.groupby([*keys, "procedure_code"])["online"].any().reset_index()
    dist = per_proc.groupby(keys).agg(all=("online", "size"), online=("online", "sum"))
    t = g.sum()
    out = {
        "apology_rate": [t["apology"], t["late_or_overdue"]],
        "bcci_receipt_share": [t["bcci"], t["received"]],
        "bcci_return_share": [t["bcci_return"], t["resolved"]],
        "late": [t["late"], 0],
        "on_time": [t["on_time"], 0],
        "on_time_rate": [t["on_time"], t["resolved"]],
        "online_procedure_share": [dist["online"].sum(), dist["all"].sum()],
        "online_share": [t["online"], t["received"]],
        "overdue": [t["overdue"], 0],
        "pending": [t["pending"], 0],
        "received": [t["received"], 0],
        "resolved": [t["resolved"], 0],
        "_groups": [len(g), 0],
    }
    return {k: [int(v[0]), int(v[1])] for k, v in out.items()}


def run_child(kind: str, path: Path) -> tuple[float, float, dict[str, list[int]], float]:
    """Run one implementation in a child process; return (seconds, peak MiB, totals, CPU s).

    CPU seconds (user + system) tell how much of the wall time the machine's load added.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(path)], stdout=subprocess.PIPE
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{kind} failed with exit code {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, json.loads(output), cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/parindex-bench"))
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    args = parser.parse_args()
    if args.child:
        kind, path = args.child
        totals = child_parindex(path) if kind == "parindex" else child_pandas(path)
        print(json.dumps(totals))
        return

    from parindex.indicators.generator import generate

    args.data.mkdir(parents=True, exist_ok=True)
    path = args.data / f"dossiers-{args.rows}.csv"
    if not path.exists():
        t = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path} in {time.perf_counter() - t:.1f} s")
    size = path.stat().st_size / 2**30
    print(
        f"{args.rows:,} rows, {size:.2f} GiB CSV; {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {dt.date.today()}; grouping {','.join(BY)}"
    )
    print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = {"parindex": run_child("parindex", path)}
    if not args.no_pandas:
        results["pandas"] = run_child("pandas", path)
    print(f"{'method':<10}{'seconds':>10}{'peak MiB':>10}{'CPU s':>10}")
    for kind, (sec, mib, _, cpu) in results.items():
        print(f"{kind:<10}{sec:>10.2f}{mib:>10.0f}{cpu:>10.2f}")
    print(f"load average after the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    sec, mib, totals, _ = results["parindex"]
    print(f"groups (year, month, level, agency): {totals['_groups'][0]:,}")
    print(f"on time / resolved: {totals['on_time_rate'][0]:,} / {totals['on_time_rate'][1]:,}")
    verdict = []
    if args.rows <= 10_000_000:  # the time goal is set for 10 M rows; 50 M has a memory goal only
        verdict.append(
            f"time {'met' if sec <= GOAL_SECONDS else 'MISSED'} (<= {GOAL_SECONDS:.0f} s)"
        )
    verdict.append(f"memory {'met' if mib <= GOAL_MIB else 'MISSED'} (<= 2 GiB)")
    if "pandas" in results:
        same = results["pandas"][2] == totals
        if not same:
            print("totals differ:", results["pandas"][2], totals)
        speedup = results["pandas"][0] / sec
        verdict.append(
            f"same totals: {same}; speed-up {speedup:.1f}x "
            f"({'met' if speedup >= GOAL_SPEEDUP else 'MISSED'}, >= 5x)"
        )
    print("; ".join(verdict))


if __name__ == "__main__":
    main()
