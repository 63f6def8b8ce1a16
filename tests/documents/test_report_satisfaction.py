"""The periodic report's satisfaction section (SIPAS): Word, Excel, read back by LibreOffice."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest

from parindex.documents.convert import docx_to_text, find_soffice
from parindex.documents.report_docx import (
    ReportOptions,
    Satisfaction,
    SatisfactionFigure,
    report_docx,
)
from parindex.documents.report_xlsx import report_xlsx
from parindex.plans import Plan
from parindex.plans.progress import Consolidation, Period, consolidate

SATISFACTION = Satisfaction(
    year=2021,
    overall=SatisfactionFigure("", Decimal("91.25"), Decimal("89.1"), Decimal("93.4")),
    factors=(
        SatisfactionFigure("Tiếp cận dịch vụ", Decimal("93.5"), Decimal("91"), Decimal("96")),
        SatisfactionFigure("Thủ tục hành chính", Decimal("89"), Decimal("86.2"), Decimal("91.8")),
    ),
    respondents=420,
    survey="Khảo sát SIPAS tỉnh Lào Cai 2021",
    target=Decimal(88),
)


@pytest.fixture(scope="module")
def early(plan: Plan) -> Consolidation:
    return consolidate(plan, [], Period.H1, 2021, date(2021, 6, 1))


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = ["\t".join(c.text for c in r.cells) for t in document.tables for r in t.rows]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def word(plan: Plan, early: Consolidation) -> bytes:
    return report_docx(plan, early, ReportOptions(satisfaction=SATISFACTION))


def test_word_report_states_the_index_factors_intervals_and_target(word: bytes) -> None:
    text = text_of(word)
    assert "5. Sự hài lòng của người dân, tổ chức (Chỉ số SIPAS)" in text
    assert (
        "(Khảo sát SIPAS tỉnh Lào Cai 2021, 420 người trả lời): chỉ số hài lòng chung đạt "
        "91,25% (khoảng tin cậy 89,10% – 93,40%), đạt chỉ tiêu của Kế hoạch (≥ 88,00%)."
    ) in text
    assert "Tiếp cận dịch vụ\t93,50%\t91,00% – 96,00%" in text
    assert "Thủ tục hành chính\t89,00%\t86,20% – 91,80%" in text
    assert "Chỉ số hài lòng chung\t91,25%\t89,10% – 93,40%" in text


def test_target_inside_the_interval_is_not_claimed_met() -> None:
    assert SATISFACTION.target_status() == "met"
    inside = Satisfaction(2021, SATISFACTION.overall, target=Decimal(92))
    below = Satisfaction(2021, SATISFACTION.overall, target=Decimal(95))
    assert inside.target_status() == "uncertain" and below.target_status() == "not_met"
    assert Satisfaction(2021, SATISFACTION.overall).target_status() == ""


def test_without_a_survey_the_section_is_absent(plan: Plan, early: Consolidation) -> None:
    text = text_of(report_docx(plan, early))
    assert "SIPAS" not in text and "Sự hài lòng" not in text
    workbook = openpyxl.load_workbook(io.BytesIO(report_xlsx(plan, early)))
    assert "Hài lòng" not in workbook.sheetnames


def test_without_a_target_no_judgement(plan: Plan, early: Consolidation) -> None:
    plain = Satisfaction(2021, SATISFACTION.overall)
    text = text_of(report_docx(plan, early, ReportOptions(satisfaction=plain)))
    assert "chỉ số hài lòng chung đạt 91,25% (khoảng tin cậy 89,10% – 93,40%)." in text
    assert "chỉ tiêu của Kế hoạch" not in text


def test_excel_sheet_has_the_figures_as_numbers(plan: Plan, early: Consolidation) -> None:
    data = report_xlsx(plan, early, ReportOptions(satisfaction=SATISFACTION))
    ws = openpyxl.load_workbook(io.BytesIO(data))["Hài lòng"]
    # Percentages are fractions Excel shows with its own % sign, so no header says "(%)".
    assert [c.value for c in ws[3]] == ["Yếu tố", "Tỷ lệ hài lòng", "Cận dưới", "Cận trên"]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=4)]
    assert rows[0] == ("Tiếp cận dịch vụ", 0.935, 0.91, 0.96)
    assert rows[2] == ("Chỉ số hài lòng chung", 0.9125, 0.891, 0.934)
    assert {c.number_format for c in ws[4][1:4]} == {"0.00%"}
    assert ("Số người trả lời", 420, None, None) in rows
    assert ws.cell(rows.index(("Số người trả lời", 420, None, None)) + 4, 2).number_format == (
        "#,##0"
    )
    assert ("Chỉ tiêu của Kế hoạch (≥)", 0.88, None, None) in rows
    assert ("Đánh giá", "đạt chỉ tiêu", None, None) in rows


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.slow
def test_libreoffice_reads_the_satisfaction_section(word: bytes) -> None:
    text = docx_to_text(word)
    assert "Sự hài lòng của người dân, tổ chức (Chỉ số SIPAS)" in text
    assert "chỉ số hài lòng chung đạt 91,25%" in text
    assert "89,10% – 93,40%" in text


def test_a_large_sample_is_written_with_thousands_separators(
    plan: Plan, early: Consolidation
) -> None:
    import dataclasses

    big = dataclasses.replace(SATISFACTION, respondents=12480)
    text = text_of(report_docx(plan, early, ReportOptions(satisfaction=big)))
    assert "(Khảo sát SIPAS tỉnh Lào Cai 2021, 12.480 người trả lời)" in text
