"""Every rule kind, table-driven, with the seed's figures where the seed has them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import leaf_score, one_leaf

from parindex.core.errors import FormulaError, FrameworkError, InputError
from parindex.core.formula import Formula
from parindex.core.scoring import score

COUNTS = "{on_time: {kind: count}, total: {kind: count}}"
PROPORTIONAL = "{kind: proportional, numerator: on_time, denominator: total}"
MONEY = "{disbursed: {kind: money}, planned: {kind: money}}"
PERCENT = "{rate: {kind: percent}}"
GROWTH = "{growth: {kind: number}, growth_previous: {kind: number}}"
COMPARE = "{kind: compare_previous, value: growth, previous: growth_previous}"
TARGETS = "{met: {kind: count}, targets: {kind: count}}"
BANDS_8_6 = (
    "{kind: bands, numerator: met, denominator: targets, bands: ["
    "{from: 100, to: null, points: 1}, {from: 80, to: 100, points: 0.5}, "
    "{from: 0, to: 80, points: 0}]}"
)


# --- the seed's figures ------------------------------------------------------------------

SEED_FIGURES = [
    pytest.param(
        "1.5",
        COUNTS,
        PROPORTIONAL,
        {"on_time": 180840, "total": 185443},
        "1.4628",
        "rate",
        id="3.4.1 dossiers on time 180840/185443 of 1.5",
    ),
    pytest.param(
        "1",
        COUNTS,
        PROPORTIONAL,
        {"on_time": 201628, "total": 201893},
        "0.9987",
        "rate",
        id="3.4.3 dossiers on time 201628/201893 of 1",
    ),
    pytest.param(
        "1",
        MONEY,
        "{kind: proportional, numerator: disbursed, denominator: planned}",
        {"disbursed": 5428326, "planned": 5641170},
        "0.9623",
        "rate",
        id="6.1.1 investment disbursed 5428326/5641170",
    ),
    pytest.param(
        "1",
        MONEY,
        "{kind: proportional, numerator: disbursed, denominator: planned}",
        {"disbursed": "425.827", "planned": "657.725"},
        "0.6474",
        "rate",
        id="6.1.3 audit money paid back 425.827/657.725",
    ),
    pytest.param(
        "1",
        PERCENT,
        "{kind: proportional, value: rate}",
        {"rate": "82.598"},
        "0.8260",
        "rate",
        id="7.1.3 documents exchanged electronically 82.598 %",
    ),
    pytest.param(
        "1",
        COUNTS,
        "{kind: base_proportional, base: 0.5, numerator: on_time, denominator: total}",
        {"on_time": 416, "total": 1128},
        "0.6844",
        "rate",
        id="7.1.9 services integrated 416/1128 on base 0.5",
    ),
    pytest.param(
        "0.5",
        PERCENT,
        "{kind: threshold_proportional, value: rate, target: 50}",
        {"rate": "35.64"},
        "0.3564",
        "rate_below_target",
        id="7.2.1 procedures with online dossiers 35.64 % below the 50 % target",
    ),
    pytest.param(
        "1",
        GROWTH,
        COMPARE,
        {"growth": "77.6", "growth_previous": 100},
        "0",
        "not_higher",
        id="8.2 investment 77.6 % of last year",
    ),
    pytest.param(
        "1",
        GROWTH,
        COMPARE,
        {"growth": "6.55", "growth_previous": "10.32"},
        "0",
        "not_higher",
        id="8.5 GRDP growth 6.55 % after 10.32 %",
    ),
    pytest.param(
        "1",
        TARGETS,
        BANDS_8_6,
        {"met": 23, "targets": 24},
        "0.5",
        "band",
        id="8.6 targets met 23/24",
    ),
]


@pytest.mark.parametrize(("max", "inputs", "rule", "values", "points", "reason"), SEED_FIGURES)
def test_the_seeds_figures_give_the_seeds_points(max, inputs, rule, values, points, reason):
    leaf = leaf_score(one_leaf(rule, inputs, max), values)
    assert leaf.score == Decimal(points)
    assert leaf.reason.code == reason
    assert leaf.complete


# --- proportional ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on_time", "total", "points"),
    [
        (180840, 185443, "1.4628"),
        (185443, 185443, "1.5"),
        (0, 185443, "0"),
    ],
)
def test_proportional_gives_max_times_the_rate(on_time, total, points):
    framework = one_leaf(PROPORTIONAL, COUNTS, "1.5")
    assert leaf_score(framework, {"on_time": on_time, "total": total}).score == Decimal(points)


def test_proportional_refuses_a_numerator_above_its_denominator():
    framework = one_leaf(PROPORTIONAL, COUNTS, "1.5")
    with pytest.raises(InputError) as caught:
        score(framework, {"1.1": {"on_time": 301893, "total": 201893}})
    (problem,) = caught.value.problems
    assert (problem.code, problem.node) == ("relation", "1.1")
    assert problem.params == {
        "input": "on_time",
        "left": "on_time",
        "op": "<=",
        "right": "total",
        "left_value": Decimal(301893),
        "right_value": Decimal(201893),
        "origin": "rule",
    }


def test_proportional_that_may_exceed_caps_the_rate_at_max():
    rule = "{kind: proportional, numerator: on_time, denominator: total, may_exceed: true}"
    framework = one_leaf(rule, COUNTS, "1.5")
    assert leaf_score(framework, {"on_time": 200, "total": 100}).score == Decimal("1.5")


def test_proportional_reason_carries_the_fraction_and_the_rate():
    leaf = leaf_score(one_leaf(PROPORTIONAL, COUNTS, "1.5"), {"on_time": 180840, "total": 185443})
    params = leaf.reason.params
    assert params["numerator"] == 180840
    assert params["denominator"] == 185443
    assert round(params["rate"], 4) == Decimal("97.5178")


@pytest.mark.parametrize(
    ("when_zero", "points"),
    [("", "1"), (", when_zero: full", "1"), (", when_zero: zero", "0")],
)
def test_proportional_with_nothing_to_measure_follows_when_zero(when_zero, points):
    rule = "{kind: proportional, numerator: on_time, denominator: total" + when_zero + "}"
    leaf = leaf_score(one_leaf(rule, COUNTS), {"on_time": 0, "total": 0})
    assert leaf.score == Decimal(points)
    assert leaf.reason.code == "no_denominator"


# --- threshold proportional --------------------------------------------------------------

THRESHOLD = "{kind: threshold_proportional, value: rate, target: 50}"


@pytest.mark.parametrize(
    ("rate", "points", "reason"),
    [
        ("35.64", "0.3564", "rate_below_target"),
        ("0", "0", "rate_below_target"),
        ("49.99", "0.4999", "rate_below_target"),
        ("50", "0.5", "rate_meets_target"),
        ("73", "0.5", "rate_meets_target"),
        ("100", "0.5", "rate_meets_target"),
    ],
)
def test_threshold_proportional_is_full_at_or_above_the_target(rate, points, reason):
    leaf = leaf_score(one_leaf(THRESHOLD, PERCENT, "0.5"), {"rate": rate})
    assert leaf.score == Decimal(points)
    assert leaf.reason.code == reason
    assert leaf.reason.params["target"] == 50


def test_threshold_proportional_also_reads_a_fraction():
    rule = "{kind: threshold_proportional, numerator: on_time, denominator: total, target: 80}"
    framework = one_leaf(rule, COUNTS)
    assert leaf_score(framework, {"on_time": 40, "total": 100}).score == Decimal("0.5")
    assert leaf_score(framework, {"on_time": 80, "total": 100}).score == Decimal(1)


# --- base plus proportional --------------------------------------------------------------

BASE = "{kind: base_proportional, base: 0.5, numerator: on_time, denominator: total}"


@pytest.mark.parametrize(
    ("on_time", "total", "points"),
    [(416, 1128, "0.6844"), (0, 1128, "0.5"), (1128, 1128, "1"), (0, 0, "1")],
)
def test_base_proportional_gives_the_base_plus_the_rest_times_the_rate(on_time, total, points):
    leaf = leaf_score(one_leaf(BASE, COUNTS), {"on_time": on_time, "total": total})
    assert leaf.score == Decimal(points)


def test_base_proportional_with_nothing_to_measure_and_when_zero_zero_keeps_the_base():
    rule = BASE.replace("}", ", when_zero: zero}")
    assert leaf_score(one_leaf(rule, COUNTS), {"on_time": 0, "total": 0}).score == Decimal("0.5")


# --- comparison with the previous year ----------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "growth", "before", "points", "reason"),
    [
        (COMPARE, "77.6", "100", "0", "not_higher"),
        (COMPARE, "6.55", "10.32", "0", "not_higher"),
        (COMPARE, "10.33", "10.32", "1", "higher"),
        (COMPARE, "10.32", "10.32", "0", "not_higher"),
        (COMPARE.replace("}", ", or_equal: true}"), "10.32", "10.32", "1", "higher"),
        (COMPARE.replace("}", ", or_equal: true}"), "10.31", "10.32", "0", "not_higher"),
        (COMPARE, "-1.5", "-2", "1", "higher"),  # a smaller contraction is still higher
    ],
)
def test_compare_previous_gives_full_only_when_higher_than_last_year(
    rule, growth, before, points, reason
):
    leaf = leaf_score(one_leaf(rule, GROWTH), {"growth": growth, "growth_previous": before})
    assert leaf.score == Decimal(points)
    assert leaf.reason.code == reason


def test_compare_previous_reports_this_year_as_a_percentage_of_last_year():
    leaf = leaf_score(one_leaf(COMPARE, GROWTH), {"growth": "77.6", "growth_previous": 100})
    assert leaf.reason.params == {
        "value": Decimal("77.6"),
        "previous": Decimal(100),
        "ratio": Decimal("77.6"),
    }


OWN_INPUT = "{growth: {kind: number}}"
LAST_YEARS_INPUTS = "{kind: compare_previous, value: growth}"


@pytest.mark.parametrize(
    ("growth", "last_year", "points"),
    [("7", "6", "1"), ("6", "7", "0"), ("6", "6", "0")],
)
def test_compare_previous_without_a_previous_input_reads_last_years_inputs(
    growth, last_year, points
):
    framework = one_leaf(LAST_YEARS_INPUTS, OWN_INPUT)
    leaf = leaf_score(framework, {"growth": growth}, previous={"growth": last_year})
    assert leaf.score == Decimal(points)
    assert leaf.complete


def test_compare_previous_without_last_years_value_is_incomplete_with_no_points():
    leaf = leaf_score(one_leaf(LAST_YEARS_INPUTS, OWN_INPUT), {"growth": "7"})
    assert leaf.score == 0
    assert not leaf.complete
    assert leaf.reason.code == "missing_previous"


def test_compare_previous_with_its_previous_input_left_empty_is_incomplete():
    leaf = leaf_score(one_leaf(COMPARE, GROWTH), {"growth": "7"})
    assert leaf.score == 0
    assert not leaf.complete
    assert leaf.reason.code == "missing_input"
    assert leaf.reason.params["inputs"] == ("growth_previous",)


# --- bands -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("met", "targets", "points", "band"),
    [
        (23, 24, "0.5", (80, 100)),
        (24, 24, "1", (100, None)),
        (25, 24, "1", (100, None)),  # above 100 % is still the top band
        (80, 100, "0.5", (80, 100)),  # 'from' is inclusive
        (7999, 10000, "0", (0, 80)),  # 'to' is exclusive
        (9999, 10000, "0.5", (80, 100)),
        (0, 24, "0", (0, 80)),
    ],
)
def test_bands_give_the_points_of_the_band_the_rate_falls_in(met, targets, points, band):
    leaf = leaf_score(one_leaf(BANDS_8_6, TARGETS), {"met": met, "targets": targets})
    assert leaf.score == Decimal(points)
    assert leaf.reason.code == "band"
    assert (leaf.reason.params["band_from"], leaf.reason.params["band_to"]) == band


def test_bands_can_read_a_percentage_directly():
    rule = (
        "{kind: bands, value: rate, bands: [{from: null, to: 50, points: 0}, "
        "{from: 50, to: null, points: 1}]}"
    )
    framework = one_leaf(rule, PERCENT)
    assert leaf_score(framework, {"rate": "49.9"}).score == 0
    assert leaf_score(framework, {"rate": "50"}).score == 1


# --- yes/no and choice -------------------------------------------------------------------

YES_NO_INPUT = "{done: {kind: yes_no}}"


@pytest.mark.parametrize(
    ("rule", "answer", "points", "reason"),
    [
        ("{kind: yes_no, input: done}", True, "0.75", "yes"),
        ("{kind: yes_no, input: done}", False, "0", "no"),
        ("{kind: yes_no, input: done}", "có", "0.75", "yes"),
        ("{kind: yes_no, input: done}", "không", "0", "no"),
        ("{kind: yes_no, input: done, 'yes': 0.5, 'no': 0.25}", "yes", "0.5", "yes"),
        ("{kind: yes_no, input: done, 'yes': 0.5, 'no': 0.25}", "no", "0.25", "no"),
    ],
)
def test_yes_no_gives_its_points_for_yes_and_for_no(rule, answer, points, reason):
    leaf = leaf_score(one_leaf(rule, YES_NO_INPUT, "0.75"), {"done": answer})
    assert leaf.score == Decimal(points)
    assert leaf.reason.code == reason


def test_yes_no_points_can_be_written_with_unquoted_yes_and_no_keys():
    rule = "{kind: yes_no, input: done, yes: 0.5, no: 0.25}"
    framework = one_leaf(rule, YES_NO_INPUT, "0.75")
    assert leaf_score(framework, {"done": "no"}).score == Decimal("0.25")


def test_yes_no_refuses_an_answer_that_is_neither():
    with pytest.raises(InputError) as excinfo:
        leaf_score(one_leaf("{kind: yes_no, input: done}", YES_NO_INPUT), {"done": "maybe"})
    assert [p.code for p in excinfo.value.problems] == ["bad_value"]


LEVEL_INPUT = "{level: {kind: choice, choices: [tot, kha, yeu]}}"
LEVEL_RULE = "{kind: choice, input: level, points: {tot: 1, kha: 0.5, yeu: 0}}"


@pytest.mark.parametrize(("option", "points"), [("tot", "1"), ("kha", "0.5"), ("yeu", "0")])
def test_choice_gives_the_points_of_the_option_chosen(option, points):
    leaf = leaf_score(one_leaf(LEVEL_RULE, LEVEL_INPUT), {"level": option})
    assert leaf.score == Decimal(points)
    assert leaf.reason.params == {"option": option}


def test_choice_refuses_an_option_the_input_does_not_offer():
    with pytest.raises(InputError) as excinfo:
        leaf_score(one_leaf(LEVEL_RULE, LEVEL_INPUT), {"level": "xuat_sac"})
    assert excinfo.value.problems[0].node == "1.1"


# --- bonus and penalty -------------------------------------------------------------------

COUNT_INPUT = "{items: {kind: count}}"


@pytest.mark.parametrize(
    ("items", "points"), [(0, "0"), (1, "0.25"), (3, "0.75"), (4, "1"), (40, "1")]
)
def test_bonus_gives_per_item_up_to_the_maximum(items, points):
    leaf = leaf_score(
        one_leaf("{kind: bonus, input: items, per: 0.25}", COUNT_INPUT), {"items": items}
    )
    assert leaf.score == Decimal(points)


@pytest.mark.parametrize(
    ("items", "points", "deduction"),
    [(0, "1", "0"), (1, "0.75", "0.25"), (4, "0", "1"), (9, "0", "1")],
)
def test_penalty_deducts_per_item_and_never_goes_below_zero(items, points, deduction):
    rule = "{kind: penalty, input: items, per: 0.25}"
    leaf = leaf_score(one_leaf(rule, COUNT_INPUT), {"items": items})
    assert leaf.score == Decimal(points)
    assert leaf.reason.params["deduction"] == Decimal(deduction)


# --- formula -----------------------------------------------------------------------------

AB = "{a: {kind: number}, b: {kind: number}}"


@pytest.mark.parametrize(
    ("expr", "a", "b", "points"),
    [
        ("a + b", "0.25", "0.5", "0.75"),
        ("MAX * a / b", "1", "4", "0.5"),
        ("a - b", "1", "0.5", "0.5"),
        ("min(a, b)", "0.3", "0.7", "0.3"),
        ("max(a, b) / 10", "3", "7", "0.7"),
        ("abs(a - b)", "0.2", "0.9", "0.7"),
        ("MAX if a >= b else MAX / 2", "5", "5", "2"),
        ("MAX if a >= b else MAX / 2", "4", "5", "1"),
        ("(a > b) * MAX", "6", "5", "2"),
        ("-a + b", "0.5", "1", "0.5"),
        ("a * b", "10", "10", "2"),  # clamped to the maximum
        ("a - b", "0", "1", "0"),  # never below zero
    ],
)
def test_formula_computes_arithmetic_over_named_inputs_within_zero_and_max(expr, a, b, points):
    leaf = leaf_score(one_leaf(f"{{kind: formula, expr: '{expr}'}}", AB, "2"), {"a": a, "b": b})
    assert leaf.score == Decimal(points)
    assert leaf.complete


@pytest.mark.parametrize("expr", ["a / b", "a / (b - b)", "(a - a) / (b - b)"])
def test_formula_division_by_zero_leaves_the_leaf_incomplete(expr):
    leaf = leaf_score(one_leaf(f"{{kind: formula, expr: '{expr}'}}", AB), {"a": "1", "b": "0"})
    assert leaf.score == 0
    assert not leaf.complete
    assert leaf.reason.code == "formula_error"


def test_formula_naming_an_undeclared_input_is_a_load_error():
    with pytest.raises(FrameworkError) as excinfo:
        one_leaf("{kind: formula, expr: 'a + c'}", AB)
    problem = excinfo.value.problems[0]
    assert (problem.code, problem.node) == ("unknown_input", "1.1")
    assert "'c'" in problem.message


DANGEROUS = [
    "__import__('os')",
    "__import__('os').system('true')",
    "a.__class__",
    "(lambda: 1)()",
    "'text'",
    "b'bytes'",
    "open('/etc/passwd')",
    "eval('1')",
    "a ** 2",
    "a // b",
    "a % b",
    "[a, b]",
    "{'a': 1}",
    "a if True else b",
    "a[0]",
    "(c := 1)",
    "not a",
    "a and b",
    "a | b",
    "min(a, key=b)",
    "min()",
    "a +",
    "x" * 501,
]


@pytest.mark.parametrize("expr", DANGEROUS)
def test_formula_refuses_anything_but_arithmetic(expr):
    with pytest.raises(FormulaError):
        Formula(expr)


@pytest.mark.parametrize("expr", ["__import__('os')", "a.__class__", "(lambda: 1)()", "'x'"])
def test_a_framework_with_a_dangerous_formula_does_not_load(expr):
    quoted = expr.replace("'", "''")
    with pytest.raises(FrameworkError) as excinfo:
        one_leaf(f"{{kind: formula, expr: '{quoted}'}}", AB)
    assert [p.code for p in excinfo.value.problems] == ["formula_invalid"]


def test_formula_names_are_the_variables_it_reads():
    assert Formula("MAX * min(a, b) / c").names == {"MAX", "a", "b", "c"}


# --- manual ------------------------------------------------------------------------------


@pytest.mark.parametrize("points", ["0", "0.5", "1.4999", "1.5"])
def test_manual_takes_the_points_the_assessor_enters_up_to_the_maximum(points):
    leaf = leaf_score(one_leaf("{kind: manual}", max="1.5"), {"points": points})
    assert leaf.score == Decimal(points)
    assert leaf.reason.code == "manual"


@pytest.mark.parametrize(("points", "why"), [("1.5001", "above the maximum"), ("-1", "negative")])
def test_manual_points_outside_zero_and_max_are_an_input_error(points, why):
    with pytest.raises(InputError) as excinfo:
        leaf_score(one_leaf("{kind: manual}", max="1.5"), {"points": points})
    (problem,) = excinfo.value.problems
    assert (problem.code, problem.node) == ("bad_value", "1.1")
    assert why in problem.message


def test_a_leaf_without_its_inputs_is_incomplete_with_no_points():
    leaf = leaf_score(one_leaf(PROPORTIONAL, COUNTS), {"on_time": 5})
    assert (leaf.score, leaf.complete, leaf.reason.code) == (0, False, "missing_input")
    assert leaf.reason.params["inputs"] == ("total",)
