"""Read an export into validated, normalised rows: the one check, preview, tolerance.

Every door that reads an export (import, preview, compute, apply, drill-down, the web upload)
goes through `check`: each bad row is reported with its row, column and reason; within the
tolerance the reading goes on without them and says so; beyond it, it refuses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from parindex.indicators.errors import ImportRejected, RowProblem
from parindex.indicators.mapping import ColumnMapping, load_mapping
from parindex.indicators.normalise import EVENT_DATES, SKIP, Normalised, normalise
from parindex.indicators.reading import ROW, Progress, Raw, open_raw, present
from parindex.indicators.schema import NAMES

SHOWN_ROWS = 50  # left-out row numbers a summary lists (the count is always exact)


@dataclass(frozen=True)
class Tolerance:
    """How many bad rows a reading accepts (leaving them out) before it refuses the file.

    ``max_rows`` None means no limit by count, ``max_share`` None no limit by share; both apply
    when both are set. The default accepts none: a score must not rest on rows silently dropped.
    """

    max_rows: int | None = 0
    max_share: float | None = None

    def exceeded(self, bad: int, total: int) -> bool:
        """Return True when `bad` of `total` rows is more than this tolerance allows."""
        if self.max_rows is not None and bad > self.max_rows:
            return True
        return self.max_share is not None and total > 0 and bad / total > self.max_share


@dataclass(frozen=True)
class Reading:
    """What reading a source gave: rows read, used and left out (which, and why), its date.

    ``rows_read`` counts dossier rows (blank and total rows are ``rows_skipped``);
    ``last_date`` is the export's own date, the latest received, resolved or returned date
    of a row used: the default reading date. ``excluded`` holds the row numbers computations
    leave out (bad and skipped rows). ``present`` names the columns the source provides
    (None: not known, for stores imported before it was recorded).
    """

    file: str
    rows_read: int
    rows_bad: int
    rows_skipped: dict[str, int]
    problems: tuple[RowProblem, ...]
    last_date: dt.date | None
    encoding: str | None = None
    present: frozenset[str] | None = None
    excluded: frozenset[int] = field(default=frozenset(), compare=False, repr=False)
    # Every row used reads the same in the fast reading (`normalise(fast=True)`): a later
    # pass over the file may read it fast. How it was read, not what: not compared.
    fast: bool = field(default=False, compare=False, repr=False)

    @property
    def rows_used(self) -> int:
        """Return the dossier rows the figures rest on."""
        return self.rows_read - self.rows_bad

    @property
    def bad_rows(self) -> list[int]:
        """Return the row numbers left out as bad, in order."""
        return sorted({p.row for p in self.problems if p.row is not None})

    def summary(self) -> dict[str, Any]:
        """Return the counts as plain data (every output carries them)."""
        reasons: dict[str, int] = {}
        for p in self.problems:
            reasons[p.reason] = reasons.get(p.reason, 0) + 1
        rows = self.bad_rows
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "rows_left_out": self.rows_bad,
            "left_out_rows": rows[:SHOWN_ROWS],
            "left_out_reasons": reasons,
            "rows_skipped": dict(self.rows_skipped),
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "encoding": self.encoding,
        }


def collect_read(build: Callable[[bool], list[pl.LazyFrame]]) -> list[pl.DataFrame]:
    """Collect queries over a CSV read as strict UTF-8 (faster), else read lossily.

    A file with other bytes fails the strict read and is read again, so results never depend
    on which read succeeded. The queries share one streaming scan of the file.
    """
    try:
        return pl.collect_all(build(False), engine="streaming")
    except pl.exceptions.ComputeError as exc:
        if "utf-8" not in str(exc).lower():
            raise
        return pl.collect_all(build(True), engine="streaming")


def _check_columns(nl: Normalised) -> tuple[list[pl.Expr], list[pl.Expr]]:
    exprs: list[pl.Expr] = []
    flags: list[pl.Expr] = []
    for i, check in enumerate(nl.checks):
        exprs.append(check.bad.alias(f"_c{i}"))
        flags.append(pl.col(f"_c{i}"))
        if check.value is not None:
            exprs.append(check.value.cast(pl.String).alias(f"_v{i}"))
    return exprs, flags


def checked(nl: Normalised) -> pl.LazyFrame:
    """Return the normalised rows with each check's flag (and value) and `_bad`."""
    exprs, flags = _check_columns(nl)
    dossier = pl.col(SKIP).is_null()
    bad = dossier & pl.any_horizontal(flags) if flags else pl.lit(False)
    return nl.lf.with_columns(exprs).with_columns(bad.alias("_bad"))


