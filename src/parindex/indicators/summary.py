"""A store part's summary: every measure counted by group, so a store is computed without rows.

When an import writes a part, it writes beside it a small Parquet table (`part-….summary.
parquet`) of the definitions' measures counted per group, and the manifest records it (file,
SHA-256, the definitions' hash, the measures, the part's latest date). `compute` on a store
reads the summaries instead of the rows when every part has one made with the same definitions
and nothing asked for needs a row (see `usable`); otherwise it reads the rows. Within a store a
dossier id is in one part only (a later import rewrites the part it supersedes, and its
summary), so the parts' summaries add up exactly.

Two kinds of summary rows, in one table:

- **base rows** (`_date` null), one per (month, level, agency, procedure, field, channel): the
  rows counted (`_n`) and, per measure, the rows matching it. A measure that reads the reading
  date (`as_of`) is counted as it is *before any date* there.
- **event rows** (`_date` set), one per (month, level, agency, date): how much each measure
  that reads `as_of` changes when the reading date reaches that date. A row's filter compares
  `as_of` with its own dates only, so its truth can change only at one of those dates ``d`` or
  the day after (`Definitions.as_of_points` says which: ``d <= as_of`` changes at ``d``,
  ``d < as_of`` at ``d + 1``); the change at ``b`` is the filter at ``b`` minus the filter at
  ``b - 1`` (no other change point lies between them). The count at a reading date is the
  base count plus every change on or before it: exactly the rows' count, for any date.

A measure counting distinct values of a column (the procedures with an online dossier) is
answered from the base rows when it does not read `as_of`; one that does, a grouping by field,
procedure or channel of a measure that reads `as_of`, and a filter on anything but the grouping
columns are answered from the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from parindex.indicators.definitions import WHERE, Definitions, Measure
from parindex.indicators.normalise import EVENT_DATES

VERSION = 1
SUFFIX = ".summary.parquet"
DATE = "_date"
COUNT = "_n"
MONTH = "month"
# What a base row is keyed by, and an event row (a measure reading `as_of` by date).
BASE_KEYS = (
    MONTH,
    "level",
    "agency_code",
    "agency_name",
    "procedure_code",
    "procedure_name",
    "field",
    "channel",
)
EVENT_KEYS = (MONTH, "level", "agency_code", "agency_name")
# Groupings each kind of row can answer (compute's GROUP_KEYS).
BASE_GROUPINGS = frozenset(
    ("year", "quarter", "month", "level", "agency", "field", "procedure", "channel")
)
EVENT_GROUPINGS = frozenset(("year", "quarter", "month", "level", "agency"))
_PROBE = "__as_of__"
_NEVER = dt.date(1, 1, 1)  # a reading date before any dossier: "before any date"


def summary_name(part: str) -> str:
    """Return the summary file name of a part file name."""
    return part.removesuffix(".parquet") + SUFFIX


def reads_as_of(defs: Definitions, text: str) -> bool:
    """Return whether a filter reads the reading date."""
    return _PROBE in defs.compile(text, pl.col(_PROBE)).meta.root_names()


def measures_of(defs: Definitions) -> list[Measure]:
    """Return every distinct measure of the definitions, in a stable order."""
    out: dict[str, Measure] = {}
    for ind in defs.indicators.values():
        for m in (ind.numerator, ind.denominator):
            if m is not None:
                out.setdefault(m.key, m)
    return list(out.values())


@dataclass(frozen=True)
class Built:
    """A summary table and what the manifest records about it."""

    data: pl.DataFrame
    meta: dict[str, Any]


def build(rows: pl.LazyFrame, defs: Definitions) -> Built:
    """Summarise a part's rows (normalised columns) under `defs`; see the module docstring."""
    queries, finish = plan(rows, defs)
    return finish(pl.collect_all(queries, engine="streaming"))


def month_of(defs: Definitions) -> pl.Expr:
    """A row's month as a summary keys it (yyyymm of the definitions' period date)."""
    period = pl.col(defs.period)
    return (period.dt.year().cast(pl.Int32) * 100 + period.dt.month().cast(pl.Int32)).alias(MONTH)


#: Rows summarised at once by `summarise_file`, as whole months. A summary's group tables grow
#: with the (month, agency, procedure, field, channel) combinations they hold; months never
#: share a group, so a part is summarised a few months at a time, each batch's rows appended
#: to the file, and the import's memory stays flat however many years the log spans.
BATCH_ROWS = 3_000_000


