"""Invariants over random valid inputs: a score stays within [0, max], rules that should be
monotone are, and every total is the sum of its parts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import framework_text, one_leaf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.core.loader import load_framework
from parindex.core.model import Framework, InputSpec, Node
from parindex.core.relations import node_relations
from parindex.core.scoring import Scorecard, score
from parindex.frameworks import find

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

EVERY_KIND = framework_text(
    """\
  - code: "1"
    title: Every rule kind
    max: 14.5
    children:
      - code: "1.1"
        title: proportional, fraction
        max: 1.5
        inputs: {n: {kind: count}, d: {kind: count}}
        rule: {kind: proportional, numerator: n, denominator: d}
      - code: "1.2"
        title: proportional, percent
        max: 1
        inputs: {rate: {kind: percent}}
        rule: {kind: proportional, value: rate}
      - code: "1.3"
        title: threshold proportional
        max: 0.5
        inputs: {n: {kind: count}, d: {kind: count}}
        rule: {kind: threshold_proportional, numerator: n, denominator: d, target: 80}
      - code: "1.4"
        title: base plus proportional
        max: 1
        inputs: {n: {kind: money}, d: {kind: money}}
        rule: {kind: base_proportional, base: 0.25, numerator: n, denominator: d, when_zero: zero}
      - code: "1.5"
        title: bands
        max: 1
        inputs: {n: {kind: count}, d: {kind: count}}
        rule:
          kind: bands
          numerator: n
          denominator: d
          bands:
            - {from: 0, to: 50, points: 0}
            - {from: 50, to: 100, points: 0.5}
            - {from: 100, to: null, points: 1}
      - code: "1.6"
        title: compare with the previous year
        max: 1
        inputs: {value: {kind: number}, before: {kind: number}}
        rule: {kind: compare_previous, value: value, previous: before, or_equal: true}
      - code: "1.7"
        title: compare with last year's inputs
        max: 1
        inputs: {value: {kind: percent}}
        rule: {kind: compare_previous, value: value}
      - code: "1.8"
        title: yes or no
        max: 0.75
        inputs: {done: {kind: yes_no}}
        rule: {kind: yes_no, input: done, 'no': 0.25}
      - code: "1.9"
        title: choice
        max: 1
        inputs: {level: {kind: choice, choices: [tot, kha, yeu]}}
        rule: {kind: choice, input: level, points: {tot: 1, kha: 0.5, yeu: 0}}
      - code: "1.10"
        title: bonus
        max: 1
        inputs: {items: {kind: count}}
        rule: {kind: bonus, input: items, per: 0.3}
      - code: "1.11"
        title: penalty
        max: 1
        inputs: {items: {kind: count}}
        rule: {kind: penalty, input: items, per: 0.3}
      - code: "1.12"
        title: formula
        max: 2
        inputs: {a: {kind: number}, b: {kind: number}, ok: {kind: yes_no}}
        rule: {kind: formula, expr: 'MAX * a / (b + 1) - 0.1 if ok else min(a, b)'}
      - code: "1.13"
        title: manual
        max: 1.75
        rule: {kind: manual}
  - code: "2"
    title: Nested, part scored by the Ministry
    max: 3
    children:
      - code: "2.1"
        title: Criterion
        max: 2
        children:
          - code: "2.1.1"
            title: Leaf
            max: 1
            inputs: {n: {kind: count}, d: {kind: count}}
            rule: {kind: proportional, numerator: n, denominator: d}
          - {code: "2.1.2", title: Leaf, max: 1, rule: {kind: manual}}
      - {code: "2.2", title: Ministry, max: 1, scored_by: ministry, rule: {kind: manual}}
  - code: "S"
    title: Survey
    max: 2
    block: survey
    scored_by: survey
    children:
      - {code: "S.1", title: Survey, max: 2, rule: {kind: manual}}