def _queries(
    nl: Normalised,
    *,
    ids: bool = True,
    extra: Callable[[pl.LazyFrame], list[pl.LazyFrame]] | None = None,
) -> list[pl.LazyFrame]:
    """Counts and the export's date; bad rows; skipped rows; ids seen twice (by hash).

    `ids` False leaves the duplicate-id query out (a store import finds duplicates in its
    id-hash buckets instead); `extra(lf)` adds queries over the same checked rows, sharing
    the one scan of the file (the import's sink of the rows into buckets).
    """
    lf = checked(nl)
    dossier = pl.col(SKIP).is_null()
    used = dossier & ~pl.col("_bad")
    events = [pl.col(n) for n in EVENT_DATES]
    counts = lf.select(
        dossier.sum().cast(pl.Int64).alias("rows"),
        (pl.col(SKIP) == "blank").sum().cast(pl.Int64).alias("blank"),
        (pl.col(SKIP) == "total").sum().cast(pl.Int64).alias("total"),
        pl.col("_bad").sum().cast(pl.Int64).alias("bad"),
        pl.max_horizontal(events).filter(used).max().alias("last"),
    )
    keep = [c for c in lf.collect_schema() if c.startswith(("_c", "_v"))]
    bad_rows = lf.filter("_bad").select(ROW, *keep)
    skipped = lf.filter(pl.col(SKIP).is_not_null()).select(ROW)
    out = [counts, bad_rows, skipped]
    if ids:
        # The id's 64-bit hash, 8 bytes a row (`_repeated_hashes`): a group-by of 10 M
        # distinct keys took 3 GiB; collisions are sorted out by `_duplicates`.
        out.append(
            lf.filter(dossier & pl.col("dossier_id").is_not_null()).select(
                pl.col("dossier_id").hash().alias("_h")
            )
        )
    return out + (extra(lf) if extra else [])


def later_duplicates(rows: pl.DataFrame) -> pl.DataFrame:
    """Return (row, id, first row) of each later occurrence of an id in `rows` (row, id)."""
    rows = rows.with_columns(pl.col(ROW).min().over("dossier_id").alias("_first"))
    return rows.filter(pl.col(ROW) != pl.col("_first")).select(ROW, "dossier_id", "_first")


def _repeated_hashes(hashes: pl.Series) -> list[int]:
    """Return the hashes that occur more than once, sorting them in place (no hash table)."""
    h = hashes.to_numpy(writable=True)
    h.sort()
    return np.unique(h[1:][h[1:] == h[:-1]]).tolist()


def _duplicates(nl: Normalised, hashes: list[int]) -> pl.DataFrame:
    """Return (row, id, first row) of each later occurrence of an id seen twice."""
    dossier = pl.col(SKIP).is_null() & pl.col("dossier_id").is_not_null()
    rows = (
        nl.lf.filter(dossier & pl.col("dossier_id").hash().is_in(hashes))
        .select(ROW, "dossier_id")
        .collect()
    )
    return later_duplicates(rows)


#: Data rows of a file's head read first in the fast reading: if more than `SAMPLE_SHARE` of
#: them have a cell of a rarer shape (dates as yyyy-mm-dd, say), the file is read in full
#: at once rather than row by row again.
SAMPLE_ROWS = 2_000
SAMPLE_SHARE = 0.01


