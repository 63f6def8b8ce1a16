"""Read the visible sheets of an Excel workbook (.xlsx) into grids, merged ranges marked.

In a merged range only the top-left cell holds the value; the others are marked as covered by
it. Formulas are read by the value Excel last saved.
"""

from __future__ import annotations

from typing import IO, Any

from openpyxl import load_workbook

from parindex.io.criteria_table.grid import MAX_COLUMNS, MAX_ROWS, MAX_TABLES, Cell, Grid, nfc
from parindex.io.framework_excel.cells import as_text
from parindex.io.limits import LimitError


def read_xlsx_sheets(source: str | IO[bytes], sheet: str | None = None) -> list[Grid]:
    """The visible sheets in workbook order (or only ``sheet``), each as a grid."""
    book = load_workbook(source, data_only=True)
    sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    if sheet is not None:
        sheets = [ws for ws in book.worksheets if ws.title == sheet]
    if len(sheets) > MAX_TABLES:
        raise LimitError(
            "table_count",
            MAX_TABLES,
            len(sheets),
            f"the workbook holds {len(sheets)} sheets, more than {MAX_TABLES}",
        )
    grids = []
    rows_read = 0
    for number, ws in enumerate(sheets, start=1):
        grid = _grid(ws, number)
        rows_read += len(grid.rows)
        if rows_read > MAX_ROWS:
            raise LimitError(
                "table_rows", MAX_ROWS, rows_read, f"the sheets hold more than {MAX_ROWS} rows"
            )
        grids.append(grid)
    return grids


def _covered(ws: Any) -> dict[tuple[int, int], tuple[int, int]]:
    """Each covered cell of a merged range -> the range's top-left cell, within the read area."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    last_row = ws.max_row
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        for row in range(top, min(merged.max_row, last_row) + 1):
            for column in range(left, min(merged.max_col, MAX_COLUMNS) + 1):
                if (row, column) != (top, left):
                    covered[(row, column)] = (top, left)
        if len(covered) > MAX_ROWS * MAX_COLUMNS:
            raise LimitError(
                "table_merged_cells",
                MAX_ROWS * MAX_COLUMNS,
                len(covered),
                f"sheet '{ws.title}' merges more than {MAX_ROWS * MAX_COLUMNS} cells",
            )
    return covered


def _grid(ws: Any, number: int) -> Grid:
    grid = Grid(number=number, name=ws.title, is_sheet=True)
    covered = _covered(ws)
    width = min(ws.max_column, MAX_COLUMNS + 1)
    for row, values in enumerate(ws.iter_rows(max_col=width, values_only=True), start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] is not None:
            raise LimitError(
                "table_columns",
                MAX_COLUMNS,
                ws.max_column,
                f"sheet '{ws.title}' has values beyond column {MAX_COLUMNS}",
            )
        cells = []
        for column, value in enumerate(values[:MAX_COLUMNS], start=1):
            origin = covered.get((row, column))
            if origin is not None:
                cells.append(Cell("", merged_from=origin))
            elif value is None:
                cells.append(Cell(""))
            elif isinstance(value, str):
                cells.append(Cell(nfc(value), value))
            else:
                cells.append(Cell(as_text(value), value))
        grid.rows.append(cells)
        grid.row_numbers.append(row)
        if len(grid.rows) > MAX_ROWS:
            raise LimitError(
                "table_rows",
                MAX_ROWS,
                len(grid.rows),
                f"sheet '{ws.title}' holds more than {MAX_ROWS} rows",
            )
    return grid
