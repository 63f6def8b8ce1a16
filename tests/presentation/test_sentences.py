"""The seed's sentences regenerated from the demo data: lost points, area summaries, checks."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from parindex.core.checks import check
from parindex.core.loader import load_framework
from parindex.core.scoring import score
from parindex.presentation.text import (
    area_summary,
    contradiction_text,
    lost_sentence,
    lowercase_first,
    reason_text,
    render,
)


def seed_line(lines: list[str], start: str) -> str:
    (line,) = [line for line in lines if line.startswith(start)]
    return line


# code, how the seed numbers it, and the corrections its sentence needs (see the demo's header)
LOST_POINTS = [
    pytest.param("3.4.1", "3.4.1", {}, id="3.4.1"),
    # The seed prints 39.773 dossiers; 39.733 is what its 98,8221 % and 1,4823 points need.
    pytest.param("3.4.2", "3.4.2", {"39.265/39.773": "39.265/39.733"}, id="3.4.2"),
    pytest.param("3.4.3", "3.4.3", {}, id="3.4.3"),
    pytest.param("6.1.1", "6.1.1", {}, id="6.1.1"),
    pytest.param("6.1.3", "6.13", {"Tiêu chí 6.13 ": "Tiêu chí 6.1.3 "}, id="6.1.3 (seed: 6.13)"),
    pytest.param("7.1.3", "7.1.3", {}, id="7.1.3 (seed: 0,826)"),
    # The seed prints 0,6484 points; the rule and the area total give 0,6844.
    pytest.param("7.1.9", "7.1.9", {"0,6484/1 điểm": "0,6844/1 điểm"}, id="7.1.9"),
    pytest.param("7.2.1", "7.2.1", {}, id="7.2.1"),
    pytest.param("8.2", "8.2", {}, id="8.2"),
    pytest.param("8.5", "8.5", {}, id="8.5"),
    pytest.param("8.6", "8.6", {}, id="8.6 with the demo's comment"),
]


@pytest.mark.parametrize(("code", "seed_code", "corrections"), LOST_POINTS)
def test_each_lost_point_sentence_of_the_seed_is_regenerated_from_the_data(
    lao_cai, seed_lines, code, seed_code, corrections
):
    data, card = lao_cai
    expected = seed_line(seed_lines, f"Tiêu chí {seed_code} “")
    for printed, right in corrections.items():
        assert printed in expected
        expected = expected.replace(printed, right)
    assert lost_sentence(card, code, "vi", data.comments.get(code, "")) == expected


@pytest.mark.parametrize(
    ("code", "contains"),
    [
        ("7.1.9", "0,6844/1 điểm"),
        ("3.4.2", "39.265/39.733 hồ sơ, bằng 98,8221%"),
        ("7.1.3", "0,826/1 điểm"),
        ("7.1.9", "416/1.128 dịch vụ, bằng 36,87%"),  # truncated, as the seed prints it
        ("7.2.1", "đạt 36%)"),  # 35,64 % to a whole percent
    ],
)
def test_regenerated_sentences_carry_the_computed_figures(lao_cai, code, contains):
    assert contains in lost_sentence(lao_cai[1], code)


def test_the_regenerated_7_1_9_sentence_does_not_repeat_the_seeds_slip(lao_cai):
    assert "0,6484" not in lost_sentence(lao_cai[1], "7.1.9")


AREA_SUMMARIES = ["2", "3", "4", "5", "6", "8"]


@pytest.mark.parametrize("area", AREA_SUMMARIES)
def test_area_summaries_read_as_in_the_seed(lao_cai, seed_lines, area):
    summary = area_summary(lao_cai[1], area)
    assert summary in seed_lines


def test_area_3_summary_names_its_score_and_its_loss(lao_cai):
    assert area_summary(lao_cai[1], "3") == (
        "Điểm tự đánh giá, chấm điểm năm 2020: 13,4438/13,5 điểm; "
        "điểm không đạt: 0,0562 điểm, cụ thể:"
    )


def test_area_1_summary_sets_apart_the_points_the_ministry_scores(lao_cai, seed_lines):
    summary = area_summary(lao_cai[1], "1")
    assert summary == (
        "Điểm tự đánh giá, chấm điểm năm 2020: 7/8,5 điểm; 1,5 điểm do Bộ Nội vụ chấm điểm."
    )
    # The seed goes on to say on what basis the Ministry scores them.
    seed_line(seed_lines, summary.removesuffix("."))


def test_area_7_summary_uses_the_standard_wording_with_the_seeds_figures(lao_cai, seed_lines):
    summary = area_summary(lao_cai[1], "7")
    assert summary == (
        "Điểm tự đánh giá, chấm điểm năm 2020: 10,3668/11 điểm; "
        "điểm không đạt: 0,6332 điểm, cụ thể:"
    )
    seed = seed_line(seed_lines, "Điểm tự đánh giá, chấm điểm năm 2020: 10,3668")
    assert "Điểm không đạt là 0,6332 điểm" in seed


ENGLISH = [
    (
        "3.4.1",
        "Criterion 3.4.1 “share of dossiers received by provincial agencies resolved on time”: "
        "1.4628/1.5 points; not full marks because in 2020 180,840 of 185,443 dossiers were "
        "resolved on time, 97.5178%.",
    ),
    (
        "6.1.3",
        "Criterion 6.1.3 “follow-up of inspection and audit recommendations on public finance”: "
        "0.6474/1 points; not full marks because in 2020 the province paid back VND 425.827 "
        "million of VND 657.725 million recommended, 64.74%.",
    ),
    (
        "8.5",
        "Criterion 8.5 “GRDP growth rate”: 0/1 points; no points because GRDP growth in 2020 "
        "(6.55%) was not higher than in 2019 (10.32%).",
    ),
    (
        "8.6",
        "Criterion 8.6 “socio-economic targets set by the provincial People's Council that were "
        "met”: 0.5/1 points; not full marks because in 2020 23 of 24 targets were met or "
        "exceeded, 95.83%.",
    ),
]


@pytest.mark.parametrize(("code", "sentence"), ENGLISH)
def test_lost_point_sentences_exist_in_english_with_english_numbers(lao_cai, code, sentence):
    assert lost_sentence(lao_cai[1], code, "en") == sentence


@pytest.mark.parametrize(
    ("area", "summary"),
    [
        ("3", "Self-assessed score for 2020: 13.4438/13.5 points; points lost: 0.0562, namely:"),
        ("2", "Self-assessed score for 2020: 5/5 points (full marks)."),
        (
            "1",
            "Self-assessed score for 2020: 7/8.5 points; "
            "1.5 points scored by the Ministry of Home Affairs.",
        ),
    ],
)
def test_area_summaries_exist_in_english(lao_cai, area, summary):
    assert area_summary(lao_cai[1], area, "en") == summary


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        (
            "score",
            "7.1.9: điểm nêu 0,6484 nhưng tính theo quy tắc được 0,6844",
            "7.1.9: stated score 0.6484 but the rule gives 0.6844",
        ),
        (
            "rate_fraction",
            "3.4.2: tỷ lệ nêu 98,8221% nhưng 39.265/39.773 = 98,7228%",
            "3.4.2: stated rate 98.8221% but 39,265/39,773 = 98.7228%",
        ),
        (
            "input",
            "3.4.2: số liệu 'total' nêu 39.773 nhưng số liệu dùng để chấm là 39.733",
            "3.4.2: stated input 'total' 39,773 but the value scored is 39,733",
        ),
        (
            "input_score",
            "3.4.2: với số liệu nêu, quy tắc cho 1,4808 điểm, không phải 1,4823",
            "3.4.2: with the stated inputs the rule gives 1.4808, not 1.4823",
        ),
        (
            "parts",
            "7: điểm không đạt nêu 0,6332 nhưng các tiêu chí thành phần được nêu cộng lại 0,6692",
            "7: stated loss 0.6332 but the stated parts add up to 0.6692",
        ),
    ],
)
def test_each_contradiction_in_the_seed_is_explained_with_both_numbers(lao_cai, code, vi, en):
    data, card = lao_cai
    (item,) = [c for c in check(card, data.stated) if c.code == code]
    assert contradiction_text(item, "vi") == vi
    assert contradiction_text(item, "en") == en


def test_with_its_framework_a_contradiction_names_the_input_by_its_title(lao_cai):
    data, card = lao_cai
    (item,) = [c for c in check(card, data.stated) if c.code == "input"]
    assert contradiction_text(item, "vi", card.framework) == (
        "3.4.2: số liệu 'Tổng số hồ sơ đã giải quyết' nêu 39.773 nhưng số liệu dùng để chấm là "
        "39.733"
    )
    assert contradiction_text(item, "en", card.framework) == (
        "3.4.2: stated input 'Dossiers resolved' 39,773 but the value scored is 39,733"
    )


GENERIC = """\
code: generic
title: Generic
legal_basis: test
version: "1"
years: [2021]
unit_kind: district
blocks:
  - {code: appraisal, title: A, max: 2}
