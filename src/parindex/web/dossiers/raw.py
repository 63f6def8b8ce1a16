"""The first rows of an upload as plain text, so the mapping form can offer the file's headers
even when the current mapping cannot read it (the indicators package then only says why)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from parindex.io.limits import DOSSIER_ZIP_LIMITS, open_workbook

SCAN = 30


def raw_rows(path: Path, n: int = SCAN) -> list[list[str]]:
    """The first ``n`` rows, every cell as stripped text (CSV, XLSX; Parquet: its column names)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return [list(pq.read_schema(path).names)]
    if suffix == ".xlsx":
        # The package is checked before openpyxl unpacks anything (a zip bomb is refused).
        with open_workbook(path, DOSSIER_ZIP_LIMITS) as wb:
            ws = wb.worksheets[0]
            return [
                ["" if c is None else str(c).strip() for c in row]
                for row in ws.iter_rows(max_row=n, values_only=True)
            ]
    with path.open("rb") as fh:
        head = fh.read(256 * 1024)
    textual = head.decode("utf-8-sig", errors="replace")
    lines = textual.splitlines()[:n]
    sample = "\n".join(lines)
    delimiter = max(",;\t|", key=lambda d: sum(line.count(d) for line in lines))
    return [
        [c.strip() for c in row] for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
    ]


def headers(path: Path, header_row: int | None) -> list[str]:
    """The header cells of ``header_row`` (1-based), or of the fullest row among the first."""
    try:
        rows = raw_rows(path)
    except Exception:  # unreadable files are reported by the preview itself
        return []
    if not rows:
        return []
    if header_row and header_row <= len(rows):
        row = rows[header_row - 1]
    else:
        row = max(rows, key=lambda r: sum(1 for c in r if c))
    return list(dict.fromkeys(c for c in row if c))


SAMPLE = 1024 * 1024  # bytes of a CSV whose lines give the mean line length


def rows_estimate(path: Path) -> int | None:
    """About how many lines a CSV holds (its size over the mean length of its first lines).

    Exact for a file shorter than the sample; None for other formats (an XLSX reports its
    rows while it is read, a Parquet file is read at once).
    """
    if path.suffix.lower() != ".csv":
        return None
    with path.open("rb") as fh:
        head = fh.read(SAMPLE)
    lines = head.count(b"\n") + (0 if head.endswith(b"\n") or not head else 1)
    if not lines:
        return None
    size = path.stat().st_size
    if size <= len(head):
        return lines
    return round(size * lines / len(head))
