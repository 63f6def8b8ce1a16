"""Open a CSV, XLSX or Parquet export as raw text columns with file row numbers."""

from __future__ import annotations

import atexit
import codecs
import contextlib
import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from parindex.indicators.errors import MappingError, SourceError
from parindex.indicators.mapping import ColumnMapping
from parindex.indicators.schema import FIELDS, fold

ROW = "_row"
HEADER_SCAN_ROWS = 30  # title blocks in real exports are a handful of rows; 30 is generous
XLSX_PROGRESS_EVERY = 20_000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Raw:
    """A file's data rows as text: column ``c<i>`` per file column, ``_row`` its row number.

    ``columns`` maps each normalised column found to its ``c<i>`` name; ``headers`` keeps the
    header text of each ``c<i>`` so problems name the column as the user sees it.
    """

    file: str
    format: str
    lf: pl.LazyFrame
    header_row: int | None
    headers: dict[str, str]
    columns: dict[str, str]


def file_format(path: Path) -> str:
    """Return 'csv', 'xlsx' or 'parquet' from the file name."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise SourceError("unknown_format", file=str(path), value=path.suffix)


def open_raw(
    path: str | Path,
    mapping: ColumnMapping,
    progress: Progress | None = None,
    *,
    row_numbers: bool = True,
    lossy: bool = True,
) -> Raw:
    """Open `path` lazily as text columns, locating the header row and the mapped columns.

    `row_numbers` adds `_row` (the row as in the file); computations leave it out because
    numbering rows keeps a streaming scan in order. `lossy=False` reads a CSV as strict
    UTF-8: faster, but the scan fails on a file with other bytes (the caller reads it again).
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError("not_found", file=str(path))
    kind = file_format(path)
    if kind == "csv":
        return _open_csv(path, mapping, row_numbers, lossy)
    if kind == "xlsx":
        return _open_xlsx(path, mapping, progress)
    return _open_parquet(path, mapping, row_numbers)


def _match(headers: list[str | None], mapping: ColumnMapping) -> dict[str, int]:
    """Return field → column index for the headers that match a field's candidates."""
    folded = [fold(h) if h else "" for h in headers]
    found: dict[str, int] = {}
    for f in FIELDS:
        for candidate in mapping.candidates(f.name):
            want = fold(candidate)
            if want in folded:
                found[f.name] = folded.index(want)
                break
    return found


def _locate_header(
    file: str, rows: list[list[str | None]], mapping: ColumnMapping
) -> tuple[int, dict[str, int]]:
    """Return (0-based index of the header row, field → column index)."""
    if mapping.header_row is not None:
        index = mapping.header_row - 1
        if index >= len(rows):
            raise MappingError("header_not_found", file=file, row=mapping.header_row)
        return index, _match(rows[index], mapping)
    best, best_found = -1, {}
    for index, row in enumerate(rows):
        found = _match(row, mapping)
        if len(found) > len(best_found):
            best, best_found = index, found
    if best < 0 or len(best_found) < 2:
        raise MappingError("header_not_found", file=file, detail={"rows_scanned": len(rows)})
    return best, best_found


def _require(
    file: str, header_row: int | None, found: dict[str, int], mapping: ColumnMapping
) -> None:
    """Fail naming the first required column neither the file nor the defaults provide."""
    for f in FIELDS:
        if f.required and f.name not in found and f.name not in mapping.defaults:
            raise MappingError(
                "missing_column",
                file=file,
                row=header_row,
                column=mapping.candidates(f.name)[0],
                field=f.name,
            )
    if not {"agency_code", "agency_name"} & (set(found) | set(mapping.defaults)):
        raise MappingError(
            "missing_column",
            file=file,
            row=header_row,
            column=mapping.candidates("agency_name")[0],
            field="agency_name",
        )


_TEMPS: list[str] = []


@atexit.register
def _remove_temps() -> None:
    for name in _TEMPS:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _utf8_path(path: Path, encoding: str) -> tuple[Path, str]:
    """Return a UTF-8 version of the file (transcoded to a temp file when it is not UTF-8)."""
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    norm = codecs.lookup(encoding).name
    if norm in ("utf-8", "utf-8-sig"):
        return path, "utf8-lossy"
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="parindex-")
    _TEMPS.append(name)
    with (
        os.fdopen(fd, "w", encoding="utf-8", newline="") as out,
        path.open(encoding=encoding, errors="replace", newline="") as src,
    ):
        while chunk := src.read(1 << 20):
            out.write(chunk)
    return Path(name), "utf8-lossy"


