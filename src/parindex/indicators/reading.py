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
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from parindex.core.limits import CODE, LimitError
from parindex.indicators.errors import MappingError, SourceError
from parindex.indicators.mapping import ColumnMapping
from parindex.indicators.schema import FIELDS, fold, nfc
from parindex.io.limits import DOSSIER_ZIP_LIMITS, check_zip

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
    encoding: str | None = None
    # Text columns may hold decomposed (NFD) text and are normalised to NFC when read; False
    # when the reader already made every cell NFC (transcoded CSV, XLSX) or a byte scan found
    # no combining mark (a UTF-8 CSV), so the usual file pays nothing.
    nfc: bool = False
    # Read with bytes that are not UTF-8 replaced (U+FFFD): a CSV that failed the strict
    # read. Its text cells are then checked for the replacement, so the loss is reported.
    lossy: bool = False


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
    best, best_found = -1, {}  # type: ignore[var-annotated]  # filled with _match() results below
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
    """Fail on a column the mapping names but the file lacks, or a required one not found.

    A column named by the mapping is needed by whoever wrote it: not finding it is an error
    (naming the mapping's line), never a column of missing values.
    """
    for f in FIELDS:
        if f.name in mapping.columns and f.name not in found:
            detail: dict[str, object] = {"mapping": mapping.source}
            if f.name in mapping.lines:
                detail["line"] = mapping.lines[f.name]
            raise MappingError(
                "column_not_found",
                file=file,
                row=header_row,
                column=mapping.columns[f.name][0],
                field=f.name,
                detail=detail,
            )
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


def present(raw: Raw, mapping: ColumnMapping) -> frozenset[str]:
    """Return the normalised columns a file provides (found, or given as a default)."""
    names = set(raw.columns) | set(mapping.defaults)
    for code, name in (("agency_code", "agency_name"), ("procedure_code", "procedure_name")):
        if name in names:
            names.add(code)  # a code missing from the file is keyed by the name
    return frozenset(names)


_TEMPS: list[str] = []


@atexit.register
def _remove_temps() -> None:
    for name in _TEMPS:
        with contextlib.suppress(OSError):
            os.unlink(name)


# Byte order marks, longest first (a UTF-32 LE mark begins like a UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 1 << 16
# In valid UTF-8, 0xCC and 0xCD lead exactly the combining marks U+0300–U+036F, which is how
# decomposed Vietnamese (NFD) spells its diacritics.
_COMBINING_LEADS = (b"\xcc", b"\xcd")


