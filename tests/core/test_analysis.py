"""Gap analysis, what-if and comparison of scorecards across years and framework versions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from core_helpers import framework_text

from parindex.core.analysis import area_gaps, compare, gaps, what_if
from parindex.core.loader import load_framework
from parindex.core.scoring import score

# --- gaps --------------------------------------------------------------------------------


def test_gaps_are_ordered_by_points_at_stake_ties_in_framework_order(lao_cai_card):
    assert [(g.code, g.lost) for g in gaps(lao_cai_card)] == [
        ("8.2", Decimal(1)),
        ("8.5", Decimal(1)),
        ("8.6", Decimal("0.5")),
        ("6.1.3", Decimal("0.3526")),
        ("7.1.9", Decimal("0.3156")),
        ("7.1.3", Decimal("0.1740")),
        ("7.2.1", Decimal("0.1436")),
        ("6.1.1", Decimal("0.0377")),
        ("3.4.1", Decimal("0.0372")),
        ("3.4.2", Decimal("0.0177")),
        ("3.4.3", Decimal("0.0013")),
    ]


def test_a_gap_names_its_area_and_why_points_were_lost(lao_cai_card):
    gap = gaps(lao_cai_card)[0]
    assert (gap.area, gap.reason, gap.max, gap.score) == ("8", "not_higher", 1, 0)


def test_gaps_leave_out_what_the_ministry_and_the_survey_score_unless_asked(lao_cai_card):
    assert {g.scored_by for g in gaps(lao_cai_card)} == {"self"}
    everything = gaps(lao_cai_card, scored_by=None)
    assert [(g.code, g.lost) for g in everything[:2]] == [
        ("DT.R", Decimal("33.5")),
        ("1.BNV", Decimal("1.5")),
    ]


def test_area_gaps_give_the_points_lost_by_area_largest_first(lao_cai_card):
    assert [(g.code, g.lost) for g in area_gaps(lao_cai_card)] == [
        ("8", Decimal("2.5")),
        ("7", Decimal("0.6332")),
        ("6", Decimal("0.3903")),
        ("3", Decimal("0.0562")),
    ]


def test_the_lost_points_of_all_gaps_add_up_to_what_the_self_assessment_lost(lao_cai_card):
    score_, max_ = lao_cai_card.total_by("self")
    assert sum(g.lost for g in gaps(lao_cai_card)) == max_ - score_
    assert sum(g.lost for g in area_gaps(lao_cai_card)) == max_ - score_


# --- what-if -----------------------------------------------------------------------------


def test_what_if_every_provincial_dossier_was_on_time(lao_cai):
    data, card = lao_cai
    result = what_if(card, {"3.4.1": {"on_time": 185443}}, data.previous)
    moved = {c.code: c.delta for c in result.changes if c.delta}
    assert moved == {"3.4.1": Decimal("0.0372"), "3.4": Decimal("0.0372"), "3": Decimal("0.0372")}
    assert result.total_delta == Decimal("0.0372")
    assert result.after["3.4.1"].score == Decimal("1.5")
    assert result.after.total_by("self")[0] == Decimal("61.4575")
    assert {c.status for c in result.changes if not c.delta} == {"same"}


def test_what_if_leaves_the_original_scorecard_untouched(lao_cai):
    data, card = lao_cai
    what_if(card, {"8.6": {"met": 24}}, data.previous)
    assert card["8.6"].score == Decimal("0.5")
    assert card.total_by("self")[0] == Decimal("61.4203")


@pytest.mark.parametrize(
    ("changes", "code", "delta"),
    [
        ({"8.2": {"investment": "100.1"}}, "8.2", "1"),
        ({"8.6": {"met": 24}}, "8.6", "0.5"),
        ({"7.2.1": {"rate": 50}}, "7.2.1", "0.1436"),
        ({"6.1.3": {"paid": "657.725"}}, "6.1.3", "0.3526"),
    ],
)
def test_what_if_closing_a_gap_gains_exactly_the_points_lost(lao_cai, changes, code, delta):
    data, card = lao_cai
    result = what_if(card, changes, data.previous)
    assert result.total_delta == Decimal(delta)
    assert next(c for c in result.changes if c.code == code).delta == Decimal(delta)


LAST_YEAR = framework_text(
    """\
  - code: "1"
    title: Area
    max: 2
    children:
      - code: "1.1"
        title: GRDP growth
        max: 1
        inputs: {growth: {kind: number}}
        rule: {kind: compare_previous, value: growth}
      - code: "1.2"
        title: Entered by hand
        max: 1
        rule: {kind: manual}
