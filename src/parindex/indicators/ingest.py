"""Read an export into validated, normalised rows: preview, problems by row, tolerance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from parindex.indicators.errors import ImportRejected, RowProblem
from parindex.indicators.mapping import ColumnMapping, load_mapping
from parindex.indicators.normalise import SKIP, Normalised, normalise
from parindex.indicators.reading import ROW, Progress, open_raw
from parindex.indicators.schema import NAMES


@dataclass(frozen=True)
class Tolerance:
    """How many bad rows an import accepts (skipping them) before it fails as a whole.

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


def _problems(nl: Normalised, df: pl.DataFrame) -> tuple[list[RowProblem], pl.Series]:
    """Return every problem (one per failed check per row) and the mask of bad rows."""
    problems: list[RowProblem] = []
    is_dossier = df[SKIP].is_null()
    bad_any = pl.Series([False] * df.height)
    for i, check in enumerate(nl.checks):
        mask = df[f"_c{i}"].fill_null(False) & is_dossier
        if not mask.any():
            continue
        bad_any = bad_any | mask
        rows = df.filter(mask)
        values = rows[f"_v{i}"].to_list() if f"_v{i}" in rows.columns else [None] * rows.height
        details = rows[f"_d{i}"].to_list() if f"_d{i}" in rows.columns else [None] * rows.height
        for row, value, detail in zip(rows[ROW].to_list(), values, details, strict=True):
            extra: dict[str, object] = {"first_row": detail} if detail is not None else {}
            problems.append(
                RowProblem(nl.raw.file, row, check.column, check.field, check.reason, value, extra)
            )
    problems.sort(key=lambda p: (p.row or 0, p.field or ""))
    return problems, bad_any


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
    raw = open_raw(path, cm, progress)
    nl = normalise(raw, cm)
    extra: list[pl.Expr] = []
    for i, check in enumerate(nl.checks):
        extra.append(check.bad.alias(f"_c{i}"))
        if check.value is not None:
            extra.append(check.value.cast(pl.String).alias(f"_v{i}"))
        if check.detail is not None:
            extra.append(check.detail.alias(f"_d{i}"))
    if progress:
        progress("check", 0, 1)
    df = nl.lf.with_columns(extra).collect()
    problems, bad = _problems(nl, df)
    skipped = df[SKIP].value_counts()
    skips = {
        k: int(v)
        for k, v in zip(skipped[SKIP].to_list(), skipped["count"].to_list(), strict=True)
        if k
    }
    dossiers = int(df[SKIP].is_null().sum())
    n_bad = int(bad.sum())
    if tolerance.exceeded(n_bad, dossiers):
        raise ImportRejected(raw.file, problems, n_bad, dossiers)
    good = df.filter(df[SKIP].is_null() & ~bad).select(ROW, *NAMES)
    if progress:
        progress("check", 1, 1)
    return LogRead(
        file=raw.file,
        format=raw.format,
        header_row=raw.header_row,
        columns={k: raw.headers[v] for k, v in raw.columns.items()},
        data=good,
        problems=problems,
        rows_read=dossiers,
        rows_skipped=skips,
        rows_bad=n_bad,
    )


@dataclass(frozen=True)
class Preview:
    """The first rows of a file as they will be read: header found, columns matched, problems."""

    file: str
    header_row: int | None
    columns: dict[str, str]
    unmatched_headers: list[str]
    rows: list[dict[str, Any]]
    problems: list[RowProblem]


def preview(
    path: str | Path,
    mapping: ColumnMapping | dict[str, Any] | str | Path | None = None,
    n: int = 20,
) -> Preview:
    """Return the first `n` dossier rows of `path` normalised, with their problems."""
    cm = load_mapping(mapping)
    raw = open_raw(path, cm)
    nl = normalise(raw, cm)
    extra: list[pl.Expr] = []
    for i, check in enumerate(nl.checks):
        extra.append(check.bad.alias(f"_c{i}"))
        if check.value is not None:
            extra.append(check.value.cast(pl.String).alias(f"_v{i}"))
        if check.detail is not None:
            extra.append(check.detail.alias(f"_d{i}"))
    # Checks run on the head only, so a duplicate far down the file is not seen here.
    head = nl.lf.filter(pl.col(SKIP).is_null()).head(n).with_columns(extra).collect()
    problems, _ = _problems(nl, head)
    used = set(raw.columns.values())
    return Preview(
        file=raw.file,
        header_row=raw.header_row,
        columns={k: raw.headers[v] for k, v in raw.columns.items()},
        unmatched_headers=[h for c, h in raw.headers.items() if c not in used and h != c],
        rows=head.select(ROW, *NAMES).to_dicts(),
        problems=problems,
    )
