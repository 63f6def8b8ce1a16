"""Criteria tables as a province receives them, built by the tests: Word and Excel files in the
Ministry's self-assessment layout, with the quirks real ones have.

A table is a header (one or two rows) and rows of cell values; ``merges`` lists rectangles
``(first_row, first_column, last_row, last_column)``, 0-based over header and rows together,
whose top-left cell keeps the text (as Word and Excel keep it).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_BREAK
from openpyxl import Workbook

from parindex.core.model import Framework, Node
from parindex.presentation.numbers import fmt_points

Row = Sequence[object]
Merge = tuple[int, int, int, int]

MINISTRY_HEADER = (
    "STT",
    "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
    "Điểm tối đa",
    "Điểm tự đánh giá",
    "Tài liệu kiểm chứng",
    "Ghi chú",
)


@dataclass
class Table:
    """One table of the file: header rows, body rows, merged rectangles."""

    header: list[Row]
    rows: list[Row]
    merges: list[Merge] = field(default_factory=list)
    #: Body row indexes after which Word starts a new table (a table split across pages).
    split_after: tuple[int, ...] = ()
    #: Whether each further table starts with the header again.
    repeat_header: bool = True
    #: Body row indexes before which the header row is copied inside the same table.
    header_copies: tuple[int, ...] = ()

    def all_rows(self) -> list[Row]:
        return [*self.header, *self.rows]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _fill_cell(cell: object, value: object) -> None:
    """Word cell text; a value with line breaks becomes one paragraph per line."""
    lines = _text(value).split("\n")
    cell.text = lines[0]  # type: ignore[attr-defined]
    for line in lines[1:]:
        cell.add_paragraph(line)  # type: ignore[attr-defined]


def docx_bytes(table: Table, *, preamble: bool = True, trailer: bool = True) -> bytes:
    """A decision's annex in Word: heading tables and paragraphs around the criteria table."""
    document = Document()
    if preamble:
        top = document.add_table(rows=2, cols=2)
        top.cell(0, 0).text = "BỘ NỘI VỤ"
        top.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        top.cell(1, 1).text = "Độc lập - Tự do - Hạnh phúc"
        document.add_paragraph("Phụ lục")
        document.add_paragraph("BẢNG TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")
    width = max(len(r) for r in table.all_rows())
    pieces: list[list[Row]] = []
    start = 0
    for end in [*table.split_after, len(table.rows) - 1]:
        pieces.append(list(table.rows[start : end + 1]))
        start = end + 1
    body_index = 0
    for number, piece in enumerate(pieces):
        header = table.header if number == 0 or table.repeat_header else []
        rows: list[Row] = list(header)
        offsets: list[int | None] = [None] * len(header)  # -> index over header + rows
        for row in piece:
            if body_index in table.header_copies:
                rows.extend(table.header)
                offsets.extend([None] * len(table.header))
            rows.append(row)
            offsets.append(len(table.header) + body_index)
            body_index += 1
        word = document.add_table(rows=len(rows), cols=width)
        word.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _fill_cell(word.cell(r, c), value)
        here = {o: r for r, o in enumerate(offsets) if o is not None}
        for r, c, r2, c2 in table.merges:
            if r < len(table.header) and header:
                word.cell(r, c).merge(word.cell(r2, c2))
            elif r in here and r2 in here:
                word.cell(here[r], c).merge(word.cell(here[r2], c2))
        if number < len(pieces) - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if trailer:
        sign = document.add_table(rows=1, cols=2)
        sign.cell(0, 0).text = "Nơi nhận:\n- Như trên;"
        sign.cell(0, 1).text = "BỘ TRƯỞNG"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(table: Table, *, title_rows: int = 2, sheet: str = "Biểu tự chấm") -> bytes:
    """Last year's self-assessment in Excel: a caption above the header, merged cells."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    width = max(len(r) for r in table.all_rows())
    if title_rows:
        ws.cell(1, 1, "BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for r, row in enumerate(table.all_rows(), start=title_rows + 1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                ws.cell(r, c, value)
    for r, c, r2, c2 in table.merges:
        ws.merge_cells(
            start_row=r + title_rows + 1,
            start_column=c + 1,
            end_row=r2 + title_rows + 1,
            end_column=c2 + 1,
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ministry_rows(framework: Framework, scores: dict[str, object] | None = None) -> list[Row]:
    """A framework written out as the Ministry's table: one row per node, Vietnamese points,
    a note where the Ministry or a survey scores the item."""
    rows: list[Row] = []
    scores = scores or {}

    def note(node: Node, parent: Node | None) -> str:
        inherited = parent.scored_by if parent is not None else "self"
        if node.scored_by == inherited:
            return ""
        return {"ministry": "Bộ Nội vụ chấm", "survey": "Điều tra xã hội học"}.get(
            node.scored_by, ""
        )

    def walk(node: Node, parent: Node | None) -> None:
        rows.append(
            (
                node.code,
                node.title,
                fmt_points(node.max),
                _text(scores.get(node.code)),
                "\n".join(node.evidence),
                note(node, parent),
            )
        )
        for child in node.children:
            walk(child, node)

    for node in framework.nodes:
        walk(node, None)
    return rows


def tree(framework: Framework) -> list[tuple[str, str, str, str, str, int]]:
    """Every node as (code, title, max, block, scorer, depth), in tree order."""
    return [(n.code, n.title, str(n.max), n.block, n.scored_by, n.depth) for n in framework.walk()]