""",
    blocks="  - {code: appraisal, title: A, max: 2}\n",
)


def test_what_if_keeps_last_years_values_the_scorecard_was_scored_with():
    framework = load_framework(LAST_YEAR, "last-year.yaml")
    card = score(
        framework,
        {"1.1": {"growth": "7"}, "1.2": {"points": "0.5"}},
        {"1.1": {"growth": "6"}},
    )
    result = what_if(card, {"1.2": {"points": "1"}})
    assert result.total_delta == Decimal("0.5")


# --- comparison across years and framework versions ---------------------------------------

VERSION_1 = framework_text(
    """\
  - code: "1"
    title: Area one
    max: 3
    children:
      - {code: "1.1", title: Kept, max: 1, rule: {kind: manual}}
      - code: "1.2"
        title: Rule changed
        max: 1
        inputs: {done: {kind: yes_no}}
        rule: {kind: yes_no, input: done}
      - {code: "1.3", title: Removed, max: 1, rule: {kind: manual}}
  - code: "2"
    title: Area two
    max: 1
    children:
      - {code: "2.1", title: Untouched, max: 1, rule: {kind: manual}}
""",
    blocks="  - {code: appraisal, title: A, max: 4}\n",
)
VERSION_2 = (
    framework_text(
        """\
  - code: "1"
    title: Area one
    max: 3
    children:
      - {code: "1.1", title: Kept with a new maximum, max: 1.5, rule: {kind: manual}}
      - {code: "1.2", title: Rule changed, max: 1, rule: {kind: manual}}
      - {code: "1.4", title: Added, max: 0.5, rule: {kind: manual}}
  - code: "2"
    title: Area two
    max: 1
    children:
      - {code: "2.1", title: Untouched, max: 1, rule: {kind: manual}}
""",
        blocks="  - {code: appraisal, title: A, max: 4}\n",
    )
).replace('version: "1"', 'version: "2"')


@pytest.fixture(scope="module")
def two_versions():
    """The same province scored under version 1 one year and version 2 the next."""
    before = score(
        load_framework(VERSION_1, "v1.yaml"),
        {"1.1": {"points": 1}, "1.2": {"done": True}, "1.3": {"points": 1}, "2.1": {"points": 1}},
    )
    after = score(
        load_framework(VERSION_2, "v2.yaml"),
        {"1.1": {"points": 1}, "1.2": {"points": 1}, "1.4": {"points": 0.5}, "2.1": {"points": 1}},
    )
    return compare(before, after)


@pytest.mark.parametrize(
    ("code", "status", "before", "after"),
    [
        ("1.1", "max_changed", "1", "1"),
        ("1.2", "rule_changed", "1", "1"),
        ("1.3", "removed", "1", None),
        ("1.4", "added", None, "0.5"),
        ("2.1", "same", "1", "1"),
        ("2", "same", "1", "1"),
        ("1", "changed", "3", "2.5"),
    ],
)
def test_comparing_framework_versions_matches_nodes_by_code_and_says_what_changed(
    two_versions, code, status, before, after
):
    change = next(c for c in two_versions.changes if c.code == code)
    assert change.status == status
    assert change.before == (Decimal(before) if before else None)
    assert change.after == (Decimal(after) if after else None)


def test_structural_changes_are_the_added_removed_and_redefined_nodes(two_versions):
    assert sorted(c.code for c in two_versions.structural()) == ["1.1", "1.2", "1.3", "1.4"]
    assert two_versions.total_delta == Decimal("-0.5")


def test_comparing_two_years_on_one_framework_gives_the_difference_per_node(lao_cai):
    data, card = lao_cai
    better = dict(data.inputs, **{"8.5": {"growth": "11", "growth_previous": "6.55"}})
    next_year = score(card.framework, better, year=2021)
    comparison = compare(card, next_year)
    assert [(c.code, c.status, c.delta) for c in comparison.changed()] == [
        ("8", "changed", Decimal(1)),
        ("8.5", "changed", Decimal(1)),
    ]
    assert comparison.structural() == []