def fast_reading(raw: Raw, mapping: ColumnMapping) -> Normalised | None:
    """Return the fast normalisation of `raw` (`normalise(fast=True)`), or None when the head
    of the file shows cells of other shapes than the usual ones often enough that reading
    the whole file in full costs less than reading those rows again."""
    nl = normalise(raw, mapping, fast=True)
    flags = [c.bad for c in nl.checks if c.parse]
    if not flags:
        return nl
    head = nl.lf.head(SAMPLE_ROWS).filter(pl.col(SKIP).is_null())
    found = head.select(pl.len(), pl.any_horizontal(flags).sum()).collect().row(0)
    return nl if found[1] <= SAMPLE_SHARE * max(found[0], 1) else None


def referred_rows(nl: Normalised, bad: pl.DataFrame) -> list[int]:
    """Return the rows of a fast reading with a cell of a rarer shape (read again in full)."""
    flags = [pl.col(f"_c{i}") for i, c in enumerate(nl.checks) if c.parse]
    if not nl.fast or not flags or bad.height == 0:
        return []
    return bad.filter(pl.any_horizontal(flags))[ROW].to_list()


def only_rows(raw: Raw, rows: list[int]) -> Raw:
    """Return `raw` limited to the data rows numbered `rows`."""
    keep = pl.Series(rows, dtype=pl.Int64).implode()
    return dataclasses.replace(raw, lf=raw.lf.filter(pl.col(ROW).is_in(keep)))


@dataclass(frozen=True)
class Referral:
    """The rows of a fast reading read again in full (`ingest.check`), and what that gave."""

    rows: list[int]
    nl: Normalised  # the full normalisation of just those rows
    extra: list[pl.DataFrame]  # what `extra` asked of them


def check(
    raw: Raw,
    nl: Normalised,
    mapping: ColumnMapping,
    tolerance: Tolerance | None = None,
    *,
    reread: Callable[[bool], tuple[Raw, Normalised]] | None = None,
) -> Reading:
    """Check every row of a file; raise ImportRejected when the bad rows exceed `tolerance`.

    `tolerance` None never refuses (a preview). `reread(lossy)` reopens the file for the
    strict-then-lossy CSV read (`collect_read`); without it `nl` is read once as it is.

    The file is read fast (`fast_reading`): dates and words in their usual shapes, the rare
    row with a cell of another shape read again in full, so the reading is exactly the full
    one (`check_aggregate` does the same in a computation's own pass).
    """
    last_raw = [raw]

    def build(lossy: bool) -> list[pl.LazyFrame]:
        r, n = reread(lossy) if reread else (raw, nl)
        last_raw[0] = r
        fast = fast_reading(r, mapping)
        chosen[0] = fast or n
        return _queries(chosen[0])

    chosen: list[Normalised] = [nl]
    counts, bad, skipped, hashes = (
        collect_read(build) if reread else pl.collect_all(build(True), engine="streaming")
    )
    rows = referred_rows(chosen[0], bad)
    fast = chosen[0].fast
    if rows:
        n_bad = int(counts["bad"][0] or 0)
        counts, bad, _ = read_again(last_raw[0], mapping, rows, counts, bad, None)
        fast = fast and int(counts["bad"][0] or 0) == n_bad  # every row read again is bad
    repeated = _repeated_hashes(hashes["_h"]) if hashes.height else []
    del hashes
    dups = _duplicates(nl, repeated) if repeated else None
    reading = conclude(
        raw, nl, mapping, tolerance, (counts, bad, skipped), dups, lambda ex: _last_date(nl, ex)
    )
    return dataclasses.replace(reading, fast=fast)


