"""Excel exports write user text as text: no formula reaches Excel unless parindex wrote it."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl import Workbook

from parindex.io.xlsx import allow_formula, neutralise_formulas, save_workbook

ATTACKS = ['=HYPERLINK("http://evil.example/","bấm vào đây")', "=cmd|' /C calc'!A0", "=1+1"]


def _reload(book: Workbook) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("text", ATTACKS)
def test_text_that_looks_like_a_formula_is_saved_as_text(text: str) -> None:
    book = Workbook()
    book.active.append([text, 3])
    cell = _reload(book).active["A1"]
    assert (cell.data_type, cell.value) == ("s", text)


def test_formulas_parindex_declares_stay_formulas_and_others_do_not() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append([1, 2, "=A1+B1"])
    allow_formula(sheet, sheet.cell(row=2, column=1, value="=SUM(A1:B1)"))
    assert neutralise_formulas(book) == 1
    reloaded = _reload(book).active
    assert (reloaded["A2"].data_type, reloaded["A2"].value) == ("f", "=SUM(A1:B1)")
    assert (reloaded["C1"].data_type, reloaded["C1"].value) == ("s", "=A1+B1")


def test_every_sheet_is_checked() -> None:
    book = Workbook()
    book.create_sheet("Hai").append(["=cmd|' /C calc'!A0"])
    assert [c.data_type for c in _reload(book)["Hai"]["A"]] == ["s"]


def test_the_periodic_reports_totals_stay_formulas_and_names_stay_text() -> None:
    """report_xlsx writes =SUM totals on purpose; they survive, an agency's name stays text."""
    from parindex.documents.report_xlsx import _counts_sheet
    from parindex.plans.progress import Counts

    book = Workbook()
    rows = [("=cmd|' /C calc'!A0", Counts(items=2, done=1)), ("Sở Nội vụ", Counts(items=3))]
    _counts_sheet(book.active, "Tiến độ", "Cơ quan", rows, "vi")
    sheet = _reload(book).active
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value}
    assert cells["=cmd|' /C calc'!A0"] == "s"
    totals = [v for v, t in cells.items() if t == "f"]
    assert totals == [f"=SUM({col}4:{col}5)" for col in "BCDEFGHIJ"]


def test_every_sheet_prints_landscape_on_the_page_width_with_its_header_rows() -> None:
    book = Workbook()
    ranking = book.active
    ranking.append(["Xếp hạng Chỉ số CCHC năm 2024"])
    ranking.append(["Hạng", "Đơn vị", "Điểm"])
    for rank in range(1, 60):
        ranking.append([rank, f"Xã {rank}", 80.5])
    ranking.freeze_panes = "A3"
    plain = book.create_sheet("Ghi chú")
    plain.append(["Cơ quan", "Ghi chú"])
    plain.append(["Sở Nội vụ", "—"])
    reloaded = _reload(book)
    first, second = reloaded.worksheets
    assert first.page_setup.orientation == "landscape"
    assert (first.page_setup.fitToWidth, first.page_setup.fitToHeight) == (1, 0)
    assert first.sheet_properties.pageSetUpPr.fitToPage is True
    assert first.print_title_rows == "$1:$2"
    assert first.print_area == "'Sheet'!$A$1:$C$61"
    assert second.print_title_rows == "$1:$1"
