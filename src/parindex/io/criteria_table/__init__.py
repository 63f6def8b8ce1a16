"""Criteria tables as provinces receive them: the Word (.docx) annex of a decision or last
year's Excel (.xlsx) or Word self-assessment table, read into a parindex framework.

The table's columns (``STT`` · ``Lĩnh vực/Tiêu chí/Tiêu chí thành phần`` · ``Điểm tối đa`` ·
``Điểm tự đánh giá`` · ``Tài liệu kiểm chứng`` · ``Ghi chú``) may come in any order and
spelling; codes may be in their own column or at the start of the title; a table may be split
across pages (several Word tables, the header repeated or not); merged cells, comma decimals,
a survey block and items scored by the Ministry are understood. The result is the framework
document a YAML file gives, validated by the core's loader, and the self-scores the table
holds as an assessment file. See docs/criteria-table.md.

This package's public API is imported from here: :func:`import_criteria_table` with
:class:`TableIdentity`, :class:`Unit` and :class:`ImportedTable`. Its modules:

- ``importer``: opening the file within ``parindex.io.limits``, finding its tables, building
  and validating the framework, the self-assessment file
- ``docx_tables`` / ``xlsx_sheets``: a Word document's tables, a workbook's sheets, as grids
- ``grid``: the grid both give (cells, merged cells), text normalisation and the row caps
- ``columns``: the header row and which column is which
- ``cells``: a row's code, points and who scores it
- ``tree``: rows into areas, criteria and sub-criteria, blocks and the total
- ``problems``: problems located by file, table or sheet, row and column
"""

from __future__ import annotations

from parindex.io.criteria_table.importer import (
    ImportedTable,
    TableIdentity,
    Unit,
    import_criteria_table,
)

__all__ = ["ImportedTable", "TableIdentity", "Unit", "import_criteria_table"]
