"""Frameworks as Excel workbooks (one row per node), so a secretariat can author one.

The workbook has four sheets: ``Khung`` (identity), ``Khối điểm`` (blocks), ``Nguồn`` (sources)
and ``Tiêu chí`` (one row per node, tree order, each naming its parent). Importing reads the
cells into the same document a YAML file gives and builds it with the core's loader, so every
check of the format applies; each problem is reported by sheet, row and column.
See docs/framework-excel.md.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.errors import FrameworkError, Problem
from parindex.core.loader import LineDict, LineList, build_framework, parse_yaml
from parindex.core.model import SCORED_BY, UNIT_KINDS, Framework
from parindex.core.rules import RULES
from parindex.io.framework_yaml import SCHEMA, TOP_KEYS, flow, framework_document

PathOrStream = str | os.PathLike[str] | IO[bytes]


@dataclass(frozen=True)
class Column:
    """A column: its key (the English header, used in messages) and its Vietnamese header."""

    key: str
    header: str
    width: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetLayout:
    """A sheet: Vietnamese and English names, its columns and the column that starts a row."""

    number: int
    name: str
    english: str
    columns: tuple[Column, ...]
    required: tuple[str, ...]


NODES = SheetLayout(
    0,
    "Tiêu chí",
    "Criteria",
    (
        Column("code", "Mã", 10),
        Column("parent", "Mã cha", 9, ("parent code",)),
        Column("title", "Tên tiêu chí", 60),
        Column("title_en", "Tên tiếng Anh", 40),
        Column("max", "Điểm tối đa", 11),
        Column("block", "Khối điểm", 12),
        Column("scored_by", "Chủ thể chấm", 12),
        Column("published", "Đã công bố", 11),
        Column("source", "Nguồn", 10),
        Column("guidance", "Hướng dẫn chấm", 45),
        Column("evidence", "Tài liệu kiểm chứng", 45),
        Column("inputs", "Số liệu đầu vào", 55),
        Column("rule", "Cách tính điểm", 20, ("rule kind",)),
        Column("params", "Tham số cách tính", 45, ("rule parameters", "parameters")),
        Column("explain_vi", "Lý do mất điểm (tiếng Việt)", 55),
        Column("explain_en", "Lý do mất điểm (tiếng Anh)", 55),
    ),
    ("code", "title", "max"),
)
IDENTITY = SheetLayout(
    1,
    "Khung",
    "Framework",
    (
        Column("field", "Trường", 14),
        Column("value", "Giá trị", 70),
        Column("note", "Diễn giải", 60),
    ),
    ("field", "value"),
)
BLOCKS = SheetLayout(
    2,
    "Khối điểm",
    "Blocks",
    (
        Column("code", "Mã khối", 14),
        Column("title", "Tên khối", 50),
        Column("max", "Điểm tối đa", 11),
    ),
    ("code", "title", "max"),
)
SOURCES = SheetLayout(
    3,
    "Nguồn",
    "Sources",
    (Column("key", "Mã nguồn", 14), Column("citation", "Trích dẫn", 100)),
    ("key", "citation"),
)
LAYOUTS = (IDENTITY, BLOCKS, SOURCES, NODES)

IDENTITY_FIELDS = {
    "code": "Mã bộ tiêu chí: chữ thường, số và dấu '-', ví dụ par-province-1149",
    "title": "Tên bộ tiêu chí",
    "title_en": "Tên tiếng Anh (không bắt buộc)",
    "legal_basis": "Căn cứ pháp lý, ví dụ: QĐ 1149/QĐ-BNV ngày 30/12/2020",
    "version": "Phiên bản; sửa bộ tiêu chí thì đổi phiên bản",
    "years": "Các năm đánh giá áp dụng, cách nhau bởi dấu phẩy: 2020, 2021",
    "unit_kind": "Loại đơn vị được đánh giá: " + ", ".join(UNIT_KINDS),
}
IDENTITY_ALIASES = {
    "mã": "code",
    "mã bộ tiêu chí": "code",
    "tên": "title",
    "tên bộ tiêu chí": "title",
    "tên tiếng anh": "title_en",
    "căn cứ pháp lý": "legal_basis",
    "phiên bản": "version",
    "năm áp dụng": "years",
    "loại đơn vị": "unit_kind",
}
NOT_XLSX = "not an Excel workbook (.xlsx); save it as 'Excel Workbook (*.xlsx)'"
YES = {"có", "co", "yes", "y", "true", "x", "1", "đúng"}
NO = {"không", "khong", "no", "n", "false", "0", "sai"}
IGNORED_HEADERS = {"ghi chú", "ghi chu", "note", "notes"}
SHEET_NAMES = {IDENTITY.name: "Khung", BLOCKS.name: "Khối điểm"}

# A Problem carries only a line number, so the reader encodes sheet, column and row in the
# lines it gives the document: line = row + ROWS × (sheet × COLUMNS + column). Rows of
# "Tiêu chí" with no column are the row itself, so a core message quoting a line reads right.
ROWS = 10_000_000
COLUMNS = 100_000

_INPUT_LINE = re.compile(
    r"(?P<name>[^\s():]+)\s*\(\s*(?P<kind>[^():]*?)\s*(?::(?P<choices>[^()]*))?\)"
    r"\s*(?::\s*(?P<rest>.*))?"
)
_UNIT = re.compile(r"(?P<title>.*?)\s*\[(?P<unit>[^\[\]]*)\]")
# A lost-point sentence in a further language: "Lý do mất điểm (fr)" or "explain_fr".
_EXPLAIN_HEADER = re.compile(r"(?:lý do mất điểm|explain)\s*\(?(?P<lang>[a-z]{2,3}(?:-[a-z]+)?)\)?")
_REQUIRED = re.compile(r"^'([^']+)' is a required property")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
AREA_FONT = Font(bold=True)
TOP = Alignment(vertical="top", wrap_text=True)


# --- export --------------------------------------------------------------------------------


def export_framework_xlsx(framework: Framework | Mapping[str, Any], target: PathOrStream) -> None:
    """Write a framework (or its document) to an .xlsx workbook at a path or into a stream."""
    doc = framework_document(framework) if isinstance(framework, Framework) else framework
    workbook = framework_workbook(doc)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if isinstance(target, str | os.PathLike):
        _write_atomically(Path(target), data)
    else:
        target.write(data)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a temporary file renamed over the target."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def framework_workbook(doc: Mapping[str, Any]) -> Workbook:
    """Lay a framework document out as a workbook (identity, blocks, sources, criteria)."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)

    ws = _new_sheet(wb, IDENTITY)
    for key, note in IDENTITY_FIELDS.items():
        value = doc.get(key)
        if key == "years" and isinstance(value, list):
            value = ", ".join(str(y) for y in value)
        row = ws.max_row + 1
        _put(ws.cell(row, 1), key)
        _put(ws.cell(row, 2), "" if value is None else str(value)).number_format = "@"
        _put(ws.cell(row, 3), note).font = Font(italic=True, color="595959")

    ws = _new_sheet(wb, BLOCKS)
    blocks = [b for b in doc.get("blocks") or [] if isinstance(b, Mapping)]
    for block in blocks:
        _append(ws, [block.get("code"), block.get("title"), block.get("max")])

    ws = _new_sheet(wb, SOURCES)
    for key, citation in (doc.get("sources") or {}).items():
        _append(ws, [str(key), citation])

    _nodes_sheet(wb, doc, [str(b.get("code", "")) for b in blocks])
    wb.active = len(wb.sheetnames) - 1
    return wb


