"""Any file a framework comes in, read the same way for the web page and the CLI.

Four layouts: the framework file (YAML), the parindex framework workbook (``Khung``,
``Khối điểm``, ``Tiêu chí`` sheets, docs/framework-excel.md), and the Ministry's criteria
table as a Word (.docx) or Excel (.xlsx) file (docs/criteria-table.md), which needs the
identity fields the table does not carry. Each gives the validated framework, its YAML text
and, for a table with self-scores, the assessment file; every problem is raised at once as
a :class:`~parindex.core.errors.FrameworkError`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from parindex.core.errors import FrameworkError, Problem
from parindex.core.model import Framework
from parindex.io.criteria_table import TableIdentity, Unit, import_criteria_table
from parindex.io.framework_excel import import_framework_xlsx
from parindex.io.framework_yaml import dump_framework_yaml, load_framework_yaml
from parindex.io.limits import FRAMEWORK_ZIP_LIMITS, LimitError, check_zip

#: The layouts, as the page and the CLI name them.
YAML, WORKBOOK, TABLE = "yaml", "workbook", "table"
LAYOUTS = (YAML, WORKBOOK, TABLE)
#: The workbook's identity sheet, in either language, tells it from a criteria table.
_WORKBOOK_SHEETS = {"khung", "framework"}
_SHEET_NAME = re.compile(rb'<sheet[^>]*\sname="([^"]*)"')


@dataclass(frozen=True)
class FrameworkFile:
    """A file read and validated: its layout, framework, YAML text and self-scores (if any)."""

    layout: str
    framework: Framework
    yaml_text: str
    assessment_yaml: str | None = None


def problem(code: str, message: str, name: str, **params: object) -> FrameworkError:
    return FrameworkError([Problem(code, message, name, None, "", {"file": name, **params})])


def layout_of(data: bytes, name: str) -> str:
    """Which layout a file is in, from its name and (for .xlsx) its sheet names."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return YAML
    if suffix == ".docx":
        return TABLE
    if suffix == ".xlsx":
        try:
            return WORKBOOK if _is_workbook(data) else TABLE
        except LimitError as exc:  # refused before anything is unpacked, as every reader does
            raise FrameworkError([exc.problem(name)]) from None
    raise problem(
        "file_kind",
        "only .yaml, .xlsx or .docx files are read",
        name,
        suffix=suffix,
    )


def _is_workbook(data: bytes) -> bool:
    try:
        check_zip(io.BytesIO(data), FRAMEWORK_ZIP_LIMITS)  # a LimitError goes to the caller
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            book = archive.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False  # the reader that opens it reports why
    names = {m.decode("utf-8", "replace").strip().lower() for m in _SHEET_NAME.findall(book)}
    return bool(names & _WORKBOOK_SHEETS)


def read_framework_file(
    data: bytes,
    name: str,
    *,
    identity: TableIdentity | None = None,
    unit: Unit | None = None,
    year: int | None = None,
) -> FrameworkFile:
    """Read a framework from a file's bytes; a criteria table needs ``identity``."""
    layout = layout_of(data, name)
    if layout == YAML:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise problem("file_encoding", "the file is not UTF-8 text", name) from None
        return FrameworkFile(YAML, load_framework_yaml(text, name), text)
    if layout == WORKBOOK:
        framework = import_framework_xlsx(io.BytesIO(data), name)
        return FrameworkFile(WORKBOOK, framework, dump_framework_yaml(framework))
    if identity is None:
        raise problem(
            "table_identity", "a criteria table needs the framework's code and version", name
        )
    imported = import_criteria_table(
        io.BytesIO(data), identity, source_name=name, unit=unit, year=year
    )
    return FrameworkFile(
        TABLE, imported.framework, imported.framework_yaml, imported.assessment_yaml
    )
