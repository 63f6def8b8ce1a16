"""Write a framework (or its document) as a workbook the secretariat can edit."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.model import SCORED_BY, Framework
from parindex.core.rules import RULES
from parindex.io.framework_excel.layout import (
    BLOCKS,
    IDENTITY,
    IDENTITY_FIELDS,
    NODES,
    SOURCES,
    Column,
    PathOrStream,
    SheetLayout,
)
from parindex.io.framework_yaml import flow, framework_document
from parindex.io.xlsx import save_workbook

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
AREA_FONT = Font(bold=True)
TOP = Alignment(vertical="top", wrap_text=True)


def export_framework_xlsx(framework: Framework | Mapping[str, Any], target: PathOrStream) -> None:
    """Write a framework (or its document) to an .xlsx workbook at a path or into a stream."""
    doc = framework_document(framework) if isinstance(framework, Framework) else framework
    workbook = framework_workbook(doc)
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
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
        _append(
            ws, [block.get("code"), block.get("title"), block.get("max"), block.get("title_en")]
        )

    ws = _new_sheet(wb, SOURCES)
    for key, citation in (doc.get("sources") or {}).items():
        _append(ws, [str(key), citation])

    _nodes_sheet(wb, doc, [str(b.get("code", "")) for b in blocks])
    wb.active = len(wb.sheetnames) - 1
    return wb


ENGLISH_TEXTS = ("guidance_en", "evidence_en", "inputs_en")


def _nodes_sheet(wb: Workbook, doc: Mapping[str, Any], block_codes: list[str]) -> None:
    nodes = [n for n in doc.get("nodes") or [] if isinstance(n, Mapping)]
    languages = _explain_languages(nodes)
    english = [c for c in NODES.columns if c.key in ENGLISH_TEXTS]
    columns = [
        c for c in NODES.columns if not c.key.startswith("explain_") and c.key not in ENGLISH_TEXTS
    ]
    columns += [
        next((c for c in NODES.columns if c.key == f"explain_{lang}"), None)
        or Column(f"explain_{lang}", f"Lý do mất điểm ({lang})", 55)
        for lang in languages
    ]
    columns += english
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
            "guidance_en": _text(node.get("guidance_en")),
            "evidence": "\n".join(_text(e) for e in node.get("evidence") or []),
            "evidence_en": "\n".join(_text(e) for e in node.get("evidence_en") or []),
            "inputs": "\n".join(_input_lines(node.get("inputs"))),
            "inputs_en": "\n".join(_input_lines_en(node.get("inputs"))),
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


def _input_lines_en(inputs: Any) -> list[str]:
    """One line per input with English words: ``name: title [unit]``, English choices as
    ``name (a|b): title``."""
    lines = []
    for name, spec in (inputs or {}).items() if isinstance(inputs, Mapping) else []:
        spec = spec if isinstance(spec, Mapping) else {}
        title, unit = _text(spec.get("title_en")), _text(spec.get("unit_en"))
        choices = [_text(c) for c in spec.get("choices_en") or []]
        head = f"{name} ({'|'.join(choices)})" if choices else name
        if title or unit or choices:
            lines.append(f"{head}: {title} [{unit}]" if unit else f"{head}: {title}")
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
    cell.data_type = "s"  # text stays text (save_workbook would also make it so)
    return cell


def _append(ws: Worksheet, values: list[Any]) -> None:
    row = ws.max_row + 1
    for col, value in enumerate(values, start=1):
        _put(ws.cell(row, col), value).alignment = TOP


def _text(value: Any) -> str:
    return "" if value is None else str(value)