def _nodes_sheet(wb: Workbook, doc: Mapping[str, Any], block_codes: list[str]) -> None:
    nodes = [n for n in doc.get("nodes") or [] if isinstance(n, Mapping)]
    languages = _explain_languages(nodes)
    columns = [c for c in NODES.columns if not c.key.startswith("explain_")]
    columns += [
        next((c for c in NODES.columns if c.key == f"explain_{lang}"), None)
        or Column(f"explain_{lang}", f"Lý do mất điểm ({lang})", 55)
        for lang in languages
    ]
    ws = _new_sheet(wb, NODES, columns)
    position = {c.key: i for i, c in enumerate(columns, start=1)}
    default_block = block_codes[0] if block_codes else ""

    def write(node: Mapping[str, Any], parent: str, block: str, scored_by: str, depth: int) -> None:
        block = str(node.get("block", block))
        scored_by = str(node.get("scored_by", scored_by))
        row = ws.max_row + 1
        rule = node.get("rule")
        params = {k: v for k, v in rule.items() if k != "kind"} if isinstance(rule, Mapping) else {}
        explain = node.get("explain")
        explain = explain if isinstance(explain, Mapping) else {}
        values: dict[str, Any] = {
            "code": _text(node.get("code")),
            "parent": parent,
            "title": _text(node.get("title")),
            "title_en": _text(node.get("title_en")),
            "max": node.get("max"),
            "block": block,
            "scored_by": scored_by,
            "published": "có" if node.get("published", True) is not False else "không",
            "source": _text(node.get("source")),
            "guidance": _text(node.get("guidance")),
            "evidence": "\n".join(_text(e) for e in node.get("evidence") or []),
            "inputs": "\n".join(_input_lines(node.get("inputs"))),
            "rule": _text(rule.get("kind")) if isinstance(rule, Mapping) else "",
            "params": flow(params) if params else "",
            **{f"explain_{lang}": _text(explain.get(lang)) for lang in languages},
        }
        for key, col in position.items():
            cell = _put(ws.cell(row, col), values.get(key))
            cell.alignment = TOP
        title = ws.cell(row, position["title"])
        title.alignment = Alignment(indent=2 * (depth - 1), vertical="top", wrap_text=True)
        if depth == 1:
            for col in (position["code"], position["title"], position["max"]):
                ws.cell(row, col).font = AREA_FONT
        for key in ("code", "parent"):
            ws.cell(row, position[key]).number_format = "@"
        children = node.get("children")
        for child in children if isinstance(children, list) else []:
            if isinstance(child, Mapping):
                write(child, values["code"], block, scored_by, depth + 1)

    for node in nodes:
        write(node, "", default_block, "self", 1)

    last = max(ws.max_row, 2) + 500  # room for rows the secretariat adds
    for key, choices in (
        ("block", block_codes),
        ("scored_by", list(SCORED_BY)),
        ("published", ["có", "không"]),
        ("rule", sorted(RULES)),
    ):
        letter = get_column_letter(position[key])
        _choose(ws, f"{letter}2:{letter}{last}", choices)
    for key in ("code", "parent"):
        ws.column_dimensions[get_column_letter(position[key])].number_format = "@"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{ws.max_row}"


