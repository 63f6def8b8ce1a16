from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.core.scoring import Scorecard
from parindex.plans import Plan, PlanDefaults, PlanError, generate_plan, load_defaults
from parindex.plans.generate import fill, place_of

SEED_LEADS = {
    "1": ["Sở Nội vụ"],
    "2": ["Sở Tư pháp"],
    "3": ["Văn phòng UBND tỉnh"],
    "4": ["Sở Nội vụ"],
    "5": ["Sở Nội vụ"],
    "6": ["Sở Tài chính"],
    "7": ["Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"],
    "8": ["Sở Nội vụ", "Sở Kế hoạch và Đầu tư"],
}


def test_plan_is_for_the_year_after_the_assessment(plan: Plan) -> None:
    assert (plan.base_year, plan.year) == (2020, 2021)
    assert plan.framework == "par-province-1149@2020.1"
    assert plan.unit == "Tỉnh Lào Cai" and plan.unit_code == "10"


def test_plan_has_the_eight_self_assessed_areas_not_the_survey(plan: Plan) -> None:
    assert [a.code for a in plan.areas] == [str(i) for i in range(1, 9)]


def test_preamble_states_the_base_year_total_and_last_years_appraised_result(plan: Plan) -> None:
    text = plan.preamble[0]
    assert "đạt 61,4203/65 điểm" in text
    assert "(Báo cáo số 114/BC-UBND ngày 25/02/2021)" in text
    assert (
        "(năm 2019: Hội đồng Trung ương thẩm định, chấm điểm tỉnh Lào Cai đạt 52,90/65 điểm, "
        "điểm đánh giá tác động của CCHC qua điều tra xã hội học: 29,95 điểm; tổng điểm đạt "
        "được: 82,85 điểm; xếp thứ 15/63 tỉnh, thành phố)."
    ) in text


def test_preamble_leaves_out_last_year_when_unknown(
    card: Scorecard, defaults: PlanDefaults
) -> None:
    plan = generate_plan(card, comments={}, defaults=defaults)
    assert plan.preamble[0].endswith("không được tính điểm do không đạt tiêu chí.")


@pytest.mark.parametrize(
    ("code", "score", "maximum", "ministry", "lost_count"),
    [
        ("1", "7", "7", "1.5", 0),
        ("2", "5", "5", "0", 0),
        ("3", "13.4438", "13.5", "0", 3),
        ("6", "7.6097", "8", "0", 2),
        ("7", "10.3668", "11", "0", 3),
        ("8", "3.5", "6", "0", 3),
    ],
)
def test_area_carries_its_base_year_score_and_lost_point_sentences(
    plan: Plan, code: str, score: str, maximum: str, ministry: str, lost_count: int
) -> None:
    area = plan.area(code)
    assert area.self_score == Decimal(score)
    assert area.self_max == Decimal(maximum)
    assert area.ministry_max == Decimal(ministry)
    assert len(area.lost) == lost_count


def test_area_summary_is_the_seeds_sentence(plan: Plan) -> None:
    assert plan.area("3").summary == (
        "Điểm tự đánh giá, chấm điểm năm 2020: 13,4438/13,5 điểm; điểm không đạt: 0,0562 điểm, "
        "cụ thể:"
    )
    assert plan.area("2").summary.endswith("5/5 điểm (đạt điểm tối đa).")


def test_comments_go_into_the_lost_point_sentence(plan: Plan) -> None:
    sentence = plan.area("8").lost[-1]
    assert sentence.endswith(
        "; có 1 chỉ tiêu không đạt là số lượt khách du lịch chỉ đạt 2.200/5.500 lượt người."
    )


@pytest.mark.parametrize(("code", "agencies"), SEED_LEADS.items())
def test_lead_agencies_default_to_the_seeds(plan: Plan, code: str, agencies: list[str]) -> None:
    area = plan.area(code)
    assert [lead.agency for lead in area.leads] == agencies
    assert area.coordinating == "Các sở, ban, ngành; UBND cấp huyện; UBND cấp xã"


def test_iso_9001_part_is_led_by_science_and_technology(plan: Plan) -> None:
    iso = plan.area("7").leads[1]
    assert "TCVN ISO 9001" in iso.scope and "tỉnh Lào Cai" in iso.scope


def test_goal_is_full_marks_in_the_plan_year(plan: Plan) -> None:
    for area in plan.areas:
        assert area.goal == (
            "100% các tiêu chí, tiêu chí thành phần năm 2021 đạt điểm tối đa theo Bộ tiêu chí "
            "ban hành."
        )


def test_targets_default_to_full_marks_for_every_leaf_of_the_area(plan: Plan) -> None:
    targets = plan.area("3").targets
    assert [t.code for t in targets] == ["3.4.1", "3.4.2", "3.4.3", "3.R"]
    assert all(t.points == t.max for t in targets)
    first = targets[0]
    assert (first.base_score, first.max) == (Decimal("1.4628"), Decimal("1.5"))


def test_measured_targets_come_from_the_defaults(plan: Plan) -> None:
    (measure,) = plan.area("3").target("3.4.1").measures  # type: ignore[union-attr]
    assert (measure.name, measure.op, measure.value, measure.unit) == (
        "rate",
        ">=",
        Decimal(99),
        "%",
    )


def test_content_bullets_are_filled_with_the_plan_years(plan: Plan) -> None:
    contents = plan.area("8").contents
    assert contents[1].text == "Mức độ thu hút đầu tư của tỉnh năm 2021 cao hơn năm 2020."
    assert contents[2].items[0].startswith("Tỷ lệ doanh nghiệp thành lập mới trong năm 2021")


def test_section_three_duties_and_signature(plan: Plan) -> None:
    assert [len(d.items) for d in plan.duties] == [3, 5]
    assert plan.duties[0].items[2].endswith("(dự kiến trong Quý II/2021).")
    assert (plan.signature_capacity, plan.signature_title) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert plan.issuer == ("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI")
    assert plan.place == "Lào Cai" and plan.symbol == "KH-UBND"


def test_context_overrides_the_seeds_example_values(
    card: Scorecard, defaults: PlanDefaults
) -> None:
    plan = generate_plan(
        card, comments={}, defaults=defaults, context={"signatory": "Nguyễn Văn A"}, year=2022
    )
    assert plan.signatory == "Nguyễn Văn A"
    assert plan.year == 2022 and "năm 2022" in plan.subtitle


def test_a_scorecard_without_a_year_cannot_be_planned(
    card: Scorecard, defaults: PlanDefaults
) -> None:
    from dataclasses import replace

    with pytest.raises(PlanError, match="no year"):
        generate_plan(replace(card, year=None), comments={}, defaults=defaults)


def test_unknown_placeholder_in_the_defaults_is_named() -> None:
    with pytest.raises(PlanError, match=r"\{provinse\}"):
        fill("năm {year} của {provinse}", {"year": "2021"})


def test_defaults_file_must_declare_its_schema() -> None:
    with pytest.raises(PlanError, match="not a plan-defaults file"):
        load_defaults("framework: x\n", "bad.yaml")


@pytest.mark.parametrize(
    ("unit", "place"),
    [("Tỉnh Lào Cai", "Lào Cai"), ("Thành phố Hà Nội", "Hà Nội"), ("Lào Cai", "Lào Cai")],
)
def test_place_is_the_unit_without_its_kind(unit: str, place: str) -> None:
    assert place_of(unit) == place
