"""One pass over an export: the check and a computation's aggregate from one streaming query.

`check_aggregate` gives the same reading as `ingest.check` (and so the full reading) while the
rows are aggregated in the same read of the file; `compute` uses it at a given reading date.
Kept apart from `ingest`, which it builds on: the check's queries, the fast reading, `conclude`.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from parindex.indicators.ingest import (
    Reading,
    Tolerance,
    _duplicates,
    _last_date,
    _queries,
    _repeated_hashes,
    checked,
    collect_read,
    conclude,
    fast_reading,
    only_rows,
)
from parindex.indicators.mapping import ColumnMapping
from parindex.indicators.normalise import EVENT_DATES, SKIP, Normalised, normalise
from parindex.indicators.reading import ROW, Raw

KEY = "_key"  # the group key `check_key` adds to an aggregate made in the check's pass


@dataclass(frozen=True)
class GroupExtra:
    """More of a row than its group's counts, kept by an aggregate in the same pass.

    `keys` are added to the grouping (named expressions over the rows); `inner` and `outer`
    are their aggregations at the first and second level of `compute._two_level` (`outer`
    reads the first level's columns). With `keys`, no row is filtered out by the cohort: the
    keys tell those rows apart themselves (`check_key`).
    """

    keys: tuple[pl.Expr, ...]
    inner: tuple[pl.Expr, ...]
    outer: tuple[pl.Expr, ...]


def check_key(cohort: pl.Expr) -> GroupExtra:
    """Return what an aggregate keeps so that the check is read off its groups.

    The key is null for a row used and in the cohort (the figures' groups), -1 for a row
    used outside the cohort, and the row number of a bad or skipped row (a group of its
    own); each group also keeps the kind of skipped row and its latest event date.
    """
    used = pl.col(SKIP).is_null() & ~pl.col("_bad")
    key = (
        pl.when(~used)
        .then(pl.col(ROW))
        .when(cohort.fill_null(False))
        .then(pl.lit(None, dtype=pl.Int64))
        .otherwise(pl.lit(-1, dtype=pl.Int64))
        .alias(KEY)
    )
    events = pl.max_horizontal([pl.col(n) for n in EVENT_DATES])
    inner = (pl.col(SKIP).first().alias("_skip"), events.max().alias("_last"))
    outer = (pl.col("_skip").first().alias("_skip"), pl.col("_last").max().alias("_last"))
    return GroupExtra((key,), inner, outer)


def check_aggregate(
    raw: Raw,
    nl: Normalised,
    mapping: ColumnMapping,
    tolerance: Tolerance | None,
    aggregate: Callable[[pl.LazyFrame, GroupExtra], pl.LazyFrame],
    cohort: pl.Expr,
    *,
    reread: Callable[[bool], tuple[Raw, Normalised]] | None = None,
) -> tuple[Reading, pl.DataFrame | None]:
    """Check a file and aggregate its rows in one pass; return the reading and the aggregate.

    The same reading as `check` gives, from one streaming query: the aggregate's groups
    (`aggregate(lf, extra)`) keep every bad or skipped row as a group of its own
    (`check_key`), and the ids are hashed beside it for the duplicate check. The rows found
    bad are then read again in full (`normalise` without `fast`), which gives their
    problems. The aggregate is None when the figures need a second pass: when a row found
    bad in the fast reading is good in full, or a dossier id occurs twice (later
    occurrences are left out, which the pass could not know).
    """
    last_raw, chosen = [raw], [nl]
    handle, ids_file = tempfile.mkstemp(prefix="parindex-ids-", suffix=".ipc")
    os.close(handle)

    def build(lossy: bool) -> list[pl.LazyFrame]:
        r, n = reread(lossy) if reread else (raw, nl)
        last_raw[0] = r
        chosen[0] = fast_reading(r, mapping) or n
        lf = checked(chosen[0])
        ids = lf.filter(pl.col(SKIP).is_null() & pl.col("dossier_id").is_not_null())
        sink = ids.select(pl.col("dossier_id").hash().alias("_h")).sink_ipc(
            ids_file, maintain_order=False, lazy=True
        )
        return [aggregate(lf, check_key(cohort)), sink]

    try:
        wide = (
            collect_read(build)[0] if reread else pl.collect_all(build(True), engine="streaming")[0]
        )
        repeated = _repeated_in_file(ids_file)
    finally:
        os.unlink(ids_file)
    key, skip = pl.col(KEY), pl.col("_skip")
    dossiers = wide.filter(skip.is_null())
    flagged = sorted(dossiers.filter(key > 0)[KEY].to_list())
    used = dossiers.filter(key.is_null() | (key == -1))
    lasts = [used["_last"].max()]
    if flagged:
        full = normalise(only_rows(last_raw[0], flagged), mapping)
        again, bad, _ = pl.collect_all(_queries(full, ids=False), engine="streaming")
        n_bad = int(again["bad"][0] or 0)
        lasts.append(again["last"][0])
    else:
        bad, n_bad = pl.DataFrame(schema=_bad_schema(nl)), 0
    found = [v for v in lasts if v is not None]
    counts = pl.DataFrame(
        {
            "rows": [int(dossiers["_rows"].sum())],
            "blank": [wide.filter(skip == "blank").height],
            "total": [wide.filter(skip == "total").height],
            "bad": [n_bad],
            "last": [max(found) if found else None],
        },
        schema={
            "rows": pl.Int64,
            "blank": pl.Int64,
            "total": pl.Int64,
            "bad": pl.Int64,
            "last": pl.Date,
        },
    )
    skipped = wide.filter(skip.is_not_null()).select(key.alias(ROW))
    dups = _duplicates(nl, repeated) if repeated else None
    reading = conclude(
        raw, nl, mapping, tolerance, (counts, bad, skipped), dups, lambda ex: _last_date(nl, ex)
    )
    reading = dataclasses.replace(reading, fast=chosen[0].fast and n_bad == len(flagged))
    if n_bad < len(flagged) or (dups is not None and dups.height):
        return reading, None
    return reading, wide.filter(key.is_null()).drop(KEY, "_skip", "_last")


def _bad_schema(nl: Normalised) -> pl.Schema:
    """Return the schema of `_queries`' bad rows (row number, each check's flag and value)."""
    lf = checked(nl)
    keep = [c for c in lf.collect_schema() if c.startswith(("_c", "_v"))]
    return lf.select(ROW, *keep).collect_schema()


#: The hashes of a file's ids are sorted in 2 ** SLICE_BITS slices (by their top bits), one at a
#: time: 50 M ids are 400 MB of hashes, and sorting them whole held twice that.
SLICE_BITS = 3


def _repeated_in_file(path: str) -> list[int]:
    """Return the hashes that occur more than once in an IPC file of hashes (`_h`)."""
    out: list[int] = []
    width = 1 << (64 - SLICE_BITS)
    for part in range(1 << SLICE_BITS):
        top = pl.col("_h") // width == part
        hashes = pl.scan_ipc(path).filter(top).collect()["_h"]
        out += _repeated_hashes(hashes) if hashes.len() else []
    return out
