"""Saving Excel workbooks safely: text a user typed or a file brought is always text.

openpyxl takes any string that starts with ``=`` for a formula. A campaign name, a plan
report or an agency name from an imported dossier log such as ``=HYPERLINK(…)`` or
``=cmd|' /C calc'!A0`` would then reach Excel as a live formula. Every export saves through
:func:`save_workbook`, which writes every formula cell as text unless the code that built the
sheet declared that cell's formula its own with :func:`allow_formula`.

It also prepares every sheet for printing, since officials print rankings and reports: landscape,
fitted to the page width, the sheet's used range as print area, and the header rows (the rows
above the frozen panes, or the first row) repeated on every printed page.

Figures go in through :func:`put` and :func:`put_row`: a typed value with the number format
of its kind (``parindex.presentation.numbers.xlsx_cell``), so every workbook writes counts,
points, percentages and dates alike (docs/web.md, "Excel").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.worksheet import Worksheet

from parindex.presentation.numbers import xlsx_cell

_ALLOWED = "_parindex_own_formulas"


def allow_formula(sheet: Worksheet, cells: Iterable[Cell] | Cell) -> None:
    """Declare that these cells hold formulas parindex wrote itself (totals, differences)."""
    allowed: set[str] = getattr(sheet, _ALLOWED, None) or set()
    for cell in [cells] if isinstance(cells, Cell) else cells:
        allowed.add(cell.coordinate)
    setattr(sheet, _ALLOWED, allowed)


def neutralise_formulas(book: Workbook) -> int:
    """Turn every formula cell not declared with :func:`allow_formula` into text; the count."""
    changed = 0
    for sheet in book.worksheets:
        allowed: set[str] = getattr(sheet, _ALLOWED, None) or set()
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and cell.coordinate not in allowed:
                    cell.data_type = "s"
                    changed += 1
    return changed


def prepare_printing(sheet: Worksheet) -> None:
    """Landscape, fit to width, print area and repeated header rows (see the docstring)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if sheet.max_row > 1 or sheet.max_column > 1:
        sheet.print_area = sheet.dimensions
    header_rows = 1
    if sheet.freeze_panes:
        header_rows = max(coordinate_from_string(sheet.freeze_panes)[1] - 1, 1)
    if sheet.max_row > header_rows:
        sheet.print_title_rows = f"1:{header_rows}"


def save_workbook(book: Workbook, target: str | Path | IO[bytes]) -> None:
    """Save ``book`` with every text cell written as text, ready to print (module docstring)."""
    neutralise_formulas(book)
    for sheet in book.worksheets:
        prepare_printing(sheet)
    book.save(target)


def put(sheet: Worksheet, row: int, column: int, value: object, kind: str) -> Cell:
    """Write ``value`` as a figure of ``kind`` ('count', 'points', 'percent', 'date'…)."""
    typed, number_format = xlsx_cell(value, kind)
    cell: Cell = sheet.cell(row=row, column=column, value=typed)
    cell.number_format = number_format
    return cell


def put_row(
    sheet: Worksheet, values: Sequence[object], kinds: Sequence[str], row: int | None = None
) -> list[Cell]:
    """Write one row of figures (below the last row unless ``row`` is given), one kind each."""
    if len(values) != len(kinds):
        raise ValueError(f"{len(values)} values but {len(kinds)} kinds")
    if row is None:
        used = sheet.max_row > 1 or any(c.value is not None for c in sheet[1])
        row = sheet.max_row + 1 if used else 1
    return [
        put(sheet, row, column, value, kind)
        for column, (value, kind) in enumerate(zip(values, kinds, strict=True), start=1)
    ]
