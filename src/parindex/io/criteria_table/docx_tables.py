"""Read every table of a Word document (.docx) into grids, merged cells marked.

python-docx gives a horizontally merged cell once per grid column it spans and a vertically
merged cell as the same cell in every row it spans; here only the top-left keeps the text and
the others are marked as covered by it, as an Excel merged range reads.
"""

from __future__ import annotations

from typing import IO, Any

from docx import Document

from parindex.io.criteria_table.grid import MAX_COLUMNS, MAX_ROWS, MAX_TABLES, Cell, Grid, nfc
from parindex.io.limits import LimitError


def read_docx_tables(source: str | IO[bytes]) -> list[Grid]:
    """The document's top-level tables in order (nested tables are part of their cell's text)."""
    document = Document(source)
    tables = document.tables
    if len(tables) > MAX_TABLES:
        raise LimitError(
            "table_count",
            MAX_TABLES,
            len(tables),
            f"the document holds {len(tables)} tables, more than {MAX_TABLES}",
        )
    grids = []
    rows_read = 0
    for number, table in enumerate(tables, start=1):
        rows_read += len(table._tbl.tr_lst)
        if rows_read > MAX_ROWS:
            raise LimitError(
                "table_rows",
                MAX_ROWS,
                rows_read,
                f"the tables hold more than {MAX_ROWS} rows",
            )
        grids.append(_grid(table, number))
    return grids


def _grid(table: Any, number: int) -> Grid:
    grid = Grid(number=number, name=str(number))
    above: list[Any] = []  # the <w:tc> of each grid column in the previous row
    origins: dict[int, tuple[int, int]] = {}  # id(<w:tc>) -> (row, column) where it starts
    for row_number, row in enumerate(table.rows, start=1):
        cells: list[Any] = [None] * row.grid_cols_before + list(row.cells)
        if len(cells) > MAX_COLUMNS:
            raise LimitError(
                "table_columns",
                MAX_COLUMNS,
                len(cells),
                f"table {number}, row {row_number} has {len(cells)} columns, "
                f"more than {MAX_COLUMNS}",
            )
        out: list[Cell] = []
        tcs: list[Any] = []
        for index, cell in enumerate(cells):
            tc = cell._tc if cell is not None else None
            tcs.append(tc)
            if tc is None:
                out.append(Cell(""))
                continue
            left = tcs[index - 1] if index else None
            up = above[index] if index < len(above) else None
            if tc is left or tc is up:
                out.append(Cell("", merged_from=origins[id(tc)]))
                continue
            origins[id(tc)] = (row_number, index + 1)
            text = nfc(cell.text)
            out.append(Cell(text, text))
        above = tcs
        grid.rows.append(out)
        grid.row_numbers.append(row_number)
    return grid