""",
    blocks="  - {code: appraisal, title: A, max: 17.5}\n  - {code: survey, title: S, max: 2}\n",
)


def value_of(spec: InputSpec, max_points: Decimal) -> st.SearchStrategy[object]:
    """Any valid raw value of an input of this kind."""
    return {
        "count": st.integers(0, 10**7),
        "money": st.decimals(0, 10**7, places=3),
        "percent": st.decimals(0, 100, places=4),
        "number": st.decimals(-1000, 1000, places=3),
        "yes_no": st.booleans(),
        "choice": st.sampled_from(spec.choices or ("",)),
        "points": st.decimals(0, max_points, places=4),
    }[spec.kind]


def within_relations(leaf: Node, values: dict[str, object]) -> dict[str, object]:
    """Values that keep the leaf's "≤" relations (a part never above its whole): swap the two."""
    for rel in node_relations(leaf):
        left, right = values.get(rel.left), values.get(rel.right)
        if rel.op == "<=" and left is not None and right is not None and left > right:
            values[rel.left], values[rel.right] = right, left
    return values


def inputs_for(framework: Framework, *, allow_missing: bool = True) -> st.SearchStrategy:
    """Random valid inputs for every leaf, some left empty (None) when allowed."""
    leaves = {}
    for leaf in framework.leaves():
        fields = {}
        for spec in leaf.inputs:
            value = value_of(spec, leaf.max)
            fields[spec.name] = st.one_of(st.none(), value) if allow_missing else value
        leaves[leaf.code] = st.fixed_dictionaries(fields).map(
            lambda values, leaf=leaf: within_relations(leaf, values)
        )
    return st.fixed_dictionaries(leaves)


def assert_within_bounds_and_summed(card: Scorecard) -> None:
    framework = card.framework
    for node in framework.walk():
        points = card[node.code].score
        assert 0 <= points <= node.max, node.code
        if node.is_leaf:
            assert points == points.quantize(Decimal("0.0001")), node.code
        else:
            assert points == sum(card[c.code].score for c in node.children), node.code
    assert card.total == sum(area.score for area in card.areas())
    parts = [card.total_by(who) for who in ("self", "ministry", "survey")]
    assert sum(p[0] for p in parts) == card.total
    assert sum(p[1] for p in parts) == card.max == framework.max


every_kind = load_framework(EVERY_KIND, "every-kind.yaml")
the_1149 = find("par-province-1149")


@PROPERTY_SETTINGS
@given(inputs=inputs_for(every_kind), previous=inputs_for(every_kind))
def test_every_rule_kind_scores_within_zero_and_max_and_parents_add_up(inputs, previous):
    assert_within_bounds_and_summed(score(every_kind, inputs, previous))


@PROPERTY_SETTINGS
@given(inputs=inputs_for(the_1149, allow_missing=False))
def test_any_province_scored_with_the_1149_framework_adds_up(inputs):
    card = score(the_1149, inputs)
    assert_within_bounds_and_summed(card)
    assert card.total_by("self")[1] == 65


FRACTION_RULES = {
    "proportional": "{kind: proportional, numerator: n, denominator: d}",
    "threshold_proportional": "{kind: threshold_proportional, numerator: n, denominator: d, "
    "target: 75}",
    "base_proportional": "{kind: base_proportional, base: 0.4, numerator: n, denominator: d}",
}
FRACTION_LEAVES = {
    kind: one_leaf(rule, "{n: {kind: count}, d: {kind: count}}", "1.5")
    for kind, rule in FRACTION_RULES.items()
}


@pytest.mark.parametrize("kind", sorted(FRACTION_LEAVES))
@settings(max_examples=40, deadline=None)
@given(
    denominator=st.integers(0, 10**6),
    shares=st.lists(st.fractions(0, 1), min_size=2, max_size=2).map(sorted),
)
def test_more_in_the_numerator_never_gives_fewer_points(kind, denominator, shares):
    framework = FRACTION_LEAVES[kind]
    numerators = [int(denominator * share) for share in shares]  # never above the denominator
    low, high = (
        score(framework, {"1.1": {"n": n, "d": denominator}})["1.1"].score for n in numerators
    )
    assert 0 <= low <= high <= Decimal("1.5")


MANUAL = one_leaf("{kind: manual}", max="2.5")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.decimals(0, Decimal("2.5"), places=4), min_size=2, max_size=2).map(sorted))
def test_more_manual_points_never_give_fewer_points(points):
    low, high = (score(MANUAL, {"1.1": {"points": p}})["1.1"].score for p in points)
    assert (low, high) == tuple(points)
