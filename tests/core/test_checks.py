"""The consistency check reports every stated figure that contradicts another, with both numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import framework_text

from parindex.core.checks import Stated, StatedNode, agrees, check
from parindex.core.loader import load_framework
from parindex.core.numbers import round4
from parindex.core.scoring import score


def found(contradictions):
    return [(c.code, c.node, c.stated, round4(c.computed)) for c in contradictions]


# --- the seed ----------------------------------------------------------------------------


def test_the_demo_lists_exactly_the_seeds_contradictions(lao_cai):
    data, card = lao_cai
    assert found(check(card, data.stated)) == [
        # 3.4.2: the seed prints 39.773 dossiers; 39.733 is what its rate and points need.
        ("input", "3.4.2", Decimal(39773), Decimal(39733)),
        ("rate_fraction", "3.4.2", Decimal("98.8221"), Decimal("98.7228")),
        ("input_score", "3.4.2", Decimal("1.4823"), Decimal("1.4808")),
        # area 7: the stated loss 0,6332 is not what the stated sub-criteria describe.
        ("parts", "7", Decimal("0.6332"), Decimal("0.6692")),
        # 7.1.9: the seed prints 0,6484; the rule (and the area total) give 0,6844.
        ("score", "7.1.9", Decimal("0.6484"), Decimal("0.6844")),
    ]


def test_a_rate_contradiction_shows_the_fraction_it_was_computed_from(lao_cai):
    data, card = lao_cai
    (item,) = [c for c in check(card, data.stated) if c.code == "rate_fraction"]
    assert item.params == {"numerator": Decimal(39265), "denominator": Decimal(39773)}


@pytest.mark.parametrize(
    "code", ["3", "3.4.1", "3.4.3", "6", "6.1.1", "6.1.3", "7.1.3", "7.2.1", "8", "8.6", ""]
)
def test_the_demo_has_no_contradiction_where_the_seed_agrees_with_itself(lao_cai, code):
    data, card = lao_cai
    assert [c for c in check(card, data.stated) if c.node == code] == []


@pytest.mark.parametrize(
    ("code", "stated", "computed"),
    [
        ("7.2.1", "36", "35.64"),  # "36 %": rounded to a whole percent
        ("7.1.9", "36.87", "36.879"),  # "36,87 %": truncated
        ("8.6", "95.83", "95.833"),  # "95,83 %": rounded
    ],
)
def test_the_demo_accepts_rates_the_seed_prints_rounded_or_truncated(
    lao_cai, code, stated, computed
):
    data, card = lao_cai
    assert data.stated.nodes[code].rate == Decimal(stated)
    assert str(card[code].reason.params["rate"]).startswith(computed)
    rate_codes = {"rate", "rate_fraction"}
    assert [c for c in check(card, data.stated) if c.node == code and c.code in rate_codes] == []


@pytest.mark.parametrize(
    ("stated", "computed", "agree"),
    [
        ("36", "35.64", True),  # 7.2.1: "36 %" is 35,64 % rounded to a whole percent
        ("36.87", "36.8794326", True),  # 7.1.9: truncated, as the seed prints it
        ("36.88", "36.8794326", True),  # rounded
        ("97.5178", "97.51783", True),
        ("98.8221", "98.7227516", False),
        ("0.6484", "0.6844", False),
        ("36.86", "36.8794326", False),
        ("34", "35.64", False),
    ],
)
def test_a_stated_figure_agrees_when_rounding_or_truncating_the_computed_one_gives_it(
    stated, computed, agree
):
    assert agrees(Decimal(stated), Decimal(computed)) is agree


# --- one case per contradiction code ------------------------------------------------------

SMALL = framework_text(
    """\
  - code: "1"
    title: Area one
    max: 2
    children:
      - code: "1.1"
        title: Dossiers on time
        max: 1
        inputs: {on_time: {kind: count}, total: {kind: count}}
        rule: {kind: proportional, numerator: on_time, denominator: total}
      - code: "1.2"
        title: Entered by hand
        max: 1
        rule: {kind: manual}
  - code: "2"
    title: Area two
    max: 1
    children:
      - code: "2.1"
        title: Entered by hand
        max: 1
        rule: {kind: manual}
