"""Relations between inputs: implied by a rule, declared in a framework, refused when broken."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import ONE_LEAF, one_leaf

from parindex.core.checks import Stated, StatedNode, check
from parindex.core.errors import FrameworkError, InputError
from parindex.core.loader import load_framework
from parindex.core.model import Relation
from parindex.core.relations import node_relations
from parindex.core.scoring import score
from parindex.frameworks import find
from parindex.io.framework_yaml import dump_framework_yaml, load_framework_yaml
from parindex.presentation.text import contradiction_text, problem_text

COUNTS = (
    '{on_time: {kind: count, title: "Số hồ sơ giải quyết đúng hạn"}, '
    'total: {kind: count, title: "Số hồ sơ tiếp nhận"}}'
)
PROPORTIONAL = "{kind: proportional, numerator: on_time, denominator: total}"


def declared(relations: str, rule: str = "{kind: manual}", inputs: str = "") -> str:
    """A one-leaf framework whose leaf declares ``relations``."""
    inputs = inputs or "{online: {kind: count, title: Trực tuyến}, received: {kind: count}}"
    text = ONE_LEAF.format(max="1", inputs=inputs, rule=rule)
    return text.replace("        rule:", f"        relations: {relations}\n        rule:")


def refusal(framework, values) -> list:
    with pytest.raises(InputError) as caught:
        score(framework, {"1.1": values})
    return caught.value.problems


# --- implied by the rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [
        PROPORTIONAL,
        "{kind: threshold_proportional, numerator: on_time, denominator: total, target: 50}",
        "{kind: base_proportional, base: 0.5, numerator: on_time, denominator: total}",
    ],
)
def test_every_proportional_kind_implies_numerator_at_most_denominator(rule):
    node = one_leaf(rule, COUNTS)["1.1"]
    assert node_relations(node) == (Relation("on_time", "<=", "total", origin="rule"),)


def test_the_seeds_dossier_figures_with_numerator_above_denominator_are_refused_in_words():
    (problem,) = refusal(one_leaf(PROPORTIONAL, COUNTS), {"on_time": 301893, "total": 201893})
    assert problem_text(problem) == (
        "1.1: Số hồ sơ giải quyết đúng hạn (301.893) không được lớn hơn Số hồ sơ tiếp nhận "
        "(201.893)"
    )
    assert problem_text(problem, "en") == (
        "1.1: Số hồ sơ giải quyết đúng hạn (301,893) cannot be greater than Số hồ sơ tiếp nhận "
        "(201,893)"
    )


def test_a_numerator_equal_to_its_denominator_or_one_side_missing_is_accepted():
    framework = one_leaf(PROPORTIONAL, COUNTS, "1.5")
    assert score(framework, {"1.1": {"on_time": 5, "total": 5}})["1.1"].score == Decimal("1.5")
    assert not score(framework, {"1.1": {"on_time": 301893}})["1.1"].complete


def test_the_shipped_1149_refuses_301893_on_time_out_of_201893_received():
    with pytest.raises(InputError) as caught:
        score(find("par-province-1149"), {"3.4.3": {"on_time": "301.893", "total": "201.893"}})
    assert [problem_text(p) for p in caught.value.problems] == [
        "3.4.3: Số hồ sơ giải quyết đúng hạn (301.893) không được lớn hơn Tổng số hồ sơ đã "
        "giải quyết (201.893)"
    ]


# --- declared in the framework --------------------------------------------------------------


def test_a_framework_declares_a_relation_the_rule_does_not_imply():
    framework = load_framework(declared('[{left: online, op: "<=", right: received}]'))
    assert framework["1.1"].relations == (Relation("online", "<=", "received"),)
    (problem,) = refusal(framework, {"online": 12, "received": 10, "points": 1})
    assert problem.params["origin"] == "framework"
    assert problem_text(problem) == "1.1: Trực tuyến (12) không được lớn hơn received (10)"


@pytest.mark.parametrize(
    ("op", "right", "values", "vi", "en"),
    [
        ("<", "received", {"online": 10, "received": 10}, "phải nhỏ hơn", "must be less than"),
        (">=", "received", {"online": 9, "received": 10}, "không được nhỏ hơn", "cannot be less"),
        (">", "received", {"online": 10, "received": 10}, "phải lớn hơn", "must be greater"),
        ("=", "received", {"online": 9, "received": 10}, "phải bằng", "must equal"),
        ("<=", "5000", {"online": 5001}, "không được lớn hơn 5.000", "greater than 5,000"),
    ],
)
def test_each_operator_is_checked_and_worded(op, right, values, vi, en):
    framework = load_framework(declared(f'[{{left: online, op: "{op}", right: {right}}}]'))
    (problem,) = refusal(framework, {**values, "points": 1})
    assert vi in problem_text(problem) and en in problem_text(problem, "en")


def test_a_relation_naming_an_undeclared_input_is_a_framework_error_with_its_line():
    with pytest.raises(FrameworkError) as caught:
        load_framework(declared('[{left: offline, op: "<=", right: received}]'), "f.yaml")
    (problem,) = caught.value.problems
    assert (problem.code, problem.node, problem.params) == (
        "relation_unknown_input",
        "1.1",
        {"input": "offline"},
    )
    assert problem.line == 18  # the relations line


def test_a_relation_with_an_unknown_operator_is_a_schema_error():
    with pytest.raises(FrameworkError) as caught:
        load_framework(declared('[{left: online, op: "!=", right: received}]'))
    assert [p.code for p in caught.value.problems] == ["schema"]


def test_declared_relations_survive_writing_the_framework_back_to_yaml():
    framework = load_framework(declared('[{left: online, op: "<=", right: 100}]'))
    text = dump_framework_yaml(framework)
    assert 'relations: [{left: online, op: "<=", right: 100}]' in text
    assert load_framework_yaml(text)["1.1"].relations == framework["1.1"].relations


def test_the_1149_declares_that_met_targets_are_among_those_set():
    with pytest.raises(InputError) as caught:
        score(find("par-province-1149"), {"8.6": {"met": 25, "targets": 24}})
    assert [problem_text(p) for p in caught.value.problems] == [
        "8.6: Số chỉ tiêu đạt và vượt kế hoạch (25) không được lớn hơn Tổng số chỉ tiêu HĐND "
        "tỉnh giao (24)"
    ]


# --- the consistency check -------------------------------------------------------------------


def test_the_consistency_check_reports_stated_inputs_that_break_a_relation():
    framework = one_leaf(PROPORTIONAL, COUNTS, "1.5")
    card = score(framework, {"1.1": {"on_time": 180840, "total": 185443}}, year=2020)
    stated = Stated(nodes={"1.1": StatedNode(inputs={"on_time": Decimal(301893)})})
    found = [c for c in check(card, stated) if c.code == "relation"]
    assert [(c.node, c.stated, c.computed) for c in found] == [
        ("1.1", Decimal(301893), Decimal(185443))
    ]
    assert contradiction_text(found[0]) == (
        "1.1: Số hồ sơ giải quyết đúng hạn (301.893) không được lớn hơn Số hồ sơ tiếp nhận "
        "(185.443)"
    )