def _explain_languages(nodes: list[Mapping[str, Any]]) -> list[str]:
    found: set[str] = set()

    def walk(node: Mapping[str, Any]) -> None:
        explain = node.get("explain")
        if isinstance(explain, Mapping):
            found.update(str(k) for k in explain)
        for child in node.get("children") or []:
            if isinstance(child, Mapping):
                walk(child)

    for node in nodes:
        walk(node)
    return ["vi", "en", *sorted(found - {"vi", "en"})]


def _input_lines(inputs: Any) -> list[str]:
    """One line per input: ``name (kind): title [unit]``, choices as ``(choice: a|b)``."""
    lines = []
    for name, spec in (inputs or {}).items() if isinstance(inputs, Mapping) else []:
        spec = spec if isinstance(spec, Mapping) else {}
        kind = _text(spec.get("kind"))
        choices = spec.get("choices") or []
        head = f"{name} ({kind}: {'|'.join(map(str, choices))})" if choices else f"{name} ({kind})"
        title, unit = _text(spec.get("title")), _text(spec.get("unit"))
        # An empty unit is written when the title itself ends in brackets, so it stays title.
        tail = f"{title} [{unit}]" if unit or title.endswith("]") else title
        lines.append(f"{head}: {tail}".rstrip(": ") if tail.strip() else head)
    return lines


def _choose(ws: Worksheet, ref: str, choices: list[str]) -> None:
    if not choices:
        return
    validation = DataValidation(
        type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
    )
    validation.error = "Chọn một giá trị trong danh sách"
    validation.showErrorMessage = True
    ws.add_data_validation(validation)
    validation.add(ref)


def _new_sheet(wb: Workbook, layout: SheetLayout, columns: list[Column] | None = None) -> Worksheet:
    ws = wb.create_sheet(layout.name)
    for i, column in enumerate(columns or layout.columns, start=1):
        cell = ws.cell(1, i, column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "B2" if layout is NODES else "A2"
    return ws


def _put(cell: Cell, value: Any) -> Cell:
    """Set a cell: numbers stay numbers, text stays text (even text that starts with '=')."""
    if value is None or value == "":
        cell.value = None
        return cell
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        cell.value = value
        cell.number_format = "General"
        return cell
    cell.value = str(value)
    cell.data_type = "s"  # openpyxl would take "=..." for a formula
    return cell


def _append(ws: Worksheet, values: list[Any]) -> None:
    row = ws.max_row + 1
    for col, value in enumerate(values, start=1):
        _put(ws.cell(row, col), value).alignment = TOP


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# --- import --------------------------------------------------------------------------------


def import_framework_xlsx(source: PathOrStream, source_name: str = "") -> Framework:
    """Read a workbook and build the framework; every problem is located by sheet, row, column."""
    name = source_name or _name_of(source)
    reader = _WorkbookReader(source, name)
    doc = reader.read()
    try:
        return build_framework(doc, name)
    except FrameworkError as exc:
        raise FrameworkError(reader.relocate(exc.problems)) from None


def read_framework_xlsx(source: PathOrStream, source_name: str = "") -> dict[str, Any]:
    """Read a workbook into a framework document (not yet validated); raise on unreadable cells.

    The document's line marks encode sheet, row and column; :func:`import_framework_xlsx`
    validates it and turns them back into sheet locations.
    """
    return _WorkbookReader(source, source_name or _name_of(source)).read()


def _name_of(source: PathOrStream) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "workbook.xlsx")).name


