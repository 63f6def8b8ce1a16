"""The plan says which score it rests on, gives the council's reasons, and notes where it uses
a figure other than the one the seed printed (3.4.2, 7.1.9)."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from parindex import frameworks
from parindex.core.assessment import AssessmentData
from parindex.core.scoring import Scorecard
from parindex.documents.plan_docx import plan_docx
from parindex.documents.plan_xlsx import plan_xlsx
from parindex.plans import (
    CouncilChange,
    Plan,
    PlanDefaults,
    PlanError,
    generate_plan,
    plan_from_assessment,
    plan_from_json,
    plan_to_json,
)

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_df62612051fa5eae.txt"
NOTE_342 = (
    "Ghi chú: tại tiêu chí 3.4.2, báo cáo ghi «Tổng số hồ sơ đã giải quyết» là 39.773; kế hoạch "
    "dùng 39.733, số liệu khớp với tỷ lệ và số điểm báo cáo nêu."
)
NOTE_719 = (
    "Ghi chú: tại tiêu chí 7.1.9, báo cáo ghi 0,6484 điểm; tính theo quy tắc từ số liệu báo cáo "
    "nêu được 0,6844 điểm, kế hoạch dùng 0,6844 điểm."
)


def seed_line(start: str) -> str:
    with open(SEED, encoding="utf-8") as seed:
        return next(line.strip() for line in seed if line.strip().startswith(start))


@pytest.fixture(scope="module")
def from_file(lao_cai: AssessmentData) -> Plan:
    """The plan drafted from the demo file, which carries the seed's printed figures."""
    return plan_from_assessment(lao_cai, frameworks.find(lao_cai.framework))


def appraised(card: Scorecard, points: dict[str, str]) -> Scorecard:
    """The scorecard with the council's final points on some sub-criteria."""
    values = dict(card.points)
    for code, value in points.items():
        values[code] = Decimal(value)
    for node in reversed(list(card.framework.walk())):
        if not node.is_leaf:
            values[node.code] = sum((values[c.code] for c in node.children), Decimal(0))
    return dataclasses.replace(card, points=values)


@pytest.fixture(scope="module")
def final(lao_cai: AssessmentData, card: Scorecard, defaults: PlanDefaults) -> Plan:
    council = {
        "3.4.1": CouncilChange(Decimal("1.4628"), Decimal("1.2"), "Thiếu báo cáo tháng 12."),
        "4.R": CouncilChange(Decimal("7"), Decimal("6.5"), ""),
    }
    return generate_plan(
        appraised(card, {"3.4.1": "1.2", "4.R": "6.5"}),
        comments=lao_cai.comments,
        defaults=defaults,
        previous_result=lao_cai.previous_result,
        basis="final",
        council=council,
    )


# --- the self-assessed plan keeps the seed's words ---------------------------------------------


def test_a_self_assessed_plan_reproduces_the_seeds_preamble_sentence(plan: Plan) -> None:
    assert plan.basis == "self"
    assert (
        "Theo đó, kết quả tự đánh giá, chấm điểm Chỉ số CCHC của tỉnh năm 2020 đạt 61,4203/65 "
        "điểm, một số tiêu chí"
    ) in plan.preamble[0]
    assert plan.area("3").summary == seed_line("Điểm tự đánh giá, chấm điểm năm 2020: 13,4438")


def test_sentences_on_the_seeds_data_are_the_seeds_word_for_word(plan: Plan) -> None:
    for code in ("3.4.1", "3.4.3"):
        sentence = next(s for s in plan.area("3").lost if s.startswith(f"Tiêu chí {code} "))
        assert "- " + sentence == seed_line(f"- Tiêu chí {code} ")


def test_where_parindex_corrects_the_seed_the_sentence_uses_its_figure_and_a_note_says_so(
    from_file: Plan,
) -> None:
    area = from_file.area("3")
    sentence = next(s for s in area.lost if s.startswith("Tiêu chí 3.4.2 "))
    assert "- " + sentence == seed_line("- Tiêu chí 3.4.2 ").replace("39.773", "39.733")
    assert area.notes == (NOTE_342,)
    assert from_file.area("7").notes == (NOTE_719,)
    assert all(not from_file.area(c).notes for c in ("1", "2", "4", "5", "6", "8"))


def test_without_the_reports_figures_there_is_nothing_to_note(plan: Plan) -> None:
    assert all(not area.notes for area in plan.areas)


def test_the_word_document_carries_the_notes_after_the_lost_point_sentences(
    from_file: Plan,
) -> None:
    paragraphs = [p.text for p in docx.Document(io.BytesIO(plan_docx(from_file))).paragraphs]
    assert "3.1. Điểm tự chấm năm 2020:" in paragraphs
    at = paragraphs.index(NOTE_342)
    assert paragraphs[at - 1].startswith("- Tiêu chí 3.4.3 ")
    assert NOTE_719 in paragraphs


# --- a plan on the final appraisal says so ----------------------------------------------------


def test_a_final_plan_labels_its_score_as_the_final_appraisal(final: Plan) -> None:
    assert final.basis == "final"
    assert (
        "Theo đó, căn cứ điểm thẩm định cuối cùng, kết quả chấm điểm Chỉ số CCHC của tỉnh năm "
        "2020 đạt 60,6575/65 điểm"
    ) in final.preamble[0]
    assert final.area("3").summary == (
        "Điểm thẩm định cuối cùng năm 2020: 13,181/13,5 điểm; điểm không đạt: 0,319 điểm, cụ thể:"
    )
    assert "tự đánh giá" not in final.area("3").summary


def test_the_councils_reason_follows_the_lost_point_sentence(final: Plan) -> None:
    assert final.area("3").lost[0] == (
        "Tiêu chí 3.4.1 “tỷ lệ hồ sơ TTHC do cơ quan chuyên môn cấp tỉnh tiếp nhận trong năm "
        "được giải quyết đúng hạn”: 1,2/1,5 điểm; không đạt điểm tối đa do trong năm 2020 tỷ lệ "
        "hồ sơ giải quyết đúng hạn là 180.840/185.443 hồ sơ, bằng 97,5178%; Hội đồng thẩm định "
        "chấm 1,2 điểm (tự đánh giá 1,4628 điểm), lý do: Thiếu báo cáo tháng 12."
    )
    (sentence,) = final.area("4").lost
    assert sentence.endswith(": 6,5/7 điểm; Hội đồng thẩm định chấm 6,5 điểm (tự đánh giá 7 điểm).")


def test_the_final_word_and_excel_documents_head_the_score_as_appraised(final: Plan) -> None:
    paragraphs = [p.text for p in docx.Document(io.BytesIO(plan_docx(final))).paragraphs]
    assert "3.1. Điểm thẩm định cuối cùng năm 2020:" in paragraphs
    assert not any("Điểm tự chấm" in p for p in paragraphs)
    sheet = load_workbook(io.BytesIO(plan_xlsx(final))).worksheets[0]
    headers = [c.value for row in sheet.iter_rows(max_row=4) for c in row]
    assert "Điểm thẩm định cuối cùng năm 2020" in headers


def test_the_basis_survives_storing_the_plan(final: Plan) -> None:
    assert plan_from_json(plan_to_json(final)) == final


def test_an_unknown_basis_is_refused(card: Scorecard, defaults: PlanDefaults) -> None:
    with pytest.raises(PlanError) as caught:
        generate_plan(card, defaults=defaults, basis="ministry")
    assert (caught.value.code, caught.value.params) == ("bad_basis", {"basis": "ministry"})