""",
    blocks="  - {code: appraisal, title: A, max: 3}\n",
)


@pytest.fixture(scope="module")
def small_card():
    """1.1 = 75/100 → 0,75; 1.2 = 0,5; 2.1 = 1; area 1 = 1,25; total 2,25 of 3."""
    framework = load_framework(SMALL, "small.yaml")
    inputs = {"1.1": {"on_time": 75, "total": 100}, "1.2": {"points": "0.5"}, "2.1": {"points": 1}}
    return score(framework, inputs)


def S(**figures):  # a stated figure, as short as a table cell
    return StatedNode(**{k: (Decimal(str(v)) if k != "inputs" else v) for k, v in figures.items()})


def d(*values):
    return tuple(Decimal(str(v)) for v in values)


CASES = [
    pytest.param(
        Stated(nodes={"1.1": S(score="0.6")}),
        [("score", "1.1", *d("0.6", "0.75"))],
        id="score",
    ),
    pytest.param(
        Stated(nodes={"1.1": S(max="1.5")}),
        [("max", "1.1", *d("1.5", "1"))],
        id="max",
    ),
    pytest.param(
        Stated(nodes={"1.1": S(lost="0.5")}),
        [("lost", "1.1", *d("0.5", "0.25"))],
        id="lost",
    ),
    pytest.param(
        Stated(nodes={"1.1": S(rate=80)}),
        [("rate", "1.1", *d(80, 75))],
        id="rate",
    ),
    pytest.param(
        Stated(nodes={"1.1": S(rate=75, inputs={"on_time": Decimal(80), "total": Decimal(100)})}),
        [("input", "1.1", *d(80, 75)), ("rate_fraction", "1.1", *d(75, 80))],
        id="rate_fraction",
    ),
    pytest.param(
        Stated(nodes={"1.1": S(inputs={"total": Decimal(120)})}),
        [("input", "1.1", *d(120, 100))],
        id="input",
    ),
    pytest.param(
        Stated(nodes={"1.1": S(score="0.75", inputs={"total": Decimal(120)})}),
        [("input", "1.1", *d(120, 100)), ("input_score", "1.1", *d("0.75", "0.625"))],
        id="input_score",
    ),
    pytest.param(
        Stated(nodes={"1": S(lost="0.75"), "1.1": S(score="0.75"), "1.2": S(score="0.25")}),
        [("parts", "1", *d("0.75", "1")), ("score", "1.2", *d("0.25", "0.5"))],
        id="parts",
    ),
    pytest.param(
        Stated(total=Decimal("2.5")),
        [("total", "", *d("2.5", "2.25"))],
        id="total",
    ),
    pytest.param(
        Stated(total=Decimal("2.25"), total_max=Decimal(2)),
        [("total_max", "", *d(2, 3))],
        id="total_max",
    ),
    pytest.param(
        Stated(nodes={"1": S(score="1.25"), "2": S(score=1)}, total=Decimal("2.5")),
        [("total", "", *d("2.5", "2.25")), ("total_parts", "", *d("2.5", "2.25"))],
        id="total_parts",
    ),
]


@pytest.mark.parametrize(("stated", "expected"), CASES)
def test_each_kind_of_contradiction_is_reported_with_both_numbers(small_card, stated, expected):
    assert sorted(found(check(small_card, stated))) == sorted(expected)


def test_figures_that_agree_with_each_other_and_the_computation_give_no_contradiction(small_card):
    stated = Stated(
        nodes={
            "1": S(score="1.25", max=2, lost="0.75"),
            "1.1": S(
                score="0.75",
                max=1,
                lost="0.25",
                rate=75,
                inputs={"on_time": Decimal(75), "total": Decimal(100)},
            ),
            "1.2": S(score="0.5", max=1),
            "2": S(score=1, max=1),
        },
        total=Decimal("2.25"),
        total_max=Decimal(3),
    )
    assert check(small_card, stated) == []


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (Stated(nodes={"1.1": S(score=1)}), [("score", "1.1", *d(1, "0.75"))]),
        (Stated(total=Decimal(2)), [("total", "", *d(2, "2.25"))]),
        (Stated(nodes={"1.1": S(lost=0)}), [("lost", "1.1", *d(0, "0.25"))]),
        (Stated(nodes={"1.1": S(score="0.7")}), [("score", "1.1", *d("0.7", "0.75"))]),
        (Stated(nodes={"1.1": S(lost="0.3")}), [("lost", "1.1", *d("0.3", "0.25"))]),
        (Stated(total=Decimal("2.3")), [("total", "", *d("2.3", "2.25"))]),
    ],
)
def test_stated_points_are_compared_to_four_decimals_not_to_the_digits_written(
    small_card, stated, expected
):
    assert found(check(small_card, stated)) == expected


def test_stated_figures_for_a_node_the_framework_lacks_are_an_error(lao_cai_card):
    from parindex.core.errors import InputError

    stated = Stated(nodes={"6.13": StatedNode(score=Decimal("0.6474"))})
    with pytest.raises(InputError) as raised:
        check(lao_cai_card, stated)
    assert [p.node for p in raised.value.problems] == ["6.13"]
