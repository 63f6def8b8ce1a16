"""Satisfaction indices against hand-computed examples, comparisons and framework inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.surveys import (
    Choice,
    IndexMethod,
    Question,
    Response,
    Survey,
    compare_previous,
    compare_target,
    compute_results,
    framework_inputs,
    group_index,
    read_responses,
    wilson,
)
from parindex.surveys.results import SIPAS_FEEDS as FEEDS
from parindex.surveys.results import Estimate

SCALE = tuple(Choice(str(i)) for i in range(1, 6))
MINI = Survey(
    "mini",
    "Mini",
    questions=(
        Question("select_one", "unit", list_name="units"),
        Question(
            "select_one", "a1", list_name="scale", sipas_factor="access", sipas_kind="satisfaction"
        ),
        Question(
            "select_one", "a2", list_name="scale", sipas_factor="access", sipas_kind="satisfaction"
        ),
        Question(
            "select_one",
            "p1",
            list_name="scale",
            sipas_factor="procedure",
            sipas_kind="satisfaction",
        ),
        Question("select_one", "all", list_name="scale", sipas_kind="satisfaction"),
        Question("select_multiple", "improve", list_name="asp", sipas_kind="expectation"),
    ),
    choices={
        "scale": SCALE,
        "units": (Choice("u1"), Choice("u2")),
        "asp": (Choice("x"), Choice("y"), Choice("z")),
    },
)


def resp(i: int, **answers: object) -> Response:
    """Return response number `i` with the given answers."""
    return Response(f"r{i}", None, dict(answers))


def q4(value: Decimal | None) -> Decimal | None:
    """Round to 4 decimals, as a report prints shares."""
    return None if value is None else value.quantize(Decimal("0.0001"))


def test_seven_satisfied_of_ten_is_70_percent_with_the_wilson_interval():
    # Ten respondents answer one item: 7 say 4 or 5, 3 say 1–3.
    answers = ["5", "4", "4", "5", "4", "4", "5", "3", "2", "1"]
    g = group_index(MINI, [resp(i, p1=a) for i, a in enumerate(answers)])
    est = g.factors["procedure"]
    assert est.value == Decimal("0.7") and est.answers == 10 and est.respondents == 10
    # Wilson, p = 0.7, n = 10, z = 1.959964 (z² = 3.841459):
    #   centre = (p + z²/2n) / (1 + z²/n) = (0.7 + 0.192073) / 1.384146 = 0.644494
    #   half   = z · sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n)
    #          = 1.959964 · sqrt(0.021 + 0.009604) / 1.384146 = 1.959964 · 0.174939 / 1.384146
    #          = 0.247716
    #   interval = [0.3968, 0.8922]
    assert (q4(est.low), q4(est.high)) == (Decimal("0.3968"), Decimal("0.8922"))
    assert est.percent == Decimal("70.0")


def test_items_answered_alike_by_one_person_count_as_one_observation():
    # Four respondents answer both access items: (5,5), (4,4), (2,1), (5,4) → 6 of 8 satisfied.
    pairs = [("5", "5"), ("4", "4"), ("2", "1"), ("5", "4")]
    est = group_index(MINI, [resp(i, a1=a, a2=b) for i, (a, b) in enumerate(pairs)]).factors[
        "access"
    ]
    assert est.value == Decimal("0.75") and est.answers == 8
    # Per respondent k = 2, 2, 0, 2 of n = 2: variance = Σ(k − p·n)² / (Σn)² = 3 / 64, so the
    # effective sample size p(1−p) / variance = 0.1875 / 0.046875 = 4: the four people, not the
    # eight answers. Wilson with n = 4: [0.3006, 0.9544].
    assert (q4(est.low), q4(est.high)) == (Decimal("0.3006"), Decimal("0.9544"))


def test_overall_index_is_the_mean_of_factor_indices_equal_weights_by_default():
    # access: 4 of 5 answers satisfied = 0.8; procedure: 3 of 5 = 0.6.
    rs = [
        resp(0, a1="5", p1="5"),
        resp(1, a1="4", p1="4"),
        resp(2, a1="4", p1="4"),
        resp(3, a1="5", p1="2"),
        resp(4, a1="3", p1="3"),
    ]
    g = group_index(MINI, rs)
    assert (g.factors["access"].value, g.factors["procedure"].value) == (
        Decimal("0.8"),
        Decimal("0.6"),
    )
    assert g.overall.value == Decimal("0.7")
    weighted = IndexMethod(factor_weights={"access": Decimal(3), "procedure": Decimal(1)})
    assert group_index(MINI, rs, weighted).overall.value == Decimal("0.75")
    assert g.overall.low < Decimal("0.7") < g.overall.high


def test_mean_method_rescales_the_scale_to_zero_one():
    # Scores 5, 4, 3 → 1, 0.75, 0.5 on 0..1 → mean 0.75 (a mean score of 4 out of 5).
    g = group_index(
        MINI, [resp(0, p1="5"), resp(1, p1="4"), resp(2, p1="3")], IndexMethod(kind="mean")
    )
    assert g.factors["procedure"].value == Decimal("0.75")


def test_unanswered_items_are_not_counted():
    g = group_index(MINI, [resp(0, p1="5"), resp(1), resp(2, p1="1")])
    est = g.factors["procedure"]
    assert (est.value, est.answers, est.respondents) == (Decimal("0.5"), 2, 2)
    assert g.factors["access"].value is None and g.overall_item.value is None


def test_expectation_priorities_rank_aspects_with_ties():
    rs = [
        resp(0, improve=("x", "y")),
        resp(1, improve=("y",)),
        resp(2, improve=("x", "z")),
        resp(3),
    ]
    got = [(p.choice, p.count, p.base, p.rank) for p in group_index(MINI, rs).priorities]
    assert got == [("x", 2, 3, 1), ("y", 2, 3, 1), ("z", 1, 3, 3)]


def test_levels_add_up_to_the_whole(sipas, kobo_csv):
    results = compute_results(sipas, read_responses(kobo_csv, sipas).responses)
    assert results.overall.respondents == 30
    assert sum(g.respondents for g in results.by_unit.values()) == 30
    assert sum(g.respondents for g in results.by_service.values()) == 30
    assert sum(g.respondents for g in results.by_unit_service.values()) == 30
    assert set(results.overall.factors) == {
        "access",
        "procedure",
        "civil_servant",
        "result",
        "feedback",
    }


def est(value: str, low: str, high: str, se: str) -> Estimate:
    """Return an estimate with the given figures."""
    return Estimate(Decimal(value), Decimal(low), Decimal(high), Decimal(se), 100, 100)


def test_comparison_with_last_year():
    now, last = est("0.85", "0.80", "0.89", "0.02"), est("0.75", "0.70", "0.80", "0.025")
    c = compare_previous(now, last)
    assert c.difference == Decimal("0.10")
    assert c.significant is True and c.overlap is True  # overlapping intervals, yet significant
    flat = compare_previous(now, est("0.84", "0.79", "0.88", "0.02"))
    assert flat.significant is False
    published = compare_previous(now, Decimal("0.8266"))  # only last year's figure is known
    assert published.overlap is True and published.significant is False


@pytest.mark.parametrize(
    ("low", "high", "status", "met"),
    [
        ("0.91", "0.95", "above", True),
        ("0.85", "0.93", "uncertain", False),
        ("0.80", "0.89", "below", False),
    ],
)
def test_comparison_with_the_plan_target(low, high, status, met):
    value = "0.93" if met else "0.87"
    check = compare_target(est(value, low, high, "0.01"), "0.90")
    assert (check.status, check.met) == (status, met)


def test_framework_inputs_from_the_feeds_file(sipas, kobo_csv):
    results = compute_results(sipas, read_responses(kobo_csv, sipas).responses)
    overall = results.overall.overall.value
    assert framework_inputs(results, FEEDS, framework="par-province-1149") == {
        "DT.R": {"sipas_index": (overall * 100).quantize(Decimal("0.0001"))}
    }
    everything = framework_inputs(results, FEEDS)
    assert set(everything) == {"par-province-1149:DT.R", "par-province-876:S.R"}


def test_feeds_can_pick_a_factor_as_a_share():
    g = group_index(MINI, [resp(0, a1="5"), resp(1, a1="2")])
    feeds = {
        "feeds": [{"node": "fw:1.2", "input": "rate", "measure": "factor:access", "scale": "share"}]
    }
    assert framework_inputs(g, feeds) == {"fw:1.2": {"rate": Decimal("0.5000")}}


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_share_and_stays_in_bounds(kn):
    k, n = kn
    p = Decimal(k) / n
    low, high = wilson(p, n, IndexMethod().z)
    assert Decimal(0) <= low <= p <= high <= Decimal(1)
