"""Documents open cleanly in LibreOffice: convert them headless and read the text back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from parindex.documents.convert import (
    TEXT_FILTER,
    LibreOfficeMissing,
    convert,
    docx_to_pdf,
    docx_to_text,
    find_soffice,
)
from parindex.documents.plan_xlsx import plan_xlsx
from parindex.plans import Plan

needs_soffice = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice is not installed (apt-get install -y libreoffice-writer-nogui)",
)


def _has_calc() -> bool:
    soffice = find_soffice()
    program = Path(soffice).resolve().parent if soffice else None
    return program is not None and any(program.glob("libsclo.so*"))


SENTENCE_341 = (
    "Tiêu chí 3.4.1 “tỷ lệ hồ sơ TTHC do cơ quan chuyên môn cấp tỉnh tiếp nhận trong năm được "
    "giải quyết đúng hạn”: 1,4628/1,5 điểm; không đạt điểm tối đa do trong năm 2020 tỷ lệ hồ sơ "
    "giải quyết đúng hạn là 180.840/185.443 hồ sơ, bằng 97,5178%."
)


@pytest.fixture(scope="module")
def libreoffice_text(plan_bytes: bytes) -> str:
    return docx_to_text(plan_bytes)


@needs_soffice
@pytest.mark.slow
def test_libreoffice_reads_the_title_and_the_341_sentence(libreoffice_text: str) -> None:
    assert "KẾ HOẠCH" in libreoffice_text
    assert "Duy trì, cải thiện và nâng cao Chỉ số cải cách hành chính cấp tỉnh" in libreoffice_text
    assert SENTENCE_341 in libreoffice_text
    assert "TM. ỦY BAN NHÂN DÂN" in libreoffice_text


@needs_soffice
@pytest.mark.slow
def test_pdf_is_produced_and_carries_the_text(plan_bytes: bytes, tmp_path: Path) -> None:
    pdf = docx_to_pdf(plan_bytes)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed to read the PDF back")
    (tmp_path / "plan.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "plan.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "KẾ HOẠCH" in text
    assert "180.840/185.443" in text and "97,5178%" in text
    page_one = text.split("\f")[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page_one


@needs_soffice
@pytest.mark.skipif(
    not _has_calc(),
    reason="LibreOffice Calc is not installed (apt-get install -y libreoffice-calc-nogui)",
)
@pytest.mark.slow
def test_excel_export_opens_in_libreoffice(plan: Plan, tmp_path: Path) -> None:
    source = tmp_path / "plan.xlsx"
    source.write_bytes(plan_xlsx(plan))
    csv = convert(source, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    text = csv.read_text(encoding="utf-8")
    assert "Tiêu chí, tiêu chí thành phần" in text and "3.4.1" in text


def test_missing_libreoffice_is_reported_with_the_install_hint(
    monkeypatch: pytest.MonkeyPatch, plan_bytes: bytes
) -> None:
    monkeypatch.setenv("PARINDEX_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(LibreOfficeMissing, match="apt-get install -y libreoffice-writer-nogui"):
        docx_to_pdf(plan_bytes)


def test_text_filter_is_utf8() -> None:
    assert TEXT_FILTER.endswith("UTF8")
