"""A table as both formats give it: rows of cells, merged cells marked, text NFC-normalised."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Tables (Word) or sheets (Excel) read from one file: a decision holds a handful.
MAX_TABLES = 50
#: Rows with any text, over every table: a framework is a few hundred rows.
MAX_ROWS = 3_000
#: Columns read in a row; a wider row is refused (real tables have 4 to 10).
MAX_COLUMNS = 40

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")


def nfc(text: str) -> str:
    """Text in NFC, line breaks as ``\\n``, spaces collapsed within each line, lines trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\v", "\n").replace("\u2028", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """Compare loosely: without diacritics or case, one space for any run of spaces and breaks."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def one_line(text: str) -> str:
    """A multi-line title as one line."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Cell:
    """One grid cell: its text (empty for the covered part of a merged cell) and raw value.

    ``merged_from`` names the top-left cell (``row``, ``column``) of the merged range this cell
    is covered by, when it is not that cell itself.
    """

    text: str
    value: object = None
    merged_from: tuple[int, int] | None = None


@dataclass
class Grid:
    """One Word table or Excel sheet: ``rows[i][j]`` is row ``i + 1``, column ``j + 1``.

    ``number`` is the table's or sheet's position in the file (1-based), ``name`` the sheet's
    name (the number for a Word table). ``row_numbers`` holds each row's number in the source
    (Excel rows may skip empty ones).
    """

    number: int
    name: str
    is_sheet: bool = False
    rows: list[list[Cell]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, index: int, column: int) -> Cell:
        """The cell at row index ``index`` (0-based) and column ``column`` (1-based)."""
        row = self.rows[index]
        return row[column - 1] if 0 < column <= len(row) else Cell("")
