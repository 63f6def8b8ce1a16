"""Sample sizes (n = N / (1 + N·e²), rounded up) and quota coverage while collecting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.surveys import (
    count_responses,
    plan_samples,
    quota_coverage,
    read_responses,
    sample_size,
)


@pytest.mark.parametrize(
    ("population", "margin", "expected"),
    [
        (1000, "0.05", 286),  # 1000 / (1 + 1000 · 0.0025) = 1000 / 3.5 = 285.71 → 286
        (100, "0.05", 80),  # 100 / 1.25 = 80 exactly: no rounding up
        (10000, "0.05", 385),  # 10000 / 26 = 384.6 → 385
        (500, "0.1", 84),  # 500 / 6 = 83.3 → 84
        (1, "0.05", 1),
        (0, "0.05", 0),
    ],
)
def test_sample_size(population, margin, expected):
    assert sample_size(population, margin) == expected


def test_sample_size_rejects_a_nonsense_margin():
    with pytest.raises(ValueError):
        sample_size(100, 0)


POPULATIONS = {
    ("ubnd_xa", "ho_tich"): 600,
    ("ubnd_xa", "chung_thuc"): 400,
    ("so_tu_phap", "ho_tich"): 50,
}


def test_per_cell_plan_applies_the_formula_to_each_cell():
    plan = plan_samples(POPULATIONS)
    assert {c: q.target for c, q in plan.items()} == {
        ("ubnd_xa", "ho_tich"): 240,  # 600 / 2.5
        ("ubnd_xa", "chung_thuc"): 200,  # 400 / 2
        ("so_tu_phap", "ho_tich"): 45,  # 50 / 1.125 = 44.4 → 45
    }


def test_proportional_plan_shares_the_unit_sample_among_services():
    plan = plan_samples(POPULATIONS, Decimal("0.05"), allocation="proportional")
    # ubnd_xa: N = 1000 → n = 286, shared 60 % / 40 %: 171.6 and 114.4 → 172 and 114.
    assert plan[("ubnd_xa", "ho_tich")].target == 172
    assert plan[("ubnd_xa", "chung_thuc")].target == 114
    assert plan[("so_tu_phap", "ho_tich")].target == 45


def test_quota_coverage_shows_shortfall_per_cell():
    plan = plan_samples({("ubnd_xa", "ho_tich"): 100, ("so_tu_phap", "chung_thuc"): 20})
    cover = quota_coverage(plan, {("ubnd_xa", "ho_tich"): 30, ("ttphvhcc", "dat_dai"): 2})
    got = [(c.unit, c.service, c.target, c.collected, c.shortfall, c.met) for c in cover]
    assert got == [
        ("ubnd_xa", "ho_tich", 80, 30, 50, False),
        ("so_tu_phap", "chung_thuc", 20, 0, 20, False),  # 20 / 1.05 = 19.05 → 20
        ("ttphvhcc", "dat_dai", 0, 2, 0, True),  # collected outside the plan
    ]
    assert cover[0].share == Decimal("0.375")


def test_counts_come_from_imported_responses(sipas, kobo_csv):
    counts = count_responses(sipas, read_responses(kobo_csv, sipas).responses)
    assert sum(counts.values()) == 30
    assert all(unit and service for unit, service in counts)
