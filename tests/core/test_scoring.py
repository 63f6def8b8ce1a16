"""Scoring Lào Cai's 2020 self-assessment reproduces the seed's table; inputs are validated."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import one_leaf

from parindex.core.errors import InputError
from parindex.core.scoring import UnitInputs, score, score_many, values_of
from parindex.frameworks import find


def test_the_self_assessed_total_is_the_seeds_61_4203_of_65(lao_cai_card):
    assert lao_cai_card.total_by("self") == (Decimal("61.4203"), Decimal(65))


def test_the_index_is_out_of_100_with_the_ministry_and_the_survey_kept_apart(lao_cai_card):
    assert lao_cai_card.max == 100
    assert lao_cai_card.total_by("ministry") == (0, Decimal("1.5"))
    assert lao_cai_card.total_by("survey") == (0, Decimal("33.5"))
    assert lao_cai_card.total_block("appraisal")[1] == Decimal("66.5")
    assert lao_cai_card.total_block("survey")[1] == Decimal("33.5")


@pytest.mark.parametrize(
    ("area", "score", "max", "self_max"),
    [
        ("1", "7", "8.5", "7"),  # 1,5 more is scored by the Ministry of Home Affairs
        ("2", "5", "5", "5"),
        ("3", "13.4438", "13.5", "13.5"),
        ("4", "7", "7", "7"),
        ("5", "7.5", "7.5", "7.5"),
        ("6", "7.6097", "8", "8"),
        ("7", "10.3668", "11", "11"),
        ("8", "3.5", "6", "6"),
    ],
)
def test_every_area_scores_as_in_the_seeds_table(lao_cai_card, area, score, max, self_max):
    node = lao_cai_card[area]
    assert node.part("self") == (Decimal(score), Decimal(self_max))
    assert node.max == Decimal(max)


@pytest.mark.parametrize(
    ("code", "points"),
    [
        ("3.4.1", "1.4628"),
        ("3.4.2", "1.4823"),
        ("3.4.3", "0.9987"),
        ("6.1.1", "0.9623"),
        ("6.1.3", "0.6474"),
        ("7.1.3", "0.8260"),
        ("7.1.9", "0.6844"),
        ("7.2.1", "0.3564"),
        ("8.2", "0"),
        ("8.5", "0"),
        ("8.6", "0.5"),
    ],
)
def test_every_sub_criterion_the_seed_details_has_the_seeds_points(lao_cai_card, code, points):
    assert lao_cai_card[code].score == Decimal(points)


def test_nothing_the_province_scores_itself_is_left_incomplete(lao_cai_card):
    assert lao_cai_card.incomplete("self") == []
    assert {n.code for n in lao_cai_card.incomplete()} == {"1.BNV", "DT.R"}


def test_a_leaf_keeps_the_inputs_it_was_scored_from(lao_cai_card):
    assert lao_cai_card["3.4.1"].inputs == {"on_time": 180840, "total": 185443}
    assert values_of(lao_cai_card)["6.1.3"] == {
        "paid": Decimal("425.827"),
        "required": Decimal("657.725"),
    }


COUNTS = "{on_time: {kind: count}, total: {kind: count}}"
PROPORTIONAL = "{kind: proportional, numerator: on_time, denominator: total}"


@pytest.mark.parametrize(
    ("on_time", "total"),
    [
        ("180.840", "185.443"),  # Vietnamese thousands separators on counts
        ("180840", "185443"),
        (180840, 185443),
        (Decimal(180840), Decimal(185443)),
    ],
)
def test_counts_may_be_typed_the_vietnamese_way(on_time, total):
    framework = one_leaf(PROPORTIONAL, COUNTS, "1.5")
    card = score(framework, {"1.1": {"on_time": on_time, "total": total}})
    assert card["1.1"].score == Decimal("1.4628")


@pytest.mark.parametrize(
    ("typed", "value"),
    [("97,5178", "97.5178"), ("82.598", "82.598"), ("82,598%", "82.598"), ("100", "100")],
)
def test_percentages_may_be_typed_with_a_decimal_comma(typed, value):
    framework = one_leaf("{kind: proportional, value: rate}", "{rate: {kind: percent}}")
    assert score(framework, {"1.1": {"rate": typed}})["1.1"].inputs["rate"] == Decimal(value)


@pytest.mark.parametrize(
    ("inputs", "code", "node"),
    [
        ({"9.9": {"points": 1}}, "unknown_node", "9.9"),
        ({"1": {"points": 1}}, "not_leaf", "1"),
        ({"1.1": {"on_tim": 1}}, "unknown_input", "1.1"),
        ({"1.1": {"on_time": "1.5"}}, "bad_value", "1.1"),  # a count is whole
        ({"1.1": {"on_time": "-1"}}, "bad_value", "1.1"),
        ({"1.1": {"on_time": "many"}}, "bad_value", "1.1"),
    ],
)
def test_bad_inputs_are_refused_naming_the_node(inputs, code, node):
    with pytest.raises(InputError) as excinfo:
        score(one_leaf(PROPORTIONAL, COUNTS), inputs)
    assert [(p.code, p.node) for p in excinfo.value.problems] == [(code, node)]


def test_a_percentage_above_100_is_refused():
    framework = one_leaf("{kind: proportional, value: rate}", "{rate: {kind: percent}}")
    with pytest.raises(InputError, match="above 100"):
        score(framework, {"1.1": {"rate": "100.01"}})


def test_every_bad_input_is_reported_at_once():
    with pytest.raises(InputError) as excinfo:
        score(one_leaf(PROPORTIONAL, COUNTS), {"1.1": {"on_time": "x", "total": "-3"}, "2": {}})
    assert [p.code for p in excinfo.value.problems] == ["bad_value", "bad_value", "unknown_node"]


def test_scoring_many_units_names_the_unit_whose_inputs_are_bad():
    framework = one_leaf(PROPORTIONAL, COUNTS)
    units = [
        UnitInputs("Lào Cai", {"1.1": {"on_time": 9, "total": 10}}),
        UnitInputs("Yên Bái", {"1.1": {"on_time": "x", "total": 10}}),
    ]
    cards = score_many(framework, units)
    assert next(cards).total == Decimal("0.9")
    with pytest.raises(InputError) as excinfo:
        next(cards)
    assert excinfo.value.problems[0].source == "Yên Bái"


def test_the_shipped_1149_framework_is_out_of_100_with_65_self_assessed():
    framework = find("par-province-1149")
    assert framework.max == 100
    assert framework.max_by("self") == 65
    assert framework.applies_to(2020) and framework.applies_to(2021)
    assert not framework.applies_to(2022)
