"""Figures go into workbooks through one helper: typed cells with the format of their kind."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl import Workbook

from parindex.io.xlsx import put, put_row, save_workbook


def _read_back(book: Workbook) -> Workbook:
    out = io.BytesIO()
    save_workbook(book, out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def test_a_row_of_figures_reads_back_as_numbers_and_dates_with_their_formats() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    put_row(sheet, ["Mã", "Số hồ sơ", "Điểm", "Tỷ lệ", "Ngày"], ["text"] * 5)
    kinds = ["text", "count", "points", "percent", "date"]
    put_row(
        sheet, ["3.4.1", 185000, Decimal("1.46284"), Decimal("98.04"), date(2021, 3, 31)], kinds
    )
    row = _read_back(book).active[2]
    assert [(c.value, c.number_format) for c in row] == [
        ("3.4.1", "@"),
        (185000, "#,##0"),
        (1.4628, "General"),
        (0.9804, "0.00%"),
        (datetime(2021, 3, 31), "dd/mm/yyyy"),
    ]
    assert [type(c.value) for c in row] == [str, int, float, float, datetime]


def test_put_writes_one_cell_and_text_that_looks_like_a_formula_stays_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    put(sheet, 3, 2, "=HYPERLINK(1)", "text")
    put(sheet, 4, 2, 7, "points")
    read = _read_back(book).active
    assert (read["B3"].value, read["B3"].data_type) == ("=HYPERLINK(1)", "s")
    assert (read["B4"].value, read["B4"].number_format) == (7, "General")


def test_a_row_needs_one_kind_per_value() -> None:
    sheet = Workbook().active
    assert sheet is not None
    with pytest.raises(ValueError, match="2 values but 1 kinds"):
        put_row(sheet, [1, 2], ["count"])
