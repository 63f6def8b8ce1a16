"""The Word documents' tables, printed: no word broken across lines, headers repeated, rows whole.

The plan and the Quý I report are converted to PDF by LibreOffice (the same conversion as the
plan's PDF export) and every word of every table cell must come out of the PDF whole: a column
too narrow for "Hoàn thành" prints "Hoàn thàn h", which pdftotext reads as the words "thàn"
and "h".
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from parindex.documents.convert import docx_to_pdf, find_soffice
from parindex.documents.report_docx import report_subtitle
from parindex.plans.progress import Period

needs_tools = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and pdftotext (poppler-utils) are needed to print the documents",
)


def pdf_words(pdf: bytes, tmp_path: Path) -> set[str]:
    """Every word pdftotext finds in the PDF (its -bbox output: one <word> per word)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return {html.unescape(w) for w in re.findall(r"<word [^>]*>([^<]*)</word>", out)}


def cell_words(data: bytes) -> set[str]:
    """Every word of every table cell of a filled-in document."""
    document = docx.Document(io.BytesIO(data))
    words: set[str] = set()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                words.update(cell.text.split())
    return words


#: Words of narrow columns that broke before the widths were set ("Chậ m", "thàn h", "1.BN V").
SAMPLE = {"plan": {"1.BNV", "tối", "đa"}, "report": {"Hoàn", "thành", "Chậm", "1.BNV"}}


@needs_tools
@pytest.mark.slow
@pytest.mark.parametrize("name", ["plan", "report"])
def test_no_word_of_a_table_is_broken_when_printed(
    name: str, plan_bytes: bytes, report_q1_bytes: bytes, tmp_path: Path
) -> None:
    data = plan_bytes if name == "plan" else report_q1_bytes
    expected = cell_words(data)
    assert SAMPLE[name] <= expected
    printed = pdf_words(docx_to_pdf(data), tmp_path)
    broken = sorted(expected - printed)
    assert broken == [], f"words broken across lines in the {name}'s tables: {broken}"


@pytest.mark.parametrize("name", ["plan", "report"])
def test_header_rows_repeat_and_rows_never_split(
    name: str, plan_bytes: bytes, report_q1_bytes: bytes
) -> None:
    data = plan_bytes if name == "plan" else report_q1_bytes
    document = docx.Document(io.BytesIO(data))
    grids = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    assert grids
    for table in grids:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(
            tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows
        )


def test_the_report_title_says_the_year_once() -> None:
    plan_name = "duy trì, cải thiện và nâng cao Chỉ số CCHC của tỉnh Lào Cai năm 2021"
    head = "Tình hình thực hiện Kế hoạch " + plan_name
    assert report_subtitle(plan_name, Period.Q1, 2021) == head + ", Quý I"
    assert report_subtitle(plan_name, Period.H1, 2021) == head + ", 6 tháng đầu năm"
    assert report_subtitle(plan_name, Period.Q3, 2021) == head + ", Quý III"
    assert report_subtitle(plan_name, Period.YEAR, 2021) == head
    assert report_subtitle("Nâng cao Chỉ số CCHC", Period.Q1, 2021) == (
        "Tình hình thực hiện Kế hoạch nâng cao Chỉ số CCHC, Quý I năm 2021"
    )
