"""Points are rounded to 4 decimals half up per sub-criterion; parents add rounded children."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import framework_text, leaf_score, one_leaf

from parindex.core.loader import load_framework
from parindex.core.numbers import round4
from parindex.core.scoring import score


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("0.12345", "0.1235"),  # exactly half: up (banker's rounding would give 0.1234)
        ("0.12355", "0.1236"),
        ("0.123449999", "0.1234"),
        ("0.00005", "0.0001"),
        ("0.000049999", "0.0000"),
        ("1.46281", "1.4628"),
        ("0.6844", "0.6844"),
    ],
)
def test_round4_rounds_half_up_to_four_decimals(value, rounded):
    assert str(round4(Decimal(value))) == rounded


@pytest.mark.parametrize(("rate", "points"), [("12.345", "0.1235"), ("0.005", "0.0001")])
def test_a_sub_criterion_exactly_half_way_rounds_up(rate, points):
    framework = one_leaf("{kind: proportional, value: rate}", "{rate: {kind: percent}}")
    leaf = leaf_score(framework, {"rate": rate})
    assert str(leaf.score) == points


TWO_HALVES = framework_text(
    """\
  - code: "1"
    title: Area
    max: 2
    children:
      - code: "1.1"
        title: First
        max: 1
        inputs: {rate: {kind: percent}}
        rule: {kind: proportional, value: rate}
      - code: "1.2"
        title: Second
        max: 1
        inputs: {rate: {kind: percent}}
        rule: {kind: proportional, value: rate}
""",
    blocks="  - {code: appraisal, title: A, max: 2}\n",
)


def test_a_parent_is_the_sum_of_its_rounded_children_not_the_rounded_sum():
    framework = load_framework(TWO_HALVES, "two-halves.yaml")
    # Each child earns 0.00005 exactly: rounded 0.0001 each. Summing before rounding
    # would give 0.0001 for the parent; the Ministry's way gives 0.0002.
    card = score(framework, {"1.1": {"rate": "0.005"}, "1.2": {"rate": "0.005"}})
    assert card["1.1"].score == Decimal("0.0001")
    assert card["1"].score == Decimal("0.0002")
    assert card.total == Decimal("0.0002")


def test_the_seeds_procedure_area_adds_its_rounded_sub_criteria(lao_cai_card):
    assert lao_cai_card["3.4"].score == Decimal("1.4628") + Decimal("1.4823") + Decimal("0.9987")
    assert lao_cai_card["3"].score == Decimal("13.4438")