def read_again(
    raw: Raw,
    mapping: ColumnMapping,
    rows: list[int],
    counts: pl.DataFrame,
    bad: pl.DataFrame,
    extra: Callable[[pl.LazyFrame], list[pl.LazyFrame]] | None,
) -> tuple[pl.DataFrame, pl.DataFrame, Referral]:
    """Read the referred rows of a fast reading again in full; return the counts and bad rows
    as the full reading gives them, and the referral.

    Blank and total rows are told from the text alone, so they are the same either way; a
    referred row is a dossier row the fast reading found bad.
    """
    nl = normalise(only_rows(raw, rows), mapping)
    got = pl.collect_all(_queries(nl, ids=False, extra=extra), engine="streaming")
    counts_again, bad_again = got[0], got[1]
    referred = pl.Series(rows, dtype=pl.Int64).implode()
    kept = bad.filter(~pl.col(ROW).is_in(referred))
    n_bad = int(counts["bad"][0] or 0) - len(rows) + int(counts_again["bad"][0] or 0)
    lasts = [v for v in (counts["last"][0], counts_again["last"][0]) if v is not None]
    counts = counts.with_columns(
        pl.lit(n_bad, dtype=pl.Int64).alias("bad"),
        pl.lit(max(lasts) if lasts else None, dtype=pl.Date).alias("last"),
    )
    merged = pl.concat([kept, bad_again.select(kept.columns)]).sort(ROW)
    return counts, merged, Referral(rows, nl, list(got[3:]))


def conclude(
    raw: Raw,
    nl: Normalised,
    mapping: ColumnMapping,
    tolerance: Tolerance | None,
    found: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
    dups: pl.DataFrame | None,
    last_date: Callable[[set[int]], dt.date | None],
) -> Reading:
    """Turn what the check's queries found into the reading, or refuse beyond `tolerance`.

    `found` is (counts, bad rows, skipped rows) of `_queries`, `dups` the later occurrences
    of ids (`later_duplicates`), `last_date(excluded)` the export's date without those rows
    (asked only when duplicates add rows to leave out).
    """
    counts, bad, skipped = found
    problems: list[RowProblem] = []
    bad_set = set(bad[ROW].to_list())
    for i, chk in enumerate(nl.checks):
        hit = bad.filter(pl.col(f"_c{i}"))
        if hit.height == 0:
            continue
        values = hit[f"_v{i}"].to_list() if f"_v{i}" in hit.columns else [None] * hit.height
        for row, value in zip(hit[ROW].to_list(), values, strict=True):
            problems.append(RowProblem(raw.file, row, chk.column, chk.field, chk.reason, value, {}))
    n_bad = int(counts["bad"][0] or 0)
    if dups is not None and dups.height:
        column = raw.headers.get(raw.columns.get("dossier_id", ""), None)
        for row, ident, first in dups.iter_rows():
            problems.append(
                RowProblem(
                    raw.file, row, column, "dossier_id", "duplicate_id", ident, {"first_row": first}
                )
            )
            if row not in bad_set:
                bad_set.add(row)
                n_bad += 1
    problems.sort(key=lambda p: (p.row or 0, p.field or ""))
    dossiers = int(counts["rows"][0] or 0)
    if tolerance is not None and tolerance.exceeded(n_bad, dossiers):
        raise ImportRejected(raw.file, problems, n_bad, dossiers)
    skips = {k: int(counts[k][0] or 0) for k in ("blank", "total") if counts[k][0]}
    last = counts["last"][0]
    if n_bad != int(counts["bad"][0] or 0):
        last = last_date(bad_set | set(skipped[ROW].to_list()))
    return Reading(
        file=raw.file,
        rows_read=dossiers,
        rows_bad=n_bad,
        rows_skipped=skips,
        problems=tuple(problems),
        last_date=last,
        encoding=raw.encoding,
        present=present(raw, mapping),
        excluded=frozenset(bad_set | set(skipped[ROW].to_list())),
    )