def _sniff(head: bytes) -> str | None:
    """Return the encoding a byte sample shows (BOM, UTF-16 without BOM, UTF-8), else None."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    even, odd = head[0:4000:2], head[1:4000:2]
    if len(head) >= 8 and odd.count(0) > len(odd) // 3 and not even.count(0):
        return "utf-16-le"
    if len(head) >= 8 and even.count(0) > len(even) // 3 and not odd.count(0):
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        # UTF-8 with a stray byte or two (read lossily, as before) or another encoding.
        text = head.decode("utf-8", errors="replace")
        wrong = text.count("\ufffd")
        right = sum(1 for c in text if ord(c) > 0x7F) - wrong
        return "utf-8" if right > 4 * wrong else None
    return "utf-8"


def legacy_encoding(head: bytes) -> str:
    """Name the likely 8-bit Vietnamese encoding of a sample that is not UTF-8.

    TCVN3 (ABC) puts its letters with diacritics in 0xA1–0xFE, many in 0xA1–0xBF, where
    cp1258 has only symbols; cp1258 spells them in 0xC0–0xFF and with combining tone marks.
    """
    high = [b for b in head if b >= 0xA1]
    symbols = sum(1 for b in high if b <= 0xBF)
    return "tcvn3" if high and symbols / len(high) > 0.3 else "cp1258"


# Keyed by (path, size, mtime): a file is opened several times by one computation (the full
# check, then the columns a computation reads), and scanned or transcoded once.
_COMBINING_SEEN: dict[tuple[str, int, int], bool] = {}
_TRANSCODED: dict[tuple[str, int, int, str], Path] = {}


def _key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path.resolve()), st.st_size, st.st_mtime_ns


def _has_combining(path: Path) -> bool:
    """Return whether a UTF-8 file holds a combining mark (so some text may be NFD)."""
    key = _key(path)
    if key not in _COMBINING_SEEN:
        _COMBINING_SEEN[key] = _scan_combining(path)
    return _COMBINING_SEEN[key]


def _scan_combining(path: Path) -> bool:
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            if any(lead in chunk for lead in _COMBINING_LEADS):
                return True
    return False


def _transcode(path: Path, encoding: str) -> Path:
    """Return the file as UTF-8 NFC in a temp file (legacy and UTF-16 exports)."""
    key = (*_key(path), encoding)
    done = _TRANSCODED.get(key)
    if done is None or not done.exists():
        done = _TRANSCODED[key] = _write_transcoded(path, encoding)
    return done


def _write_transcoded(path: Path, encoding: str) -> Path:
    try:
        return _write_transcoded_or_fail(path, encoding)
    except (UnicodeError, LookupError) as exc:  # a stream the codec cannot start (no BOM…)
        raise SourceError(
            "unreadable", file=str(path), detail={"encoding": encoding, "error": str(exc)}
        ) from exc


def _write_transcoded_or_fail(path: Path, encoding: str) -> Path:
    fd, name = tempfile.mkstemp(suffix=".csv", prefix="parindex-")
    _TEMPS.append(name)
    with (
        os.fdopen(fd, "w", encoding="utf-8", newline="") as out,
        path.open(encoding=encoding, errors="replace", newline="") as src,
    ):
        carry = ""
        while chunk := src.read(1 << 20):
            text = carry + chunk
            # Keep the last base character and its marks for the next chunk: NFC composes
            # across the boundary otherwise.
            cut = len(text) - 1
            while cut > 0 and unicodedata.combining(text[cut]):
                cut -= 1
            out.write(unicodedata.normalize("NFC", text[:cut]))
            carry = text[cut:]
        out.write(unicodedata.normalize("NFC", carry))
    return Path(name)


@dataclass(frozen=True)
class _Decoded:
    source: Path  # the file polars reads: the export itself, or its UTF-8 transcoding
    encoding: str  # what the export is in
    detected: bool  # found by sniffing, not named by the mapping
    nfd_possible: bool


def _decode(path: Path, mapping: ColumnMapping) -> _Decoded:
    """Decide how to read a CSV: UTF-8 as is, anything else transcoded to UTF-8 NFC.

    A mapping's ``encoding`` wins; without one the encoding is sniffed (BOM, UTF-16 without
    BOM, UTF-8). A file that is none of those is tried as cp1258: the caller keeps that only
    when the header is then found, and otherwise reports the likely encoding.
    """
    with path.open("rb") as fh:
        head = fh.read(_SAMPLE)
    sniffed = _sniff(head)
    named = mapping.encoding
    if named:
        norm = codecs.lookup(named).name
        if norm in ("utf-8", "utf-8-sig") and sniffed not in ("utf-16", "utf-16-le", "utf-16-be"):
            return _Decoded(path, norm, False, _has_combining(path))
        if norm == "utf-32" and sniffed != "utf-32":
            norm = "utf-32-le"  # no byte order mark: Windows' order
        elif norm == "utf-16" and sniffed in ("utf-16-le", "utf-16-be"):
            norm = sniffed  # no byte order mark: the order the NUL bytes show
        elif norm == "utf-16" and sniffed != "utf-16":
            norm = "utf-16-le"  # no mark and no NUL pattern: Windows' order
        elif norm.startswith("utf-16") and sniffed == "utf-16":
            norm = "utf-16"
        return _Decoded(_transcode(path, norm), norm, False, False)
    if sniffed in ("utf-8", "utf-8-sig"):
        return _Decoded(path, sniffed, True, _has_combining(path))
    if sniffed is not None:
        return _Decoded(_transcode(path, sniffed), sniffed, True, False)
    guess = legacy_encoding(head)
    if guess == "tcvn3":
        raise SourceError(
            "legacy_encoding", file=str(path), value="TCVN3", detail={"encoding": "tcvn3"}
        )
    return _Decoded(_transcode(path, "cp1258"), "cp1258", True, False)


def _open_csv(path: Path, mapping: ColumnMapping, row_numbers: bool, lossy: bool = True) -> Raw:
    file = str(path)
    decoded = _decode(path, mapping)
    source = decoded.source
    encoding = "utf8-lossy"
    with source.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        sample = nfc(fh.read(_SAMPLE))
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
        if decoded.encoding not in ("utf-8", "utf-8-sig") or "\ufffd" in sample:
            # The header may well be there, in an encoding read wrongly: say which it may be.
            with path.open("rb") as fh:
                likely = _sniff(head := fh.read(_SAMPLE)) or legacy_encoding(head)
            error.detail.setdefault("encoding", decoded.encoding)
            error.detail.setdefault("likely_encoding", likely)
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
        encoding=encoding if lossy else "utf8",  # type: ignore[arg-type]  # a sniffed name, only "utf8" or "utf8-lossy" when lossy
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    if row_numbers:
        lf = lf.with_row_index(ROW, offset=header_row + 1).with_columns(pl.col(ROW).cast(pl.Int64))
    headers = {
        f"c{i}": (header[i] if i < len(header) and header[i] else f"c{i}") for i in range(width)
    }
    headers = {k: v.strip() for k, v in headers.items()}  # type: ignore[union-attr]  # the comprehension above replaced every empty header
    return Raw(
        file,
        "csv",
        lf,
        header_row,
        headers,  # type: ignore[arg-type]  # no value is None (see above)
        {k: f"c{v}" for k, v in found.items()},
        encoding=decoded.encoding,
        nfc=decoded.nfd_possible,
        lossy=lossy and source == path,  # a transcoded copy is UTF-8 as written
    )


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
    text = nfc(str(value))
    return text if text.strip() else None


def _open_xlsx(path: Path, mapping: ColumnMapping, progress: Progress | None) -> Raw:
    import openpyxl  # imported here: only Excel inputs pay for it

    file = str(path)
    try:
        check_zip(path, DOSSIER_ZIP_LIMITS)
    except LimitError as exc:
        raise SourceError(CODE, file=file, detail={"error": str(exc)}) from exc
    except zipfile.BadZipFile as exc:
        raise SourceError("unreadable", file=file, detail={"error": str(exc)}) from exc
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
    headers = {f"c{i}": nfc(n) for i, n in enumerate(names)}
    found_cols = {k: f"c{v}" for k, v in found.items()}
    return Raw(file, "parquet", lf, None, headers, found_cols, encoding=None, nfc=True)
