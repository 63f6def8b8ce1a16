"""A dossier log to compute on: a store, or an export read directly, with what reading it gave."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from parindex.indicators.ingest import Reading, Tolerance, check, open_checked
from parindex.indicators.mapping import ColumnMapping, load_mapping
from parindex.indicators.normalise import Normalised, normalise
from parindex.indicators.onepass import GroupExtra, check_aggregate
from parindex.indicators.reading import ROW, Raw, open_raw, present
from parindex.indicators.store import IMPORT, Store, sha256_file

# How the reading date was chosen: given by the caller, the export's own date (the latest
# received, resolved or returned date in it), or today for a log without any date.
AS_OF_RULES = ("given", "export", "today")


@dataclass(frozen=True)
class SourceFile:
    """A file whose rows a dataset holds: the original export and, for a store, its part."""

    import_id: int
    source: str
    sha256: str
    rows: int
    stored_file: str | None = None
    stored_sha256: str | None = None
    imported_at: str | None = None


@dataclass(frozen=True)
class Dataset:
    """Normalised dossier rows (lazy), the files they come from, and what reading them gave.

    A store's rows were checked when imported. An export read directly goes through the same
    check (`ingest.check`, every column, whatever a computation reads) before any figure:
    beyond `tolerance` it is refused, within it its bad rows are left out by row number.
    """

    known_sources: tuple[SourceFile, ...]
    store: Store | None = None
    path: Path | None = None
    mapping: ColumnMapping | None = None
    tolerance: Tolerance | None = None
    # An export's name and columns, known from its header when opened (before any row is read).
    head: tuple[str, frozenset[str]] | None = None

    @functools.cached_property
    def sources(self) -> tuple[SourceFile, ...]:
        """Return the files the rows come from, with their SHA-256.

        An export read directly is hashed when its provenance is first asked for (`apply`),
        not when it is opened: hashing 2 GB costs seconds that `compute` does not need.
        """
        if self.known_sources or self.path is None:
            return self.known_sources
        return (SourceFile(0, self.path.name, sha256_file(self.path), self.reading.rows_used),)

    @functools.cached_property
    def reading(self) -> Reading:
        """Return the check of the source (raise ImportRejected beyond the tolerance)."""
        if self.store is not None:
            return self.store.reading()
        assert self.mapping is not None
        raw, nl, reread = self._opened()
        return check(raw, nl, self.mapping, self.tolerance or Tolerance(), reread=reread)

    @property
    def is_read(self) -> bool:
        """Return whether the source's check is known already (a store's always is)."""
        return self.store is not None or "reading" in self.__dict__

    def read_with(
        self, aggregate: Callable[[pl.LazyFrame, GroupExtra], pl.LazyFrame], cohort: pl.Expr
    ) -> pl.DataFrame | None:
        """Check an export read directly (it becomes `reading`) and aggregate its rows in
        the same pass of the file (`onepass.check_aggregate`); return the aggregate, or None
        when the figures need a second pass."""
        assert self.path is not None and self.mapping is not None
        raw, nl, reread = self._opened()
        tolerance = self.tolerance or Tolerance()
        reading, wide = check_aggregate(
            raw, nl, self.mapping, tolerance, aggregate, cohort, reread=reread
        )
        self.__dict__["reading"] = reading  # functools.cached_property's own slot
        return wide

    def _opened(self) -> tuple[Raw, Normalised, Callable[[bool], tuple[Raw, Normalised]]]:
        assert self.path is not None and self.mapping is not None
        path, cm = self.path, self.mapping
        raw, nl = open_checked(path, cm)

        def reread(lossy: bool) -> tuple[Raw, Normalised]:
            return (raw, nl) if raw.format != "csv" else open_checked(path, cm, lossy=lossy)

        return raw, nl, reread

    def present(self) -> frozenset[str] | None:
        """Return the normalised columns the source provides, without reading its rows."""
        if self.is_read or self.head is None:
            return self.reading.present
        return self.head[1]

    @property
    def file(self) -> str:
        """Return the source's name as problems name it."""
        if self.is_read or self.head is None:
            return self.reading.file
        return self.head[0]

    def reading_date(self, as_of: dt.date | None = None) -> tuple[dt.date, str]:
        """Return the date the log is read at and the rule that chose it (`AS_OF_RULES`)."""
        if as_of is not None:
            return as_of, "given"
        last = self.reading.last_date
        if last is not None:
            return last, "export"
        return dt.date.today(), "today"

    def frame(self, columns: Iterable[str] | None = None, *, lossy: bool = True) -> pl.LazyFrame:
        """Return the rows used lazily; `columns` names the normalised columns needed.

        `lossy=False` reads a CSV as strict UTF-8, faster, but failing on other bytes.
        """
        if self.store is not None:
            return self.store.scan()
        assert self.path is not None and self.mapping is not None
        excluded = self.reading.excluded
        only = None if columns is None else set(columns)
        # Rows are numbered only when some must be left out: numbering keeps a scan in order.
        raw = open_raw(self.path, self.mapping, row_numbers=bool(excluded), lossy=lossy)
        # Read fast when the check found that every row used reads the same so.
        lf = normalise(raw, self.mapping, only=only, fast=self.reading.fast).lf
        if excluded:
            lf = lf.filter(~pl.col(ROW).is_in(sorted(excluded)))
        lf = lf.with_columns(pl.lit(0, dtype=pl.Int64).alias(IMPORT))
        return lf.select(IMPORT, *only) if only is not None else lf

    @property
    def lf(self) -> pl.LazyFrame:
        """Return every column of the rows used lazily."""
        return self.frame()


def open_dataset(
    source: Store | str | Path,
    mapping: ColumnMapping | dict[str, Any] | str | Path | None = None,
    *,
    tolerance: Tolerance | None = None,
) -> Dataset:
    """Open a store directory, or read an export directly (checked as an import would be)."""
    if isinstance(source, Store):
        store = source
    elif Path(source).is_dir():
        store = Store(source)
    else:
        path = Path(source)
        cm = load_mapping(mapping)
        raw = open_raw(path, cm, row_numbers=False)  # fail now, naming the file, if unreadable
        head = (raw.file, present(raw, cm))
        return Dataset((), path=path, mapping=cm, tolerance=tolerance, head=head)
    sources = tuple(
        SourceFile(r.id, r.source, r.source_sha256, r.rows, r.file, r.sha256, r.imported_at)
        for r in store.imports()
    )
    return Dataset(sources, store=store)
