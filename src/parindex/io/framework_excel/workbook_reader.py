"""Read a framework workbook: open it within its limits, find its sheets, read them.

The cells become the same document a YAML file gives, with line marks that encode sheet, row
and column (see ``layout``), so the core's loader checks it and ``problems`` puts each of its
problems back on a cell.
"""

from __future__ import annotations

import os
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from parindex.core.errors import FrameworkError, Problem
from parindex.core.limits import LimitError
from parindex.core.loader import LineDict, LineList, build_framework
from parindex.core.model import Framework
from parindex.io.framework_excel.cells import as_text, normal
from parindex.io.framework_excel.criteria_reader import read_nodes
from parindex.io.framework_excel.layout import (
    BLOCKS,
    IDENTITY,
    IDENTITY_ALIASES,
    IDENTITY_FIELDS,
    LAYOUTS,
    NODES,
    SOURCES,
    PathOrStream,
)
from parindex.io.framework_excel.problems import Located, ranked, relocate
from parindex.io.framework_excel.sheet_reader import SheetReader, row_dict
from parindex.io.framework_yaml import SCHEMA, TOP_KEYS
from parindex.io.limits import FRAMEWORK_ZIP_LIMITS, check_zip

NOT_XLSX = "not an Excel workbook (.xlsx); save it as 'Excel Workbook (*.xlsx)'"


def import_framework_xlsx(source: PathOrStream, source_name: str = "") -> Framework:
    """Read a workbook and build the framework; every problem is located by sheet, row, column."""
    name = source_name or _name_of(source)
    reader = WorkbookReader(source, name)
    doc = reader.read()
    try:
        return build_framework(doc, name)
    except FrameworkError as exc:
        raise FrameworkError(relocate(exc.problems, reader.sheets, name)) from None


def read_framework_xlsx(source: PathOrStream, source_name: str = "") -> dict[str, Any]:
    """Read a workbook into a framework document (not yet validated); raise on unreadable cells.

    The document's line marks encode sheet, row and column; :func:`import_framework_xlsx`
    validates it and turns them back into sheet locations.
    """
    return WorkbookReader(source, source_name or _name_of(source)).read()


def _name_of(source: PathOrStream) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "workbook.xlsx")).name