def _normal(text: object) -> str:
    """Compare headers and names loosely: NFC, case, spaces and underscores."""
    folded = unicodedata.normalize("NFC", str(text)).casefold().replace("_", " ")
    return " ".join(folded.split())


class _SheetReader:
    """One sheet: finds its header row, maps headers to keys, reads rows, locates cells."""

    def __init__(self, ws: Worksheet, layout: SheetLayout, workbook: _WorkbookReader) -> None:
        self.ws = ws
        self.layout = layout
        self.book = workbook
        self.source = f"{workbook.name}[{ws.title}]"
        self.columns: dict[str, int] = {}
        self.header_row = 1
        self.labels: dict[int, str] = {}  # identity rows: the field each row sets
        self.ok = self._read_header()

    def _known(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for column in self.layout.columns:
            for alias in (column.key, column.header, *column.aliases):
                names[_normal(alias)] = column.key
        return names

    def _read_header(self) -> bool:
        known = self._known()
        first = _normal(self.layout.columns[0].header), _normal(self.layout.columns[0].key)
        rows = self.ws.iter_rows(min_row=1, max_row=10, values_only=True)
        for number, values in enumerate(rows, start=1):
            if any(v is not None and _normal(v) in first for v in values):
                self.header_row = number
                break
        else:
            self.book.problem(
                "xlsx_header",
                f"no header row: the first column must be headed "
                f"'{self.layout.columns[0].header}' (or '{self.layout.columns[0].key}')",
                self.source,
                1,
            )
            return False
        header = next(
            self.ws.iter_rows(min_row=self.header_row, max_row=self.header_row, values_only=True)
        )
        for index, value in enumerate(header, start=1):
            if value is None or str(value).strip() == "":
                continue
            text = _normal(value)
            key = known.get(text)
            language = _EXPLAIN_HEADER.fullmatch(text)
            if key is None and self.layout is NODES and language:
                key = "explain_" + language["lang"]
            if key is None:
                if text in IGNORED_HEADERS or text.startswith("#"):
                    continue
                self._header_problem(index, f"unknown column '{value}'")
            elif key in self.columns:
                self._header_problem(index, f"column '{key}' appears twice")
            else:
                self.columns[key] = index
        missing = [k for k in self.layout.required if k not in self.columns]
        for key in missing:
            column = next(c for c in self.layout.columns if c.key == key)
            self.book.problem(
                "xlsx_header",
                f"column '{key}' ('{column.header}') is missing",
                self.source,
                self.header_row,
                params={"column": key},
            )
        return not missing

    def _header_problem(self, index: int, message: str) -> None:
        letter = get_column_letter(index)
        self.book.problem(
            "xlsx_header",
            f"{message} ({letter}); accepted: "
            + ", ".join(f"'{c.header}'" for c in self.layout.columns),
            self.source,
            self.header_row,
            params={"column": letter},
        )

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Rows under the header with a value in a known column, as ``{key: cell value}``."""
        start = self.header_row + 1
        for number, values in enumerate(self.ws.iter_rows(min_row=start, values_only=True), start):
            cells = {
                key: _clean(values[index - 1])
                for key, index in self.columns.items()
                if index <= len(values)
            }
            if any(v is not None for v in cells.values()):
                yield number, cells

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
            {"sheet": self.ws.title, "row": row, "column": key, **params},
            sort=(self.layout.number, row, self.columns.get(key, 0)),
        )


def _clean(value: Any) -> Any:
    """A cell's value: text stripped (None when blank), line breaks as ``\\n``."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return value or None
    return value


class _WorkbookReader:
    def __init__(self, source: PathOrStream, name: str) -> None:
        self.source = source
        self.name = name
        self.problems: list[tuple[tuple[int, int, int], Problem]] = []
        self.sheets: dict[int, _SheetReader] = {}

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
        self.problems.append((sort, Problem(code, message, source, line, node, params or {})))

    def fail_if_problems(self) -> None:
        if self.problems:
            ranked = sorted(self.problems, key=lambda item: (_sheet_rank(item[0][0]), item[0][1:]))
            raise FrameworkError([p for _, p in ranked])

    def open(self) -> Any:
        try:
            return load_workbook(self.source, data_only=True)
        except FileNotFoundError:
            message = "file not found"
        except IsADirectoryError:
            message = "is a directory, not an Excel workbook"
        except PermissionError:
            message = "cannot read: permission denied"
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError):
            message = NOT_XLSX
        except OSError as exc:
            message = f"cannot read: {exc.strerror or exc}"
        except Exception:
            # A damaged package can fail anywhere inside openpyxl (XML parse errors and the
            # like); for the user it is one thing: the file is not a workbook we can read.
            message = NOT_XLSX
        self.problem("xlsx_unreadable", message, self.name)
        self.fail_if_problems()
        raise AssertionError("unreachable")  # pragma: no cover

    def read(self) -> dict[str, Any]:
        wb = self.open()
        names = {_normal(title): title for title in wb.sheetnames}
        for layout in LAYOUTS:
            title = names.get(_normal(layout.name)) or names.get(_normal(layout.english))
            if title is None:
                if layout is not SOURCES:
                    self.problem(
                        "xlsx_missing_sheet",
                        f"sheet '{layout.name}' is missing (sheets: {', '.join(wb.sheetnames)})",
                        self.name,
                        params={"sheet": layout.name},
                    )
                continue
            sheet = _SheetReader(wb[title], layout, self)
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
        doc["nodes"] = self._nodes(nodes, default_block)
        doc.key_lines["nodes"] = nodes.line(nodes.header_row)
        self.fail_if_problems()
        ordered = LineDict((k, doc[k]) for k in TOP_KEYS if k in doc)
        ordered.line, ordered.key_lines = doc.line, doc.key_lines
        return ordered

    # --- sheets ---

    def _identity(self, sheet: _SheetReader, doc: LineDict) -> None:
        seen: dict[str, int] = {}
        for row, cells in sheet.rows():
            raw = cells.get("field")
            if raw is None:
                if cells.get("value") is not None:
                    sheet.cell_problem("xlsx_identity", row, "field", "a value without a field")
                continue
            key = _normal(raw).replace(" ", "_")
            key = key if key in IDENTITY_FIELDS else IDENTITY_ALIASES.get(_normal(raw), key)
            if key not in IDENTITY_FIELDS:
                sheet.cell_problem(
                    "xlsx_identity",
                    row,
                    "field",
                    f"unknown field '{raw}' (fields: {', '.join(IDENTITY_FIELDS)})",
                )
                continue
            if key in seen:
                sheet.cell_problem(
                    "xlsx_identity", row, "field", f"'{key}' repeats row {seen[key]}"
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
                doc[key] = _as_text(value)
            doc.key_lines[key] = sheet.line(row, "value")

    def _years(self, sheet: _SheetReader, row: int, value: Any) -> LineList | None:
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
                    "xlsx_not_year", row, "value", f"'{part}' is not a year (write 2020, 2021)"
                )
                return None
            years.append(int(number))
        return years

    def _sources(self, sheet: _SheetReader) -> LineDict:
        sources = LineDict()
        sources.line = sheet.line(sheet.header_row)
        sources.key_lines = {}
        for row, cells in sheet.rows():
            key = cells.get("key")
            if key is None:
                sheet.cell_problem("xlsx_empty", row, "key", "the source needs a key")
                continue
            key = _as_text(key)
            if key in sources:
                sheet.cell_problem("xlsx_duplicate", row, "key", f"source '{key}' repeats")
                continue
            sources[key] = _as_text(cells.get("citation") or "")
            sources.key_lines[key] = sheet.line(row, "citation")
        return sources

    def _blocks(self, sheet: _SheetReader) -> LineList:
        blocks = LineList()
        blocks.line = sheet.line(sheet.header_row)
        for row, cells in sheet.rows():
            block = _row_dict(sheet, row)
            for key in ("code", "title"):
                if cells.get(key) is not None:
                    block[key] = _as_text(cells[key])
            if cells.get("max") is not None:
                number = self._number(sheet, row, "max", cells["max"], block.get("code", ""))
                if number is not None:
                    block["max"] = number
            blocks.append(block)
        return blocks

    def _nodes(self, sheet: _SheetReader, default_block: str) -> LineList:
        rows: list[tuple[int, LineDict, str | None]] = []
        for row, cells in sheet.rows():
            node, parent = self._node(sheet, row, cells)
            rows.append((row, node, parent))
        by_code: dict[str, LineDict] = {}
        for _, node, _ in rows:
            if "code" in node:
                by_code.setdefault(node["code"], node)
        top = LineList()
        top.line = sheet.line(sheet.header_row)
        placed: list[tuple[int, LineDict, LineDict]] = []
        for row, node, parent in rows:
            if parent is None:
                top.append(node)
            elif parent not in by_code:
                sheet.cell_problem(
                    "xlsx_unknown_parent",
                    row,
                    "parent",
                    f"no row has code '{parent}'",
                    str(node.get("code", "")),
                    parent=parent,
                )
            else:
                placed.append((row, node, by_code[parent]))
        for _, node, parent_node in placed:
            children = parent_node.get("children")
            if children is None:
                children = parent_node["children"] = LineList()
                children.line = parent_node.line
                parent_node.key_lines["children"] = parent_node.line
            children.append(node)
        reached: set[int] = set()

        def settle(node: LineDict, block: str, scored_by: str, is_top: bool) -> None:
            reached.add(id(node))
            # A block or scorer equal to the inherited one is left implicit, as in the files.
            if not is_top and node.get("block") == block:
                del node["block"]
            if node.get("scored_by") == scored_by:
                del node["scored_by"]
            block = str(node.get("block", block))
            scored_by = str(node.get("scored_by", scored_by))
            for child in node.get("children", []):
                if id(child) not in reached:
                    settle(child, block, scored_by, False)

        for node in top:
            settle(node, default_block, "self", True)
        parent_of = {id(node): parent_node for _, node, parent_node in placed}
        for row, node, parent_node in placed:
            if id(node) not in reached and _in_loop(node, parent_of):
                sheet.cell_problem(
                    "xlsx_parent_loop",
                    row,
                    "parent",
                    f"parent '{parent_node.get('code')}' leads back to this row: "
                    "the rows form a loop",
                    str(node.get("code", "")),
                )
        return top

    def _node(
        self, sheet: _SheetReader, row: int, cells: dict[str, Any]
    ) -> tuple[LineDict, str | None]:
        node = _row_dict(sheet, row)
        code = ""
        if cells.get("code") is None:
            sheet.cell_problem("xlsx_empty", row, "code", "every row needs a code")
        else:
            code = self._code(sheet, row, "code", cells["code"])
            node["code"] = code
        parent = None
        if cells.get("parent") is not None:
            parent = self._code(sheet, row, "parent", cells["parent"])
        for key in ("title", "title_en"):
            if cells.get(key) is not None:
                node[key] = _as_text(cells[key])
        if cells.get("max") is not None:
            number = self._number(sheet, row, "max", cells["max"], code)
            if number is not None:
                node["max"] = number
        for key in ("block", "scored_by"):
            if cells.get(key) is not None:
                node[key] = _as_text(cells[key])
        if cells.get("published") is not None:
            published = self._yes_no(sheet, row, "published", cells["published"], code)
            if published is False:
                node["published"] = False
        for key in ("source", "guidance"):
            if cells.get(key) is not None:
                node[key] = _as_text(cells[key])
        if cells.get("evidence") is not None:
            evidence = LineList(
                line.strip() for line in _as_text(cells["evidence"]).split("\n") if line.strip()
            )
            evidence.line = sheet.line(row, "evidence")
            node["evidence"] = evidence
        if cells.get("inputs") is not None:
            inputs = self._inputs(sheet, row, cells["inputs"], code)
            if inputs:
                node["inputs"] = inputs
        rule = self._rule(sheet, row, cells.get("rule"), cells.get("params"), code)
        if rule is not None:
            node["rule"] = rule
            node.key_lines["rule"] = sheet.line(
                row, "params" if "params" in sheet.columns else "rule"
            )
        explain = LineDict()
        explain.line = sheet.line(row, "explain_vi")
        explain.key_lines = {}
        for key in sheet.columns:
            if key.startswith("explain_") and cells.get(key) is not None:
                lang = key.removeprefix("explain_")
                explain[lang] = _as_text(cells[key])
                explain.key_lines[lang] = sheet.line(row, key)
        if explain:
            node["explain"] = explain
            node.key_lines["explain"] = next(iter(explain.key_lines.values()))
        return node, parent

    # --- cells ---

    def _code(self, sheet: _SheetReader, row: int, key: str, value: Any) -> str:
        if isinstance(value, datetime | date | time):
            sheet.cell_problem(
                "xlsx_date",
                row,
                key,
                f"Excel turned the code into a date ({value:%d/%m/%Y}); "
                "format the column as Text and type the code again",
            )
            return ""
        return _as_text(value)

    def _number(
        self, sheet: _SheetReader, row: int, key: str, value: Any, node: str
    ) -> Decimal | None:
        number = _decimal(value)
        if number is None:
            sheet.cell_problem(
                "xlsx_not_number", row, key, f"'{value}' is not a number", node, value=str(value)
            )
        return number

    def _yes_no(
        self, sheet: _SheetReader, row: int, key: str, value: Any, node: str
    ) -> bool | None:
        if isinstance(value, bool):
            return value
        text = _normal(value)
        if text in YES:
            return True
        if text in NO:
            return False
        sheet.cell_problem("xlsx_not_yes_no", row, key, f"'{value}' is not 'có' or 'không'", node)
        return None

    def _inputs(self, sheet: _SheetReader, row: int, value: Any, node: str) -> LineDict | None:
        inputs = LineDict()
        inputs.line = sheet.line(row, "inputs")
        inputs.key_lines = {}
        ok = True
        text = _as_text(value)
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            spec = _parse_input(line.strip())
            if spec is None:
                sheet.cell_problem(
                    "xlsx_bad_input",
                    row,
                    "inputs",
                    f"line {number} '{line.strip()}' is not 'name (kind): title [unit]'",
                    node,
                    input_line=number,
                )
                ok = False
                continue
            name, fields = spec
            if name in inputs:
                sheet.cell_problem(
                    "xlsx_bad_input", row, "inputs", f"input '{name}' is declared twice", node
                )
                ok = False
                continue
            _stamp_into(fields, inputs.line)
            inputs[name] = fields
            inputs.key_lines[name] = inputs.line
        return inputs if ok else None

    def _rule(
        self, sheet: _SheetReader, row: int, kind: Any, params: Any, node: str
    ) -> LineDict | None:
        spec: Any = LineDict()
        if params is not None:
            text = _as_text(params)
            # `a: 1, b: 2` is accepted without braces; several lines read as a block mapping.
            if not text.startswith("{") and "\n" not in text:
                text = "{" + text + "}"
            try:
                spec = parse_yaml(text, sheet.source)
            except FrameworkError as exc:
                reason = exc.problems[0].message if exc.problems else "invalid"
                sheet.cell_problem(
                    "xlsx_bad_params",
                    row,
                    "params",
                    f"cannot read the parameters ({reason}); write them like "
                    "{numerator: on_time, denominator: total}",
                    node,
                )
                return None
            if not isinstance(spec, Mapping):
                sheet.cell_problem(
                    "xlsx_bad_params",
                    row,
                    "params",
                    "the parameters must be {key: value, ...}",
                    node,
                )
                return None
        kind_text = _as_text(kind).strip() if kind is not None else None
        if "kind" in spec and kind_text is not None and str(spec["kind"]) != kind_text:
            sheet.cell_problem(
                "xlsx_bad_params",
                row,
                "params",
                f"kind '{spec['kind']}' differs from the rule '{kind_text}'",
                node,
            )
            return None
        kind_value = kind_text if kind_text is not None else spec.get("kind")
        if kind_value is None:
            if spec:
                sheet.cell_problem(
                    "xlsx_bad_params", row, "rule", "parameters without a rule kind", node
                )
            return None
        rule = LineDict(kind=kind_value)
        rule.update((k, v) for k, v in spec.items() if k != "kind")
        line = sheet.line(row, "params")
        _stamp_into(rule, line)
        rule.key_lines["kind"] = sheet.line(row, "rule")
        return rule

    # --- mapping the core's problems back to cells ---

    def relocate(self, problems: list[Problem]) -> list[Problem]:
        """Turn problems from :func:`build_framework` into sheet, row and column locations."""
        self.problems = []
        for problem in problems:
            self._relocate(problem)
        ranked = sorted(self.problems, key=lambda item: (_sheet_rank(item[0][0]), item[0][1:]))
        return [p for _, p in ranked]

    def _relocate(self, problem: Problem) -> None:
        if problem.line is None:
            self.problem(
                problem.code, problem.message, self.name, None, problem.node, problem.params
            )
            return
        row = problem.line % ROWS
        number, index = divmod(problem.line // ROWS, COLUMNS)
        sheet = self.sheets.get(number)
        if sheet is None:  # pragma: no cover - every line the reader gives names a sheet
            self.problems.append(((-1, 0, 0), problem))
            return
        message = problem.message
        key = sheet.key_at(index) if index else None
        if problem.code == "schema":
            path = str(problem.params.get("path", ""))
            message = message.removeprefix(f"{path}: ")
            missing = _REQUIRED.match(message)
            if missing and sheet.layout is IDENTITY:
                message = f"field '{missing.group(1)}' is missing"
            elif missing and missing.group(1) in sheet.columns:
                key = missing.group(1)
                message = "required, but the cell is empty"
        override = _PROBLEM_COLUMNS.get((problem.code, sheet.layout.number))
        if override and override in sheet.columns:
            key = override
        if problem.code == "duplicate_code":
            message = re.sub(r"\(first at line (\d+)\)", r"(first in row \1)", message)
        if key is not None:
            message = f"{sheet.where(key, row)}: {message}"
        params = {**problem.params, "sheet": sheet.ws.title, "row": row}
        if key is not None:
            params["column"] = key
        self.problems.append(
            (
                (sheet.layout.number, row, sheet.columns.get(key or "", 0)),
                Problem(problem.code, message, sheet.source, row, problem.node, params),
            )
        )


# Problems the core reports at a node or block as a whole that one column explains.
_PROBLEM_COLUMNS = {
    ("duplicate_code", NODES.number): "code",
    ("max_not_positive", NODES.number): "max",
    ("children_sum", NODES.number): "max",
    ("unknown_block", NODES.number): "block",
    ("rule_missing", NODES.number): "rule",
    ("rule_on_parent", NODES.number): "rule",
    ("block_sum", BLOCKS.number): "max",
}


def _sheet_rank(number: int) -> int:
    """File-level problems first, then sheets in workbook order."""
    order = [layout.number for layout in LAYOUTS]
    return order.index(number) if number in order else -1


def _row_dict(sheet: _SheetReader, row: int) -> LineDict:
    """An empty mapping whose line is the row, and whose keys' lines are their columns."""

    mapping = LineDict()
    mapping.line = sheet.line(row)
    mapping.key_lines = _ColumnLines(sheet, row)
    return mapping


class _ColumnLines(dict[str, int]):
    """Key lines computed from the sheet: a key's line is its cell."""

    def __init__(self, sheet: _SheetReader, row: int) -> None:
        super().__init__()
        self.sheet = sheet
        self.row = row

    def __missing__(self, key: str) -> int:
        return self.sheet.line(self.row, key if key in self.sheet.columns else None)

    def get(self, key: str, default: Any = None) -> Any:
        """Look a key up like ``[]`` does (``dict.get`` skips ``__missing__``)."""
        return self[key]


def _in_loop(node: LineDict, parent_of: dict[int, LineDict]) -> bool:
    """Whether following parents from this row comes back to it (rows below a loop do not)."""
    current = parent_of.get(id(node))
    for _ in range(len(parent_of)):
        if current is None:
            return False
        if current is node:
            return True
        current = parent_of.get(id(current))
    return False


def _stamp_into(value: Any, line: int) -> Any:
    """Give a parsed cell value (and everything in it) the cell's line."""
    if isinstance(value, LineDict):
        value.line = line
        value.key_lines = dict.fromkeys(value, line)
        for item in value.values():
            _stamp_into(item, line)
    elif isinstance(value, LineList):
        value.line = line
        for item in value:
            _stamp_into(item, line)
    return value


def _parse_input(line: str) -> tuple[str, LineDict] | None:
    match = _INPUT_LINE.fullmatch(line)
    if match is None:
        return None
    spec = LineDict(kind=match["kind"])
    if match["choices"] is not None:
        spec["choices"] = LineList(c.strip() for c in match["choices"].split("|") if c.strip())
    rest = (match["rest"] or "").strip()
    unit = _UNIT.fullmatch(rest)
    title, unit_text = (unit["title"], unit["unit"].strip()) if unit else (rest, "")
    if title:
        spec["title"] = title
    if unit_text:
        spec["unit"] = unit_text
    if "choices" in spec:
        spec["choices"] = spec.pop("choices")
    return match["name"], spec


def _as_text(value: Any) -> str:
    """A cell as text: numbers as typed (3, not 3.0), dates in ISO form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _float_text(value: float) -> str:
    """Excel's number as text: 3 rather than 3.0; otherwise the shortest exact repr."""
    return str(int(value)) if value.is_integer() else repr(value)


def _decimal(value: Any) -> Decimal | None:
    """A cell as an exact Decimal: numbers via their repr, text in Vietnamese or English form."""
    if isinstance(value, bool | datetime | date | time):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        # Whichever mark comes last is the decimal mark: 1.234,5 or 1,234.5.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif "," in text:
        if text.count(",") > 1:
            return None
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
