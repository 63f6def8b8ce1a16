"""Locate the columns of a criteria table by their headings, in any order and spelling.

Headings are compared folded (no diacritics, case or extra spaces and line breaks), so
``ĐIỂM TỐI ĐA``, ``Điểm\\ntối đa`` and ``diem toi da`` are one heading. A heading may span two
rows (``Điểm`` over ``Tối đa`` and ``Tự đánh giá``), and the row of column numbers that often
follows a header (``(1) (2) (3)``) is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parindex.io.criteria_table.grid import Cell, Grid, fold, one_line

#: Rows searched for a header at the top of each table.
HEADER_SCAN = 12

#: Column keys, in the order problems name them, with the heading shown for each.
HEADINGS = {
    "code": "STT",
    "title": "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
    "max": "Điểm tối đa",
    "self_score": "Điểm tự đánh giá",
    "evidence": "Tài liệu kiểm chứng",
    "note": "Ghi chú",
}
REQUIRED = ("title", "max")

_CODE_HEADINGS = {
    "stt",
    "tt",
    "so tt",
    "so thu tu",
    "thu tu",
    "ma",
    "ma so",
    "ma tieu chi",
    "ky hieu",
}
_PUNCTUATION = re.compile(r"[^\w ]+")
_NUMBERING = re.compile(r"\(?\s*\d{1,2}\s*\)?")


def classify(heading: str) -> str | None:
    """The column key a heading names, or None for a column the reader does not use."""
    words = " ".join(_PUNCTUATION.sub(" ", fold(heading)).split())
    if words in _CODE_HEADINGS:
        return "code"
    if "tu danh gia" in words or "tu cham" in words:
        return "self_score"
    if "toi da" in words or "thang diem" in words or "diem chuan" in words:
        return "max"
    if "kiem chung" in words or words.startswith("tai lieu"):
        return "evidence"
    if words.startswith("ghi chu"):
        return "note"
    if "tieu chi" in words or "linh vuc" in words or words.startswith("noi dung"):
        return "title"
    return None


@dataclass
class Columns:
    """Where each known column is (1-based), the header's last row index and its headings."""

    keys: dict[str, int] = field(default_factory=dict)
    header_index: int = -1
    headings: list[str] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # column -> its heading in the file

    def heading(self, key: str) -> str:
        """The heading of a column as the file writes it (the usual one when it is absent)."""
        column = self.keys.get(key)
        return self.names.get(column, HEADINGS[key]) if column else HEADINGS[key]

    @property
    def complete(self) -> bool:
        return all(key in self.keys for key in REQUIRED)

    def same_place(self, other: Columns) -> bool:
        return all(other.keys.get(k) == v for k, v in self.keys.items() if k in REQUIRED)


def _text_at(grid: Grid, index: int, column: int, rows: dict[int, int]) -> str:
    """A cell's own text or, for the covered part of a merged range, the range's text."""
    cell = grid.cell(index, column)
    if cell.merged_from is not None:
        origin_row, origin_column = cell.merged_from
        origin = rows.get(origin_row)
        return grid.cell(origin, origin_column).text if origin is not None else ""
    return cell.text


def _columns(headings: list[str]) -> Columns:
    found = Columns(headings=[h for h in headings if h])
    for column, heading in enumerate(headings, start=1):
        key = classify(heading) if heading else None
        if key is not None and key not in found.keys:
            found.keys[key] = column
            found.names[column] = heading
    return found


def header_at(grid: Grid, index: int) -> Columns:
    """The columns a row names, combined with the row under it when the header spans two."""
    rows = {number: i for i, number in enumerate(grid.row_numbers)}
    width = len(grid.rows[index])
    first = [one_line(_text_at(grid, index, c, rows)) for c in range(1, width + 1)]
    single = _columns(first)
    single.header_index = index
    if single.complete or index + 1 >= len(grid.rows) or "title" not in single.keys:
        return single
    second = []
    for column in range(1, width + 1):
        below: Cell = grid.cell(index + 1, column)
        extra = "" if below.merged_from is not None else one_line(below.text)
        second.append(f"{first[column - 1]} {extra}".strip())
    double = _columns(second)
    double.header_index = index + 1
    return double if double.complete else single


def find_header(grid: Grid) -> Columns | None:
    """The table's header near its top, or None when no row names the required columns."""
    for index in range(min(HEADER_SCAN, len(grid.rows))):
        columns = header_at(grid, index)
        if columns.complete:
            return columns
    return None


def best_guess(grid: Grid) -> Columns:
    """The row near the top that looks most like a header (to say what is missing)."""
    best = Columns()
    for index in range(min(HEADER_SCAN, len(grid.rows))):
        columns = header_at(grid, index)
        if len(columns.keys) > len(best.keys):
            best = columns
    if best.header_index < 0 and grid.rows:
        best = header_at(grid, 0)
    return best


def is_numbering_row(cells: list[Cell]) -> bool:
    """``(1) (2) (3) …`` or ``1 2 3 …``: the column numbers printed under a header."""
    texts = [c.text for c in cells if c.text]
    return len(texts) >= 2 and all(_NUMBERING.fullmatch(t) for t in texts)


def header_again(grid: Grid, index: int, columns: Columns) -> int | None:
    """The last row of a header repeated at ``index`` (copied at a page break), or None."""
    again = header_at(grid, index)
    if again.complete and again.keys == columns.keys:
        return again.header_index
    return None
