"""One sheet: its header row, its rows as ``{column key: value}``, and where each cell is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.loader import LineDict
from parindex.io.framework_excel.cells import NO, YES, as_text, clean, decimal_of, normal
from parindex.io.framework_excel.layout import COLUMNS, NODES, ROWS, SheetLayout

if TYPE_CHECKING:
    from parindex.io.framework_excel.workbook_reader import WorkbookReader

IGNORED_HEADERS = {"ghi chú", "ghi chu", "note", "notes"}
# A lost-point sentence in a further language: "Lý do mất điểm (fr)" or "explain_fr".
_EXPLAIN_HEADER = re.compile(r"(?:lý do mất điểm|explain)\s*\(?(?P<lang>[a-z]{2,3}(?:-[a-z]+)?)\)?")


class SheetReader:
    """One sheet: finds its header row, maps headers to keys, reads rows, locates cells."""

    def __init__(self, ws: Worksheet, layout: SheetLayout, workbook: WorkbookReader) -> None:
        self.ws = ws
        self.layout = layout
        self.book = workbook
        self.source = f"{workbook.name}[{ws.title}]"
        self.columns: dict[str, int] = {}
        self.headers: dict[str, str] = {}  # each key's header as the sheet writes it
        self.header_row = 1
        self.labels: dict[int, str] = {}  # identity rows: the field each row sets
        self.ok = self._read_header()

    def _known(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for column in self.layout.columns:
            for alias in (column.key, column.header, *column.aliases):
                names[normal(alias)] = column.key
        return names

    def _read_header(self) -> bool:
        known = self._known()
        first = normal(self.layout.columns[0].header), normal(self.layout.columns[0].key)
        rows = self.ws.iter_rows(min_row=1, max_row=10, values_only=True)
        for number, values in enumerate(rows, start=1):
            if any(v is not None and normal(v) in first for v in values):
                self.header_row = number
                break
        else:
            self.book.problem(
                "xlsx_header",
                f"no header row: the first column must be headed "
                f"'{self.layout.columns[0].header}' (or '{self.layout.columns[0].key}')",
                self.source,
                1,
                params={
                    "sheet": self.ws.title,
                    "variant": "no_header",
                    "heading": self.layout.columns[0].header,
                },
            )
            return False
        header = next(
            self.ws.iter_rows(min_row=self.header_row, max_row=self.header_row, values_only=True)
        )
        for index, value in enumerate(header, start=1):
            if value is None or str(value).strip() == "":
                continue
            text = normal(value)
            key = known.get(text)
            language = _EXPLAIN_HEADER.fullmatch(text)
            if key is None and self.layout is NODES and language:
                key = "explain_" + language["lang"]
            if key is None:
                if text in IGNORED_HEADERS or text.startswith("#"):
                    continue
                self._header_problem(index, f"unknown column '{value}'", "unknown", value)
            elif key in self.columns:
                self._header_problem(index, f"column '{key}' appears twice", "twice", value)
            else:
                self.columns[key] = index
                self.headers[key] = str(value).strip()
        missing = [k for k in self.layout.required if k not in self.columns]
        for key in missing:
            column = next(c for c in self.layout.columns if c.key == key)
            self.book.problem(
                "xlsx_header",
                f"column '{key}' ('{column.header}') is missing",
                self.source,
                self.header_row,
                params={
                    "sheet": self.ws.title,
                    "row": self.header_row,
                    "column_key": key,
                    "variant": "missing",
                    "heading": column.header,
                },
            )
        return not missing

    def _header_problem(self, index: int, message: str, variant: str, value: object) -> None:
        letter = get_column_letter(index)
        accepted = [c.header for c in self.layout.columns]
        self.book.problem(
            "xlsx_header",
            f"{message} ({letter}); accepted: " + ", ".join(f"'{h}'" for h in accepted),
            self.source,
            self.header_row,
            params={
                "sheet": self.ws.title,
                "row": self.header_row,
                "column": str(value).strip(),
                "cell": f"{letter}{self.header_row}",
                "variant": variant,
                "accepted": accepted,
            },
        )

    def place(self, key: str | None, row: int) -> dict[str, object]:
        """Where a cell is, for a problem's params: sheet, row, the column's header, the cell."""
        where: dict[str, object] = {"sheet": self.ws.title, "row": row}
        index = self.columns.get(key or "")
        if key is not None:
            where["column_key"] = key
            where["column"] = self.headers.get(key, key)
        if index:
            where["cell"] = f"{get_column_letter(index)}{row}"
        label = self.labels.get(row)
        if label and key == "value":
            where["field"] = label
        return where

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Rows under the header with a value in a known column, as ``{key: cell value}``.

        A cell inside merged cells (other than the first) is empty to openpyxl; it is reported
        with the merged range, so a merged parent code is never read as "no parent".
        """
        start = self.header_row + 1
        merged = self._merged(start)
        for number, values in enumerate(self.ws.iter_rows(min_row=start, values_only=True), start):
            cells = {
                key: clean(values[index - 1])
                for key, index in self.columns.items()
                if index <= len(values)
            }
            if any(v is not None for v in cells.values()):
                for key, index in self.columns.items():
                    if (number, index) in merged:
                        origin, span = merged[number, index]
                        self.cell_problem(
                            "xlsx_merged_cell",
                            number,
                            key,
                            f"the cell is part of merged cells {span}; unmerge them and fill "
                            "every row",
                            origin=origin,
                            range=span,
                        )
                yield number, cells

    def _merged(self, start: int) -> dict[tuple[int, int], tuple[str, str]]:
        """The cells of known columns inside merged ranges, but not first: (origin, range)."""
        known = set(self.columns.values())
        found: dict[tuple[int, int], tuple[str, str]] = {}
        for merged in getattr(self.ws, "merged_cells", None) or ():
            origin = f"{get_column_letter(merged.min_col)}{merged.min_row}"
            # Bounded by the sheet's rows (the workbook limits) and the known columns.
            last = min(merged.max_row, self.ws.max_row)
            for row in range(max(merged.min_row, start), last + 1):
                for col in known & set(range(merged.min_col, merged.max_col + 1)):
                    if (row, col) != (merged.min_row, merged.min_col):
                        found[row, col] = (origin, merged.coord)
        return found

    def line(self, row: int, key: str | None = None) -> int:
        column = self.columns.get(key, 0) if key else 0
        return row + ROWS * (self.layout.number * COLUMNS + column)

    def where(self, key: str, row: int = 0) -> str:
        index = self.columns.get(key)
        where = f"column '{key}' ({get_column_letter(index)})" if index else f"column '{key}'"
        label = self.labels.get(row)
        return f"field '{label}', {where}" if label and key == "value" else where

    def key_at(self, index: int) -> str | None:
        return next((k for k, i in self.columns.items() if i == index), None)

    def cell_problem(
        self, code: str, row: int, key: str, message: str, node: str = "", **params: object
    ) -> None:
        self.book.problem(
            code,
            f"{self.where(key, row)}: {message}",
            self.source,
            row,
            node,
            {**self.place(key, row), **params},
            sort=(self.layout.number, row, self.columns.get(key, 0)),
        )

    def code_cell(self, row: int, key: str, value: Any) -> str:
        """A code as text; a code Excel turned into a date is reported."""
        if isinstance(value, datetime | date | time):
            self.cell_problem(
                "xlsx_date",
                row,
                key,
                f"Excel turned the code into a date ({value:%d/%m/%Y}); "
                "format the column as Text and type the code again",
                date=f"{value:%d/%m/%Y}",
            )
            return ""
        return as_text(value)

    def number_cell(self, row: int, key: str, value: Any, node: str) -> Decimal | None:
        """A number cell as an exact Decimal; anything else is reported."""
        number = decimal_of(value)
        if number is None:
            self.cell_problem(
                "xlsx_not_number", row, key, f"'{value}' is not a number", node, value=str(value)
            )
        return number

    def yes_no_cell(self, row: int, key: str, value: Any, node: str) -> bool | None:
        """A yes/no cell in Vietnamese or English; anything else is reported."""
        if isinstance(value, bool):
            return value
        text = normal(value)
        if text in YES:
            return True
        if text in NO:
            return False
        self.cell_problem(
            "xlsx_not_yes_no", row, key, f"'{value}' is not 'có' or 'không'", node, value=str(value)
        )
        return None


def row_dict(sheet: SheetReader, row: int) -> LineDict:
    """An empty mapping whose line is the row, and whose keys' lines are their columns."""

    mapping = LineDict()
    mapping.line = sheet.line(row)
    mapping.key_lines = _ColumnLines(sheet, row)
    return mapping


class _ColumnLines(dict[str, int]):
    """Key lines computed from the sheet: a key's line is its cell."""

    def __init__(self, sheet: SheetReader, row: int) -> None:
        super().__init__()
        self.sheet = sheet
        self.row = row

    def __missing__(self, key: str) -> int:
        return self.sheet.line(self.row, key if key in self.sheet.columns else None)

    def get(self, key: str, default: Any = None) -> Any:
        """Look a key up like ``[]`` does (``dict.get`` skips ``__missing__``)."""
        return self[key]