nodes:
  - code: "1"
    title: Area
    max: 2
    children:
      - code: "1.1"
        title: Hồ sơ đúng hạn
        max: 1
        inputs: {on_time: {kind: count}, total: {kind: count}}
        rule: {kind: proportional, numerator: on_time, denominator: total}
      - code: "1.2"
        title: Tăng trưởng
        max: 1
        inputs: {growth: {kind: number}}
        rule: {kind: compare_previous, value: growth}
"""


@pytest.mark.parametrize(
    ("code", "lang", "reason"),
    [
        ("1.1", "vi", "không đạt điểm tối đa do tỷ lệ đạt 1.234/2.000, bằng 61,70%"),
        ("1.1", "en", "not full marks because the rate was 1,234/2,000, 61.70%"),
        ("1.2", "vi", "chưa có số liệu năm 2020 để so sánh"),
        ("1.2", "en", "no 2020 figure to compare with"),
    ],
)
def test_a_node_without_its_own_template_gets_the_generic_sentence_of_its_reason(
    code, lang, reason
):
    framework = load_framework(GENERIC, "generic.yaml")
    card = score(
        framework, {"1.1": {"on_time": 1234, "total": 2000}, "1.2": {"growth": 5}}, year=2021
    )
    assert reason_text(card, code, lang) == reason


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        ("Tỷ lệ hồ sơ TTHC", "tỷ lệ hồ sơ TTHC"),
        ("TTHC được giải quyết", "TTHC được giải quyết"),
        ("GRDP", "GRDP"),
        ("", ""),
    ],
)
def test_titles_are_quoted_with_a_lowercase_first_letter_except_acronyms(title, quoted):
    assert lowercase_first(title) == quoted


@pytest.mark.parametrize(
    ("template", "lang", "text"),
    [
        ("{rate:.2t}%", "vi", "36,87%"),
        ("{rate:.2}%", "vi", "36,88%"),
        ("{rate:.4}%", "en", "36.8794%"),
        ("{rate:.0}%", "vi", "37%"),
        ("{rate}%", "vi", "36,87943%"),
        ("{missing}", "vi", ""),
    ],
)
def test_templates_write_numbers_in_the_language_rounded_or_truncated(template, lang, text):
    assert render(template, lang, rate=Decimal("36.87943")) == text


def test_a_sentence_for_a_node_at_full_marks_says_so(lao_cai):
    _, card = lao_cai
    assert lost_sentence(card, "3.R").endswith("9,5/9,5 điểm; đạt điểm tối đa.")
    assert lost_sentence(card, "3.R", "en").endswith("9.5/9.5 points; full marks.")


@pytest.mark.parametrize(
    ("name", "title", "lang", "words"),
    [
        ("rate", "Tỷ lệ đúng hạn", "vi", "Tỷ lệ đúng hạn"),
        ("rate", "", "vi", "Tỷ lệ"),
        ("rate", "", "en", "Rate"),
        ("satisfaction", "", "vi", "Mức độ hài lòng"),
        ("on_time", "", "vi", "Số hồ sơ giải quyết đúng hạn"),
        ("on_time", "", "en", "Dossiers resolved on time"),
        ("days_late", "  ", "vi", "Chỉ tiêu"),
        ("days_late", "", "en", "Indicator"),
    ],
)
def test_a_plan_measure_reads_in_words_never_its_key(
    name: str, title: str, lang: str, words: str
) -> None:
    from parindex.core.model import InputSpec
    from parindex.presentation.text import measure_title

    on_time = InputSpec("on_time", "count", "Số hồ sơ giải quyết đúng hạn", "hồ sơ")
    inputs = (dataclasses.replace(on_time, title_en="Dossiers resolved on time"),)
    assert measure_title(name, title, inputs, lang) == words