class WorkbookReader:
    """Opens a workbook within its limits, finds its sheets and reads them into a document."""

    def __init__(self, source: PathOrStream, name: str) -> None:
        self.source = source
        self.name = name
        self.problems: list[Located] = []
        self.sheets: dict[int, SheetReader] = {}

    def problem(
        self,
        code: str,
        message: str,
        source: str,
        line: int | None = None,
        node: str = "",
        params: dict[str, object] | None = None,
        sort: tuple[int, int, int] = (-1, 0, 0),
    ) -> None:
        facts = {"file": self.name, **(params or {})}
        self.problems.append((sort, Problem(code, message, source, line, node, facts)))

    def fail_if_problems(self) -> None:
        if self.problems:
            raise FrameworkError(ranked(self.problems))

    def open(self) -> Any:
        try:
            check_zip(self.source, FRAMEWORK_ZIP_LIMITS)
            return load_workbook(self.source, data_only=True)
        except LimitError as exc:
            raise FrameworkError([exc.problem(self.name)]) from None
        except FileNotFoundError:
            message, variant = "file not found", "not_found"
        except IsADirectoryError:
            message, variant = "is a directory, not an Excel workbook", "directory"
        except PermissionError:
            message, variant = "cannot read: permission denied", "permission"
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError):
            message, variant = NOT_XLSX, "not_xlsx"
        except OSError as exc:
            message, variant = f"cannot read: {exc.strerror or exc}", "not_xlsx"
        except Exception:
            # A damaged package can fail anywhere inside openpyxl (XML parse errors and the
            # like); for the user it is one thing: the file is not a workbook we can read.
            message, variant = NOT_XLSX, "not_xlsx"
        self.problem("xlsx_unreadable", message, self.name, params={"variant": variant})
        self.fail_if_problems()
        raise AssertionError("unreachable")  # pragma: no cover

    def read(self) -> dict[str, Any]:
        wb = self.open()
        names = {normal(title): title for title in wb.sheetnames}
        for layout in LAYOUTS:
            title = names.get(normal(layout.name)) or names.get(normal(layout.english))
            if title is None:
                if layout is not SOURCES:
                    self.problem(
                        "xlsx_missing_sheet",
                        f"sheet '{layout.name}' is missing (sheets: {', '.join(wb.sheetnames)})",
                        self.name,
                        params={"missing": layout.name, "sheets": list(wb.sheetnames)},
                    )
                continue
            sheet = SheetReader(wb[title], layout, self)
            if sheet.ok:
                self.sheets[layout.number] = sheet
        self.fail_if_problems()
        doc = LineDict()
        doc.key_lines = {}
        identity = self.sheets[IDENTITY.number]
        doc.line = identity.line(identity.header_row)
        doc["schema"] = SCHEMA
        doc.key_lines["schema"] = doc.line
        self._identity(identity, doc)
        sources = self.sheets.get(SOURCES.number)
        if sources is not None and (found := self._sources(sources)):
            doc["sources"] = found
            doc.key_lines["sources"] = sources.line(sources.header_row)
        blocks = self.sheets[BLOCKS.number]
        doc["blocks"] = self._blocks(blocks)
        doc.key_lines["blocks"] = blocks.line(blocks.header_row)
        nodes = self.sheets[NODES.number]
        default_block = next(
            (str(b["code"]) for b in doc["blocks"] if isinstance(b.get("code"), str)), ""
        )
        doc["nodes"] = read_nodes(nodes, default_block)
        doc.key_lines["nodes"] = nodes.line(nodes.header_row)
        self.fail_if_problems()
        ordered = LineDict((k, doc[k]) for k in TOP_KEYS if k in doc)
        ordered.line, ordered.key_lines = doc.line, doc.key_lines
        return ordered

    # --- sheets ---

    def _identity(self, sheet: SheetReader, doc: LineDict) -> None:
        seen: dict[str, int] = {}
        for row, cells in sheet.rows():
            raw = cells.get("field")
            if raw is None:
                if cells.get("value") is not None:
                    sheet.cell_problem(
                        "xlsx_identity",
                        row,
                        "field",
                        "a value without a field",
                        variant="no_field",
                    )
                continue
            key = normal(raw).replace(" ", "_")
            key = key if key in IDENTITY_FIELDS else IDENTITY_ALIASES.get(normal(raw), key)
            if key not in IDENTITY_FIELDS:
                sheet.cell_problem(
                    "xlsx_identity",
                    row,
                    "field",
                    f"unknown field '{raw}' (fields: {', '.join(IDENTITY_FIELDS)})",
                    variant="unknown_field",
                    value=as_text(raw),
                    fields=list(IDENTITY_FIELDS),
                )
                continue
            if key in seen:
                sheet.cell_problem(
                    "xlsx_identity",
                    row,
                    "field",
                    f"'{key}' repeats row {seen[key]}",
                    variant="repeats",
                    value=as_text(raw),
                    first_row=seen[key],
                )
                continue
            seen[key] = row
            sheet.labels[row] = key
            value = cells.get("value")
            if value is None:
                continue
            if key == "years":
                years = self._years(sheet, row, value)
                if years is None:
                    continue
                doc[key] = years
            else:
                doc[key] = as_text(value)
            doc.key_lines[key] = sheet.line(row, "value")

    def _years(self, sheet: SheetReader, row: int, value: Any) -> LineList | None:
        years = LineList()
        years.line = sheet.line(row, "value")
        parts = [value] if isinstance(value, int | float) else re.split(r"[,;\s]+", str(value))
        for part in parts:
            if part == "":
                continue
            try:
                number = Decimal(str(part))
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite() or number != number.to_integral_value():
                sheet.cell_problem(
                    "xlsx_not_year",
                    row,
                    "value",
                    f"'{part}' is not a year (write 2020, 2021)",
                    value=str(part),
                )
                return None
            years.append(int(number))
        return years

    def _sources(self, sheet: SheetReader) -> LineDict:
        sources = LineDict()
        sources.line = sheet.line(sheet.header_row)
        sources.key_lines = {}
        for row, cells in sheet.rows():
            key = cells.get("key")
            if key is None:
                sheet.cell_problem(
                    "xlsx_empty", row, "key", "the source needs a key", variant="source"
                )
                continue
            key = as_text(key)
            if key in sources:
                sheet.cell_problem(
                    "xlsx_duplicate", row, "key", f"source '{key}' repeats", value=key
                )
                continue
            sources[key] = as_text(cells.get("citation") or "")
            sources.key_lines[key] = sheet.line(row, "citation")
        return sources

    def _blocks(self, sheet: SheetReader) -> LineList:
        blocks = LineList()
        blocks.line = sheet.line(sheet.header_row)
        for row, cells in sheet.rows():
            block = row_dict(sheet, row)
            for key in ("code", "title", "title_en"):
                if cells.get(key) is not None:
                    block[key] = as_text(cells[key])
            if cells.get("max") is not None:
                number = sheet.number_cell(row, "max", cells["max"], block.get("code", ""))
                if number is not None:
                    block["max"] = number
            blocks.append(block)
        return blocks
