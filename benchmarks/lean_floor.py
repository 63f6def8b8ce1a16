"""Experiment (issue 11): the least work a checked reading of the benchmark CSV can do in polars.

Not a product path and not exact: it is a lower bound for what `bench_indicators.py`'s
``parindex`` child does, written to know how far polars itself is from the plain DuckDB query.
Every cell is parsed once in its cheapest polars form (dates as dd/mm/yyyy, words as an Enum
cast of this file's own wordings), every row is checked (missing, unparsed and inconsistent
cells, blank and total rows), and the figures are aggregated by year, month, level and agency,
the distinct procedures in two levels as parindex does. Left out, unlike parindex: stripping
text cells, Unicode normalisation, the duplicate-id check, each bad row's reasons, the other
spellings of dates and words, and the reading date.

    python benchmarks/lean_floor.py [--no-distinct] [--rows 10000000]

It prints the seconds inside the process, the CPU seconds and the peak RSS; run it beside
``bench_indicators.py --child duckdb <csv>`` in alternation (the machine's speed drifts).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from pathlib import Path

import polars as pl

AS_OF = dt.date(2020, 12, 31)
LEVELS = ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]
CHANNELS = ["Trực tiếp", "Trực tuyến", "Bưu chính công ích"]
YES_NO = ["Có", "Không"]
STATUSES = ["Đã trả kết quả", "Đang giải quyết", "Đã hủy", "Rút hồ sơ", "Hủy", "Đã rút hồ sơ"]
CANCELLED = [2, 3, 4, 5]  # the indices of the cancelled wordings in STATUSES


def query(path: Path, distinct: bool) -> pl.LazyFrame:
    """Return the lean check and aggregate of the generated CSV (columns c0 … c14)."""
    names = [f"c{i}" for i in range(15)]
    lf = pl.scan_csv(path, has_header=False, skip_rows=1, schema=dict.fromkeys(names, pl.String))
    lf = lf.with_row_index("_row")

    def date(c: str) -> pl.Expr:
        return pl.col(c).str.to_date("%d/%m/%Y", strict=False, cache=False)

    def word(c: str, words: list[str]) -> pl.Expr:
        return pl.col(c).cast(pl.Enum(words), strict=False).to_physical()

    lf = lf.with_columns(
        rec=date("c9"),
        due=date("c10"),
        res=date("c11"),
        ret=date("c12"),
        lv=word("c6", LEVELS),
        ch=word("c7", CHANNELS),
        bc=word("c8", YES_NO),
        st=word("c13", STATUSES),
        ap=word("c14", YES_NO),
    )
    c = pl.col
    unparsed = [(c(v).is_null() & c(t).is_not_null()) for v, t in (
        ("due", "c10"), ("res", "c11"), ("ret", "c12"), ("ch", "c7"), ("bc", "c8"),
        ("st", "c13"), ("ap", "c14"),
    )]  # fmt: skip
    bad = pl.any_horizontal(
        c("c0").is_null(),
        c("rec").is_null(),
        c("lv").is_null(),
        *unparsed,
        (c("res") < c("rec")).fill_null(False),
        (c("due") < c("rec")).fill_null(False),
        (c("ret") < c("res")).fill_null(False),
        ((c("st") == 0) & c("res").is_null()).fill_null(False),
        (pl.max_horizontal("rec", "res", "ret") > pl.lit(dt.date.today())).fill_null(False),
        c("c4").is_null() & c("c5").is_null(),
    )
    blank = pl.all_horizontal(c(n).is_null() for n in names)
    total = c("c0").str.contains("^(?:Tổng|Cộng|Total)").fill_null(False)
    as_of = pl.lit(AS_OF)
    cancelled = c("st").is_in(CANCELLED).fill_null(False)
    counted = ~cancelled
    resolved = counted & c("res").is_not_null() & (c("res") <= as_of)
    on_time = resolved & (c("due").is_null() | (c("res") <= c("due")))
    pending = counted & ~resolved
    overdue = pending & (c("due") < as_of).fill_null(False)
    late = resolved & ~on_time
    online = counted & (c("ch") == 1)
    flags = [
        counted,
        cancelled,
        resolved,
        on_time,
        late,
        pending,
        overdue,
        online,
        counted & (c("ch") == 2),
        resolved & (c("bc") == 0),
        late | overdue,
        (late | overdue) & (c("ap") == 0),
    ]
    used = ~bad & ~blank & ~total
    # A bad or skipped row is a group of its own (its row number), as in parindex's one pass.
    key = pl.when(used).then(None).otherwise(c("_row"))
    rows = lf.with_columns(
        (c("rec").dt.year() * 100 + c("rec").dt.month()).alias("m"),
        c("c4").alias("ag"),
        key.alias("_k"),
        c("c1").cast(pl.Categorical).to_physical().alias("proc"),
        *(f.alias(f"_w{i}") for i, f in enumerate(flags)),
    )
    keys = ["m", "lv", "ag", "_k"]
    sums = [c(f"_w{i}").sum().alias(f"_w{i}") for i in range(len(flags))]
    if not distinct:
        return rows.group_by(keys).agg(*sums, pl.len().alias("_rows"), c("c5").first())
    inner = [*sums, c("_w7").any().alias("on"), c("_w0").any().alias("any")]
    first = rows.group_by([*keys, "proc"]).agg(*inner, pl.len().alias("_rows"), c("c5").first())
    outer = [c(f"_w{i}").sum() for i in range(len(flags))] + [c("on").sum(), c("any").sum()]
    return first.group_by(keys).agg(*outer, c("_rows").sum(), c("c5").first())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/parindex-bench"))
    parser.add_argument("--distinct", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    path = args.data / f"dossiers-{args.rows}.csv"
    start = time.perf_counter()
    out = query(path, args.distinct).collect(engine="streaming")
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = out.filter(pl.col("_k").is_null())
    print(
        f"lean floor ({'with' if args.distinct else 'without'} the distinct procedures): "
        f"{seconds:.2f} s in the process, {usage.ru_utime + usage.ru_stime:.2f} CPU s, "
        f"{usage.ru_maxrss / 1024:.0f} MiB; {figures.height:,} groups, "
        f"{int(figures['_w0'].sum()):,} dossiers counted"
    )


if __name__ == "__main__":
    main()