def summarise_file(
    part: Path, defs: Definitions, out: Path, batch_rows: int | None = None
) -> dict[str, Any]:
    """Write the summary of the part file `part` to `out`, a few months at a time; return its
    manifest metadata. The same rows and figures as `write(build(...))` (a month's groups are
    all in one batch), in month-batch order."""
    batch_rows = batch_rows or BATCH_ROWS
    scan = pl.scan_parquet(part)
    per_month = (
        scan.select(month_of(defs)).group_by(MONTH).len().sort(MONTH, nulls_last=True).collect()
    )
    batches: list[list[object]] = [[]]
    size = 0
    for month, count in per_month.iter_rows():
        if batches[-1] and size + count > batch_rows:
            batches.append([])
            size = 0
        batches[-1].append(month)
        size += count
    if len(batches) == 1:
        built = build(scan, defs)
        write(built, out)
        return built.meta
    import pyarrow.parquet as pq  # only here: a computation never loads pyarrow

    writer: Any = None
    meta: dict[str, Any] = {}
    last: str | None = None
    try:
        for months in batches:
            known = [m for m in months if m is not None]
            keep = month_of(defs).is_in(known)
            if None in months:
                keep = keep | month_of(defs).is_null()
            built = build(scan.filter(keep), defs)
            meta = built.meta
            seen = built.meta.get("last_date")
            last = seen if last is None or (seen is not None and seen > last) else last
            table = built.data.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(out, table.schema, compression="zstd")
            writer.write_table(table.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()
    return {**meta, "last_date": last}


def plan(
    rows: pl.LazyFrame, defs: Definitions
) -> tuple[list[pl.LazyFrame], Callable[[Sequence[pl.DataFrame]], Built]]:
    """Return the queries of a summary and how to finish it from their results.

    A caller may collect them together with its own queries over the same rows (one
    streaming scan for all); `build` collects them alone.
    """
    # A measure comparing `as_of` with anything but a row's dates cannot be summarised.
    measures = [m for m in measures_of(defs) if defs.as_of_points(m.where) is not None]
    dynamic = [i for i, m in enumerate(measures) if reads_as_of(defs, m.where)]
    month = month_of(defs)
    # Every flag is a column computed once a row (`Definitions.flag_columns`; expanded inside
    # the aggregations, 'late or overdue' evaluated `counted` six times a row). The flags that
    # do not read `as_of` (naming only flags that do not either) serve the base rows and every
    # change point alike.
    fixed, static = defs.flag_columns(
        _NEVER, "_s_", used_by=[n for n in defs.flags if not reads_as_of(defs, n)]
    )
    base_layers, base_known = defs.flag_columns(_NEVER, "_b_", static)
    base_aggs: list[pl.Expr] = [pl.len().cast(pl.Int64).alias(COUNT)]
    for i, m in enumerate(measures):
        # Before any date (`_NEVER`) a measure not reading `as_of` is what it always is.
        cond = defs.compile(m.where, _NEVER, base_known)
        base_aggs.append(cond.sum().cast(pl.Int64).alias(f"m{i}"))
    # Text keys grouped as categories (4 bytes a key instead of the text: the group tables
    # of 10 M rows took 2,8 GiB as text); written back as text by `_finish`.
    texts = [k for k in BASE_KEYS if rows.collect_schema().get(k) == pl.String]
    lf = rows.with_columns(month, *(pl.col(k).cast(pl.Categorical) for k in texts))
    lf = _with_layers(lf, fixed)
    base = _with_layers(lf, base_layers)
    # In the rows' order: a computation from the summaries names a group by its first name,
    # as from the rows (sorted by key instead, 0,92x the time, the names were not the rows').
    queries = [base.group_by(list(BASE_KEYS), maintain_order=True).agg(base_aggs)]
    own = {i: defs.as_of_points(measures[i].where) or set() for i in dynamic}
    points = sorted(set().union(*own.values())) if own else []

    def at(point: tuple[str, int]) -> pl.Expr:
        name, shift = point
        return pl.col(name) + pl.duration(days=shift) if shift else pl.col(name)

    if dynamic and points:
        events = []
        for j, point in enumerate(points):
            c = at(point)
            # The flags at the change point (`_a_`) and the day before it (`_p_`).
            rows_at = lf.filter(c.is_not_null())
            known: dict[str, dict[str, str]] = {}
            for when, prefix in ((c, "_a_"), (c - pl.duration(days=1), "_p_")):
                layers, known[prefix] = defs.flag_columns(when, prefix, static)
                rows_at = _with_layers(rows_at, layers)
            deltas = []
            for i in dynamic:
                if point not in own[i]:  # never a change of this measure: nothing to count
                    deltas.append(pl.lit(0, pl.Int32).alias(f"m{i}"))
                    continue
                # A date that is also an earlier change point of this measure (for this row)
                # is counted there, once.
                where = measures[i].where
                now = defs.compile(where, c, known["_a_"]).cast(pl.Int32)
                before = defs.compile(where, c - pl.duration(days=1), known["_p_"]).cast(pl.Int32)
                delta = now - before
                for earlier in points[:j]:
                    if earlier in own[i]:
                        delta = pl.when(c.ne_missing(at(earlier))).then(delta).otherwise(0)
                deltas.append(delta.alias(f"m{i}"))
            changed = pl.any_horizontal(pl.col(f"m{i}") != 0 for i in dynamic)
            events.append(
                rows_at.select(*EVENT_KEYS, c.alias(DATE), *deltas)
                .filter(changed)
                .group_by([*EVENT_KEYS, DATE])
                .agg(pl.col(f"m{i}").sum().cast(pl.Int64) for i in dynamic)
            )
        merged = (
            pl.concat(events)
            .group_by([*EVENT_KEYS, DATE])
            .agg(pl.col(f"m{i}").sum() for i in dynamic)
            .filter(pl.any_horizontal(pl.col(f"m{i}") != 0 for i in dynamic))
            .sort([*EVENT_KEYS, DATE], nulls_last=True)
        )
        queries.append(merged)
    events_max = pl.max_horizontal([pl.col(n) for n in EVENT_DATES])
    queries.append(rows.select(events_max.max().alias("last")))

    def finish(results: Sequence[pl.DataFrame]) -> Built:
        *frames, last_frame = results
        return _finish(list(frames), last_frame.item(), defs, measures, dynamic)

    return queries, finish


def _with_layers(lf: pl.LazyFrame, layers: list[list[pl.Expr]]) -> pl.LazyFrame:
    """Add `Definitions.flag_columns`' layers to the rows, in order."""
    for layer in layers:
        lf = lf.with_columns(layer)
    return lf


def _finish(
    frames: list[pl.DataFrame],
    last: object,
    defs: Definitions,
    measures: list[Measure],
    dynamic: list[int],
) -> Built:
    data = pl.concat(
        [f.with_columns(pl.col(pl.Categorical).cast(pl.String)) for f in frames],
        how="diagonal_relaxed",
    )
    data = data.select(
        *BASE_KEYS,
        pl.col(DATE).cast(pl.Date) if DATE in data.columns else pl.lit(None, pl.Date).alias(DATE),
        # A part's counts fit 32 bits (a part holds fewer than 2^31 rows): half the bytes.
        pl.col(COUNT).fill_null(0).cast(pl.Int32),
        *(pl.col(f"m{i}").fill_null(0).cast(pl.Int32) for i in range(len(measures))),
    )
    meta = {
        "version": VERSION,
        "definitions": defs.sha256,
        "period": defs.period,
        "measures": [m.key for m in measures],
        "dynamic": [measures[i].key for i in dynamic],
        "last_date": last.isoformat() if isinstance(last, dt.date) else None,
    }
    return Built(data, meta)


def write(built: Built, path: Path) -> None:
    """Write a summary table (small: zstd, one file)."""
    built.data.write_parquet(path, compression="zstd")


def usable(
    records: Sequence[dict[str, Any]],
    root: Path,
    defs: Definitions,
    measures: Iterable[Measure],
    by: Sequence[str],
    extra: Iterable[str],
    as_of: dt.date,
) -> list[Path] | None:
    """Return the summary files that answer this computation, or None (read the rows).

    Every part must have a summary of these definitions on disk; every measure must be in it;
    a measure reading `as_of` must not count distinct values; the grouping and the filters
    (`extra`: the `where`; a year is read from the month) must read only what the rows are
    keyed by.
    """
    if not records:
        return None
    files = []
    for r in records:
        s = r.get("summary")
        if not s or s.get("version") != VERSION or s.get("definitions") != defs.sha256:
            return None
        path = root / s["file"]
        if not path.is_file():
            return None
        files.append(path)
    known = set(records[0]["summary"]["measures"])
    measures = list(measures)
    dynamic = False
    for m in measures:
        if m.key not in known:
            return None
        if reads_as_of(defs, m.where):
            if m.distinct is not None:
                return None
            dynamic = True
    if len({m.distinct for m in measures if m.distinct is not None}) > 1:
        return None
    allowed = EVENT_GROUPINGS if dynamic else BASE_GROUPINGS
    if not set(by) <= allowed:
        return None
    columns = set(EVENT_KEYS if dynamic else BASE_KEYS) - {MONTH}
    for text in extra:
        if reads_as_of(defs, text):
            return None
        if not set(defs.compile(text, as_of).meta.root_names()) <= columns:
            return None
    return files


def aggregate(
    source: Sequence[Path] | pl.DataFrame,
    stored: Sequence[str],
    defs: Definitions,
    measures: Sequence[Measure],
    by: Sequence[str],
    year: int | None,
    where: str | None,
    as_of: dt.date,
) -> pl.LazyFrame:
    """Return compute's wide aggregate (keys, m0…, `_rows`, names) from summaries.

    `source` is the summary files, or one summary table; `stored` its measures' keys.
    """
    col = {m.key: f"m{list(stored).index(m.key)}" for m in measures}
    dynamic = {m.key for m in measures if reads_as_of(defs, m.where)}
    cond = pl.lit(True)
    if year is not None:
        cond = cond & (pl.col(MONTH) // 100 == year)
    if where:
        cond = cond & defs.compile(where, as_of, source=WHERE)
    keys = _keys(by)
    if isinstance(source, pl.DataFrame):
        lf = source.lazy()
    else:
        # Only the columns needed, scanned lazily: the base and the event rows are both taken
        # from this one scan (polars shares it), and nothing collects the summaries whole
        # (collecting them first took 2,4 GiB at 50 M rows; lazily 1,4 GiB, and 0,55 → 0,50 s
        # at 10 M rows; benchmarks/INDICATORS.md, "third round").
        needed = {MONTH, DATE, COUNT, *col.values(), *cond.meta.root_names()}
        needed |= {n for k in keys for n in k.meta.root_names()}
        needed |= {"agency_name"} if "agency" in by else set()
        needed |= {"procedure_name"} if "procedure" in by else set()
        needed |= {m.distinct for m in measures if m.distinct}
        lf = pl.scan_parquet(list(source)).select(sorted(needed))
    lf = lf.filter(cond)
    names = [k.meta.output_name() for k in keys]
    base = lf.filter(pl.col(DATE).is_null()).with_columns(keys)
    out_cols = [f"m{i}" for i in range(len(measures))]
    plain = [(i, m) for i, m in enumerate(measures) if m.distinct is None]
    distinct = [(i, m) for i, m in enumerate(measures) if m.distinct is not None]
    labels = [n for k, n in (("agency", "agency_name"), ("procedure", "procedure_name")) if k in by]
    aggs = [pl.col(COUNT).cast(pl.Int64).sum().alias("_rows")]
    aggs += [pl.col(col[m.key]).cast(pl.Int64).sum().alias(f"m{i}") for i, m in plain]
    aggs += [pl.col(n).drop_nulls().first().alias(n) for n in labels]
    wide = base.group_by(names, maintain_order=True).agg(aggs) if names else base.select(aggs)
    if distinct:
        column = distinct[0][1].distinct
        assert column is not None
        inner = [(pl.col(col[m.key]).sum() > 0).alias(f"m{i}") for i, m in distinct]
        sums = [pl.col(f"m{i}").sum().cast(pl.Int64).alias(f"m{i}") for i, _ in distinct]
        present = base.filter(pl.col(column).is_not_null())
        if column in names:  # grouped by the column itself: one value per group
            second = (
                present.group_by(names)
                .agg(inner)
                .with_columns(pl.col(f"m{i}").cast(pl.Int64) for i, _ in distinct)
            )
        else:
            first = present.group_by([*names, column]).agg(inner)
            second = first.group_by(names).agg(sums) if names else first.select(sums)
        wide = (
            wide.join(second, on=names, how="left", nulls_equal=True)
            if names
            else (pl.concat([wide, second], how="horizontal"))
        )
        wide = wide.with_columns(pl.col(f"m{i}").fill_null(0) for i, _ in distinct)
    dyn = [(i, m) for i, m in plain if m.key in dynamic]
    if dyn:
        events = lf.filter(pl.col(DATE).is_not_null() & (pl.col(DATE) <= as_of)).with_columns(keys)
        eaggs = [pl.col(col[m.key]).cast(pl.Int64).sum().alias(f"_e{i}") for i, m in dyn]
        moves = events.group_by(names).agg(eaggs) if names else events.select(eaggs)
        if names:
            wide = wide.join(moves, on=names, how="left", nulls_equal=True)
        else:
            wide = pl.concat([wide, moves], how="horizontal")
        wide = wide.with_columns(
            (pl.col(f"m{i}") + pl.col(f"_e{i}").fill_null(0)).alias(f"m{i}") for i, _ in dyn
        ).drop([f"_e{i}" for i, _ in dyn])
    return wide.select(*names, *out_cols, "_rows", *labels)


def _keys(by: Sequence[str]) -> list[pl.Expr]:
    """Return compute's grouping keys from a summary's month and columns."""
    month = pl.col(MONTH)
    year = (month // 100).cast(pl.Int32)
    out: list[pl.Expr] = []
    for key in by:
        if key == "year":
            out.append(year.alias("year"))
        elif key == "quarter":
            out.append((year * 10 + (month % 100 - 1) // 3 + 1).cast(pl.Int32).alias("quarter"))
        elif key == "month":
            out.append(month.alias("month"))
        elif key == "agency":
            out.append(pl.col("agency_code"))
        elif key == "procedure":
            out.append(pl.col("procedure_code"))
        else:
            out.append(pl.col(key))
    return out
