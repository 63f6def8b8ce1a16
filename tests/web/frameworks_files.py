"""Framework files as a secretariat brings them, built by the tests in each layout.

The criteria-table builders live with the reader's tests (tests/io/criteria_tables.py).
"""

from __future__ import annotations

import dataclasses
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))

from criteria_tables import MINISTRY_HEADER, Table, docx_bytes, ministry_rows, tree, xlsx_bytes

from parindex.core.model import Framework
from parindex.frameworks import find
from parindex.io.framework_excel import export_framework_xlsx
from parindex.io.framework_yaml import dump_framework_yaml

__all__ = ["MINISTRY_HEADER", "Table", "docx_bytes", "ministry_rows", "tree", "xlsx_bytes"]

#: The identity fields the page asks for when the file is a criteria table.
IDENTITY = {
    "code": "par-province-1149",
    "title": "Bộ tiêu chí xác định Chỉ số CCHC cấp tỉnh",
    "version": "2026.1",
    "years": "2026, 2027",
    "unit_kind": "province",
    "legal_basis": "QĐ 999/QĐ-BNV ngày 01/01/2026",
}


def shipped(version: str = "2026.1") -> Framework:
    """The 1149 framework as a new version."""
    return dataclasses.replace(find("par-province-1149"), version=version, years=(2026, 2027))


def yaml_file(version: str = "2026.1") -> bytes:
    return dump_framework_yaml(shipped(version)).encode("utf-8")


def workbook_file(version: str = "2026.1") -> bytes:
    buffer = io.BytesIO()
    export_framework_xlsx(shipped(version), buffer)
    return buffer.getvalue()


def table(rows=None, scores=None) -> Table:
    return Table([MINISTRY_HEADER], rows or ministry_rows(find("par-province-1149"), scores))


def word_file(rows=None, scores=None) -> bytes:
    return docx_bytes(table(rows, scores))


def excel_table_file(rows=None, scores=None) -> bytes:
    return xlsx_bytes(table(rows, scores))
