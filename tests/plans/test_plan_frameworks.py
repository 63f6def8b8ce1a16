"""A plan can be drafted from an assessment of every shipped framework, with its defaults."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex import frameworks
from parindex.core.scoring import score
from parindex.plans import generate_plan, shipped_defaults

# framework code: (unit, assessment inputs, areas of the plan, lead agencies of its first area)
CASES = {
    "par-province-876": (
        "Tỉnh Lào Cai",
        {"A.R": {"points": "60.5"}, "S.R": {"points": 28}},
        ["A.R"],
        ["Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh", "Sở Tài chính",
         "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư"],
    ),
    "par-province-892": (
        "Tỉnh Lào Cai",
        {"3.R": {"points": 12}, "8.R": {"points": 14}},
        ["1-2-6-7", "3", "4", "5", "8"],
        ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ"],
    ),
    "par-department-example": (
        "Sở Tư pháp",
        {"3.4.1": {"on_time": 950, "total": 1000}, "1.1.1": {"issued": True}},
        [str(i) for i in range(1, 8)],
        ["Văn phòng (bộ phận tham mưu CCHC)"],
    ),
    "par-commune-example": (
        "Xã Bản Lầu",
        {"3.3.1": {"on_time": 980, "total": 1000}},
        [str(i) for i in range(1, 8)],
        ["Văn phòng HĐND và UBND xã"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("code", "case"), CASES.items())
def test_plan_is_drafted_from_an_assessment_of_the_framework(code: str, case: tuple) -> None:
    unit, inputs, areas, first_leads = case
    framework = frameworks.find(code)
    card = score(framework, inputs, unit=unit, year=2024)
    plan = generate_plan(card, defaults=shipped_defaults(code))
    assert plan.framework == framework.key and (plan.base_year, plan.year) == (2024, 2025)
    assert [a.code for a in plan.areas] == areas  # the survey-only parts are not planned
    assert [lead.agency for lead in plan.areas[0].leads] == first_leads
    assert all(area.leads and area.goal.endswith(".") for area in plan.areas)
    assert "năm 2025" in plan.subtitle
    assert all("{" not in p for p in plan.preamble)


def test_a_lost_point_sentence_comes_from_the_example_rule() -> None:
    framework = frameworks.find("par-department-example")
    card = score(
        framework, {"3.4.1": {"on_time": 950, "total": 1000}}, unit="Sở Tư pháp", year=2024
    )
    plan = generate_plan(card, defaults=shipped_defaults("par-department-example"))
    area = plan.area("3")
    assert area.self_max == Decimal(18)
    assert any("950/1.000 hồ sơ" in sentence for sentence in area.lost)
    (measure,) = area.target("3.4.1").measures  # type: ignore[union-attr]
    assert (measure.name, measure.value) == ("rate", Decimal(99))