def _last_date(nl: Normalised, excluded: set[int]) -> dt.date | None:
    """Return the latest event date once duplicates are also left out (rare: a second pass)."""
    events = pl.max_horizontal([pl.col(n) for n in EVENT_DATES])
    lf = nl.lf.filter(~pl.col(ROW).is_in(sorted(excluded)))
    value = lf.select(events.max()).collect().item()
    return value if isinstance(value, dt.date) else None


@dataclass
class LogRead:
    """The outcome of reading one export: good rows, problems and counts."""

    file: str
    format: str
    header_row: int | None
    columns: dict[str, str]
    data: pl.DataFrame
    problems: list[RowProblem] = field(default_factory=list)
    rows_read: int = 0
    rows_skipped: dict[str, int] = field(default_factory=dict)
    rows_bad: int = 0
    reading: Reading | None = None


def open_checked(
    path: str | Path, cm: ColumnMapping, progress: Progress | None = None, **kw: Any
) -> tuple[Raw, Normalised]:
    """Open and normalise a file for the full check (row numbers, every column)."""
    raw = open_raw(path, cm, progress, **kw)
    return raw, normalise(raw, cm)


def read_log(
    path: str | Path,
    mapping: ColumnMapping | dict[str, Any] | str | Path | None = None,
    *,
    tolerance: Tolerance | None = None,
    progress: Progress | None = None,
) -> LogRead:
    """Read and validate an export; raise ImportRejected if bad rows exceed the tolerance."""
    cm = load_mapping(mapping)
    tolerance = tolerance or Tolerance()
    raw, nl = open_checked(path, cm, progress)
    if progress:
        progress("check", 0, 1)

    def reread(lossy: bool) -> tuple[Raw, Normalised]:
        return (raw, nl) if raw.format != "csv" else open_checked(path, cm, lossy=lossy)

    reading = check(raw, nl, cm, tolerance, reread=reread)
    lf = nl.lf.filter(pl.col(SKIP).is_null())
    if reading.excluded:
        lf = lf.filter(~pl.col(ROW).is_in(sorted(reading.excluded)))
    good = lf.select(ROW, *NAMES).collect()
    if progress:
        progress("check", 1, 1)
    return LogRead(
        file=raw.file,
        format=raw.format,
        header_row=raw.header_row,
        columns={k: raw.headers[v] for k, v in raw.columns.items()},
        data=good,
        problems=list(reading.problems),
        rows_read=reading.rows_read,
        rows_skipped=reading.rows_skipped,
        rows_bad=reading.rows_bad,
        reading=reading,
    )


@dataclass(frozen=True)
class Preview:
    """The first rows of a file as they will be read, and the check of the whole file.

    ``problems`` are those of the rows shown; ``reading`` counts and lists every bad row of
    the file, exactly as an import or a computation will leave them out.
    """

    file: str
    header_row: int | None
    columns: dict[str, str]
    unmatched_headers: list[str]
    rows: list[dict[str, Any]]
    problems: list[RowProblem]
    reading: Reading | None = None


def preview(
    path: str | Path,
    mapping: ColumnMapping | dict[str, Any] | str | Path | None = None,
    n: int = 20,
) -> Preview:
    """Return the first `n` dossier rows of `path` normalised, and the whole file's check."""
    cm = load_mapping(mapping)
    raw, nl = open_checked(path, cm)

    def reread(lossy: bool) -> tuple[Raw, Normalised]:
        return (raw, nl) if raw.format != "csv" else open_checked(path, cm, lossy=lossy)

    reading = check(raw, nl, cm, None, reread=reread)
    head = nl.lf.filter(pl.col(SKIP).is_null()).head(n).select(ROW, *NAMES).collect()
    shown = set(head[ROW].to_list())
    used = set(raw.columns.values())
    return Preview(
        file=raw.file,
        header_row=raw.header_row,
        columns={k: raw.headers[v] for k, v in raw.columns.items()},
        unmatched_headers=[h for c, h in raw.headers.items() if c not in used and h != c],
        rows=head.to_dicts(),
        problems=[p for p in reading.problems if p.row in shown],
        reading=reading,
    )