def _open_csv(path: Path, mapping: ColumnMapping, row_numbers: bool, lossy: bool = True) -> Raw:
    file = str(path)
    source, encoding = _utf8_path(path, mapping.encoding)
    with source.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        sample = fh.read(1 << 16)
    # The delimiter is the one under which the header is found with the most columns matched.
    best: tuple[int, str, list[list[str | None]], int, dict[str, int]] | None = None
    error: MappingError | None = None
    for delimiter in [mapping.delimiter] if mapping.delimiter else [",", ";", "\t", "|"]:
        head_rows = [
            [c if c.strip() else None for c in row]
            for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
        ][:HEADER_SCAN_ROWS]
        try:
            index, found = _locate_header(file, head_rows, mapping)
        except MappingError as exc:
            error = error or exc
            continue
        if best is None or len(found) > best[0]:
            best = (len(found), delimiter, head_rows, index, found)
    if best is None:
        assert error is not None
        raise error
    _, delimiter, head_rows, index, found = best
    header_row = index + 1
    _require(file, header_row, found, mapping)
    header = head_rows[index]
    width = max(len(header), *(len(r) for r in head_rows[index:]), 1)
    names = [f"c{i}" for i in range(width)]
    lf = pl.scan_csv(
        source,
        has_header=False,
        skip_rows=index + 1,
        separator=delimiter,
        schema=dict.fromkeys(names, pl.String),
        encoding=encoding if lossy else "utf8",
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    if row_numbers:
        lf = lf.with_row_index(ROW, offset=header_row + 1).with_columns(pl.col(ROW).cast(pl.Int64))
    headers = {
        f"c{i}": (header[i] if i < len(header) and header[i] else f"c{i}") for i in range(width)
    }
    headers = {k: v.strip() for k, v in headers.items()}
    return Raw(file, "csv", lf, header_row, headers, {k: f"c{v}" for k, v in found.items()})


def _cell_text(value: object) -> str | None:
    """Return a cell's value as the text a CSV export of it would hold."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return text if text.strip() else None


def _open_xlsx(path: Path, mapping: ColumnMapping, progress: Progress | None) -> Raw:
    import openpyxl  # imported here: only Excel inputs pay for it

    file = str(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise SourceError("unreadable", file=file, detail={"error": str(exc)}) from exc
    try:
        if mapping.sheet is not None:
            if mapping.sheet not in wb.sheetnames:
                raise MappingError("sheet_not_found", file=file, value=mapping.sheet)
            ws = wb[mapping.sheet]
        else:
            ws = wb.worksheets[0]
        total = ws.max_row or 0
        rows: list[list[str | None]] = []
        numbers: list[int] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append([_cell_text(v) for v in values])
            numbers.append(number)
            if progress and number % XLSX_PROGRESS_EVERY == 0:
                progress("read", number, total)
    finally:
        wb.close()
    index, found = _locate_header(file, rows[:HEADER_SCAN_ROWS], mapping)
    header_row = numbers[index] if numbers else None
    _require(file, header_row, found, mapping)
    data = rows[index + 1 :]
    width = max([len(rows[index]), *(len(r) for r in data)])
    columns = {f"c{i}": [r[i] if i < len(r) else None for r in data] for i in range(width)}
    df = pl.DataFrame(
        {ROW: numbers[index + 1 :], **columns},
        schema={ROW: pl.Int64, **dict.fromkeys(columns, pl.String)},
    )
    header = rows[index]
    headers = {
        f"c{i}": (header[i] or f"c{i}").strip() if i < len(header) else f"c{i}"
        for i in range(width)
    }
    return Raw(file, "xlsx", df.lazy(), header_row, headers, {k: f"c{v}" for k, v in found.items()})


def _open_parquet(path: Path, mapping: ColumnMapping, row_numbers: bool) -> Raw:
    file = str(path)
    try:
        names = list(pl.read_parquet_schema(path))
    except Exception as exc:  # pyarrow/polars raise several types for a broken file
        raise SourceError("unreadable", file=file, detail={"error": str(exc)}) from exc
    found = _match(list(names), mapping)
    _require(file, None, found, mapping)
    renames = {n: f"c{i}" for i, n in enumerate(names)}
    lf = (
        pl.scan_parquet(path)
        .rename(renames)
        .with_columns(pl.col(c).cast(pl.String) for c in renames.values())
    )
    if row_numbers:
        lf = lf.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))
    headers = {f"c{i}": n for i, n in enumerate(names)}
    return Raw(file, "parquet", lf, None, headers, {k: f"c{v}" for k, v in found.items()})
