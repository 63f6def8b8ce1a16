"""Projection: the score if current values hold and if targets are met, the rank, best value."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from parindex.core.assessment import AssessmentData
from parindex.core.errors import InputError
from parindex.core.model import Framework
from parindex.core.scoring import Scorecard
from parindex.national.results import NationalResult
from parindex.plans import Measure, Plan, PlanError, set_target
from parindex.plans.projection import best_value, project, project_rank


@pytest.fixture
def values(lao_cai: AssessmentData) -> dict[str, dict[str, object]]:
    """2020's inputs, with the Ministry's 1,5 points of area 1 and 2019's survey 29,95 assumed."""
    return {**lao_cai.inputs, "1.BNV": {"points": "1"}, "DT.R": {"points": "29.95"}}


def test_with_nothing_measured_current_values_give_last_years_score(
    framework: Framework, plan: Plan, values: dict[str, dict[str, object]]
) -> None:
    projection = project(framework, values, plan, {})
    assert projection.current.total_by("self") == (Decimal("61.4203"), Decimal(65))
    assert projection.current_total == Decimal("61.4203") + 1 + Decimal("29.95")
    assert projection.incomplete == ()


def test_targets_met_gives_back_exactly_the_lost_points(
    framework: Framework, plan: Plan, values: dict[str, dict[str, object]]
) -> None:
    projection = project(framework, values, plan, {})
    gain = projection.targets.points["3.4.1"] - projection.current.points["3.4.1"]
    assert gain == Decimal("0.0372")  # 1,5 − 1,4628
    areas = {a.code: a for a in projection.areas}
    assert areas["3"].difference == Decimal("0.0562")  # 13,5 − 13,4438
    assert areas["8"].difference == Decimal("2.5")
    assert areas["DT"].difference == 0  # the survey is not planned per criterion
    assert projection.targets.total_by("self")[0] == Decimal(65)
    # self 65 − 61,4203 and the Ministry's 1,5 − 1
    assert projection.difference == Decimal("3.5797") + Decimal("0.5")
    assert sum(a.difference for a in projection.areas) == projection.difference


def test_measured_values_replace_last_years_inputs(
    framework: Framework, plan: Plan, values: dict[str, dict[str, object]]
) -> None:
    measured = {
        "3.4.1": {"on_time": 45100, "total": 46000},  # 1,5 × 98,0435 % = 1,4707
        "7.1.3": {"rate": Decimal(90)},  # the input itself is the rate
        "6.1.1": {"rate": Decimal(99)},  # a rate for disbursed / planned: 0,99
        "3/task-1": {"done": 1},  # tasks have no inputs: ignored
    }
    projection = project(framework, values, plan, measured)
    points = projection.current.points
    assert (points["3.4.1"], points["7.1.3"], points["6.1.1"]) == (
        Decimal("1.4707"),
        Decimal("0.9000"),
        Decimal("0.9900"),
    )
    expected = Decimal("61.4203") + (Decimal("1.4707") - Decimal("1.4628"))
    expected += (Decimal("0.9") - Decimal("0.826")) + (Decimal("0.99") - Decimal("0.9623"))
    assert projection.current.total_by("self")[0] == expected


def test_a_partial_target_is_scored_from_its_measures_and_never_lowers_the_score(
    framework: Framework, plan: Plan, values: dict[str, dict[str, object]]
) -> None:
    plan = set_target(plan, "7.1.3", points="0.95", measures=[Measure("rate", ">=", Decimal(95))])
    plan = set_target(plan, "8.6", points="0.5", measures=[])
    plan = set_target(plan, "3.4.3", points="0.9", measures=[])  # below 0,9987 already held
    projection = project(framework, values, plan, {})
    points = projection.targets.points
    assert (points["7.1.3"], points["8.6"], points["3.4.3"]) == (
        Decimal("0.9500"),
        Decimal("0.5"),
        Decimal("0.9987"),
    )


def test_bad_measured_values_are_refused_naming_them(
    framework: Framework, plan: Plan, values: dict[str, dict[str, object]]
) -> None:
    with pytest.raises(PlanError, match=re.escape("3.4.1: no input or measure 'speed'")):
        project(framework, values, plan, {"3.4.1": {"speed": 3}})
    with pytest.raises(PlanError, match=re.escape("'3.4' is not a sub-criterion")):
        project(framework, values, plan, {"3.4": {"rate": 99}})
    with pytest.raises(PlanError, match=re.escape("7.1.3: 'rate' 120 % is above 100 %")):
        project(framework, values, plan, {"7.1.3": {"rate": 120}})
    with pytest.raises(InputError):
        project(framework, {**values, "3.4.1": {"on_time": "nhiều"}}, plan, {})


def _published(*totals: str) -> list[NationalResult]:
    return [NationalResult(f"{n:02d}", 2020, Decimal(t)) for n, t in enumerate(totals, start=1)]


def test_rank_projection_counts_better_totals_and_shares_ties() -> None:
    others = _published("90.10", "85.00", "85.00", "80.00")
    assert project_rank(Decimal("91"), others, 2020) == (1, 5)
    assert project_rank(Decimal("85.004"), others, 2020) == (2, 5)  # 85,00 ties two provinces
    assert project_rank(Decimal("84.996"), others, 2020) == (2, 5)  # rounds to 85,00 too
    assert project_rank(Decimal("84.99"), others, 2020) == (4, 5)
    assert project_rank(Decimal("70"), others, 2020) == (5, 5)


def test_rank_projection_leaves_out_the_units_own_row_and_other_years() -> None:
    others = [*_published("90", "80"), NationalResult("10", 2020, Decimal("82.85"))]
    others.append(NationalResult("03", 2019, Decimal("99")))
    assert project_rank(Decimal("85"), others, 2020, province="10") == (2, 3)
    with pytest.raises(PlanError, match="no published national results for 2018"):
        project_rank(Decimal("85"), others, 2018)


def test_best_value_orders_criteria_by_points_per_unit_of_effort(
    card: Scorecard, plan: Plan
) -> None:
    ranked = best_value(card, plan)
    assert [o.code for o in ranked[:4]] == ["1.BNV", "8.2", "8.5", "8.6"]
    first = ranked[0]
    assert (first.rule, first.gain, first.effort, first.value) == (
        "manual",
        Decimal("1.5"),
        Decimal(2),
        Decimal("0.75"),
    )
    on_time = next(o for o in ranked if o.code == "3.4.1")
    assert (on_time.gain, on_time.effort, on_time.value) == (
        Decimal("0.0372"),
        Decimal(3),
        Decimal("0.0124"),
    )
    assert all(o.gain > 0 for o in ranked)
    assert len(ranked) == 12  # every criterion below its target


def test_a_targets_own_effort_and_a_provinces_table_override_the_default(
    card: Scorecard, plan: Plan
) -> None:
    cheap = set_target(plan, "3.4.1", effort="0.01")
    assert best_value(card, cheap)[0].code == "3.4.1"
    table = {"manual": Decimal(10), "compare_previous": Decimal(1)}
    assert [o.code for o in best_value(card, plan, table)[:2]] == ["8.2", "8.5"]
    with pytest.raises(PlanError, match="effort 0 must be above 0"):
        set_target(plan, "3.4.1", effort=0)
