"""Years before the 2025 merger show each predecessor; the mean is a labelled approximation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.national import NationalResult, lineage

# Example mapping (the merged code "LC" stands for the current Lào Cai).
SUCCESSOR = {"10": "LC", "15": "LC", "22": "QN"}


def result(code: str, year: int, total: str, rank: int | None = None) -> NationalResult:
    return NationalResult(code, year, Decimal(total), rank=rank)


def test_merged_province_shows_each_predecessor_and_an_unweighted_mean() -> None:
    results = [
        result("10", 2019, "82.85", 15),
        result("15", 2019, "80.30", 28),
        result("22", 2019, "90.12", 1),
        result("LC", 2025, "85.00", 9),
    ]
    lines = lineage(results, SUCCESSOR)
    before, after = lines["LC"]
    assert before.year == 2019 and before.result is None and before.merged
    assert [p.province for p in before.predecessors] == ["10", "15"]
    assert before.approx_mean_total == Decimal("81.5750")  # (82,85 + 80,30) / 2, 4 decimals
    assert (after.year, after.result, after.predecessors) == (2025, results[3], ())


def test_mean_is_withheld_when_a_predecessor_is_missing() -> None:
    (entry,) = lineage([result("10", 2019, "82.85")], SUCCESSOR)["LC"]
    assert entry.missing == ("15",)
    assert entry.approx_mean_total is None


def test_an_unmerged_province_keeps_its_own_line() -> None:
    (entry,) = lineage([result("22", 2019, "90.12", 1)], SUCCESSOR)["QN"]
    assert not entry.merged
    assert entry.result is not None and entry.result.total == Decimal("90.12")


def test_a_pre_merger_province_without_successor_is_refused() -> None:
    with pytest.raises(ValueError, match="no successor for provinces: 02"):
        lineage([result("02", 2019, "78.15")], SUCCESSOR)
