"""Frameworks as Excel workbooks (one row per node), so a secretariat can author one.

The workbook has four sheets: ``Khung`` (identity), ``Khối điểm`` (blocks), ``Nguồn`` (sources)
and ``Tiêu chí`` (one row per node, tree order, each naming its parent). Importing reads the
cells into the same document a YAML file gives and builds it with the core's loader, so every
check of the format applies; each problem is reported by sheet, row and column.
See docs/framework-excel.md.

This package's public API is the format's three entry points, imported from here:
:func:`export_framework_xlsx`, :func:`import_framework_xlsx` and :func:`read_framework_xlsx`.
Its modules:

- ``layout``: sheets, columns, headers and how a cell's place is encoded in a line number
- ``export``: a framework written out as a workbook
- ``workbook_reader``: opening a workbook within ``parindex.io.limits`` and reading its sheets
- ``sheet_reader``: one sheet's header, rows and typed cells
- ``criteria_reader``: the criteria rows read into the node tree
- ``cells``: cell values as text, exact numbers, yes/no and input lines
- ``problems``: the core's problems put back on sheet, row and column
"""

from __future__ import annotations

from parindex.io.framework_excel.export import export_framework_xlsx
from parindex.io.framework_excel.workbook_reader import (
    import_framework_xlsx,
    read_framework_xlsx,
)

__all__ = [
    "export_framework_xlsx",
    "import_framework_xlsx",
    "read_framework_xlsx",
]
