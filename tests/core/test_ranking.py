"""Units are ordered by total with ties sharing a rank, and classified into configurable bands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.core.errors import ParindexError
from parindex.core.ranking import (
    NATIONAL_BANDS,
    Classification,
    Entry,
    classify,
    lineage_mean,
    rank,
)


def entry(unit: str, total: str, max: str = "100") -> Entry:
    return Entry(unit, Decimal(total), Decimal(max))


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped():
    ranked = rank(
        [
            entry("Yên Bái", "85.1"),
            entry("Lào Cai", "88.2"),
            entry("Lai Châu", "79"),
            entry("Hà Giang", "85.1"),
        ]
    )
    assert [(r.rank, r.unit) for r in ranked] == [
        (1, "Lào Cai"),
        (2, "Hà Giang"),  # tied units are listed by name
        (2, "Yên Bái"),
        (4, "Lai Châu"),
    ]


def test_ranking_nobody_gives_an_empty_list():
    assert rank([]) == []


@pytest.mark.parametrize(
    ("total", "classification"),
    [
        ("100", "A"),
        ("90", "A"),
        ("89.9999", "B"),
        ("80", "B"),
        ("79.9999", "C"),
        ("70", "C"),
        ("69.9999", None),
        ("0", None),
    ],
)
def test_national_bands_are_a_from_90_b_from_80_c_from_70_percent(total, classification):
    (ranked,) = rank([entry("Lào Cai", total)])
    assert ranked.classification == classification


def test_classification_is_by_percent_of_the_maximum_not_by_points():
    (ranked,) = rank([entry("Lào Cai", "61.4203", "65")])
    assert round(ranked.percent, 2) == Decimal("94.49")
    assert ranked.classification == "A"


CUSTOM = (
    Classification("Xuất sắc", Decimal(95)),
    Classification("Tốt", Decimal(85)),
    Classification("Khá", Decimal(50)),
)


@pytest.mark.parametrize(
    ("percent", "classification"),
    [("96", "Xuất sắc"), ("95", "Xuất sắc"), ("90", "Tốt"), ("50", "Khá"), ("49", None)],
)
def test_a_province_may_set_its_own_bands(percent, classification):
    assert classify(Decimal(percent), CUSTOM) == classification
    assert rank([entry("Sở Nội vụ", percent)], CUSTOM)[0].classification == classification


@pytest.mark.parametrize(
    "bands",
    [
        (Classification("A", Decimal(80)), Classification("B", Decimal(90))),  # not highest first
        (Classification("A", Decimal(90)), Classification("B", Decimal(90))),  # same bound
        (Classification("A", Decimal(90)), Classification("A", Decimal(80))),  # same code
        (Classification("A", Decimal(101)),),
        (Classification("A", Decimal(-1)),),
    ],
    ids=["ascending", "equal bounds", "duplicate codes", "above 100", "negative"],
)
def test_invalid_bands_are_refused(bands):
    with pytest.raises(ParindexError):
        rank([entry("Lào Cai", "90")], bands)


def test_the_national_bands_are_valid_and_highest_first():
    assert [(b.code, b.min_percent) for b in NATIONAL_BANDS] == [("A", 90), ("B", 80), ("C", 70)]


@pytest.mark.parametrize(
    ("totals", "mean"),
    [
        (["80", "70"], "75.0000"),
        (["80.0001", "70"], "75.0001"),  # 75.00005: half up, to 4 decimals like points
        (["82.85", "80.30"], "81.5750"),
        (["61"], "61"),  # one predecessor passes its figure on as it is
        (["80", None], None),  # a predecessor without a figure: no mean of the others
        ([], None),
    ],
)
def test_a_merged_units_last_year_is_its_predecessors_mean_when_all_have_one(totals, mean):
    found = lineage_mean([None if t is None else Decimal(t) for t in totals])
    assert found == (None if mean is None else Decimal(mean))
    assert mean is None or str(found) == mean
