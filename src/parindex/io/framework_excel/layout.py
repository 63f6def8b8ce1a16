"""The workbook's layout: its sheets, their columns and headers, and how cells map to lines."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO

from parindex.core.model import UNIT_KINDS

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
        # English texts after the sentences, so a workbook made before them reads the same
        Column("guidance_en", "Hướng dẫn chấm (tiếng Anh)", 45),
        Column("evidence_en", "Tài liệu kiểm chứng (tiếng Anh)", 45),
        Column("inputs_en", "Số liệu đầu vào (tiếng Anh)", 45),
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
        Column("title_en", "Tên tiếng Anh", 40),
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
    "legal_basis_en": "Căn cứ pháp lý bằng tiếng Anh (không bắt buộc)",
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

# A Problem carries only a line number, so the reader encodes sheet, column and row in the
# lines it gives the document: line = row + ROWS × (sheet × COLUMNS + column). Rows of
# "Tiêu chí" with no column are the row itself, so a core message quoting a line reads right.
ROWS = 10_000_000
COLUMNS = 100_000


def sheet_rank(number: int) -> int:
    """File-level problems first, then sheets in workbook order."""
    order = [layout.number for layout in LAYOUTS]
    return order.index(number) if number in order else -1
