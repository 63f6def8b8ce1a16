"""One target convention: the operator as a sign, the value as the kind of figure it is
compared with (a rate always with two decimals, like the measured rate beside it)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.presentation.numbers import fmt_target


@pytest.mark.parametrize(
    ("op", "value", "kind", "unit", "vi", "en"),
    [
        (">=", Decimal("99"), "percent", "%", "≥ 99,00%", "≥ 99.00%"),  # plan file: value 99
        (">=", Decimal("90.0000"), "percent", "", "≥ 90,00%", "≥ 90.00%"),  # SIPAS 0,9 × 100
        (">=", Decimal("0.9"), "fraction", "", "≥ 90,00%", "≥ 90.00%"),  # as the survey keeps it
        (">=", Decimal("183500"), "count", "hồ sơ", "≥ 183.500 hồ sơ", "≥ 183,500 hồ sơ"),
        ("=", Decimal("0.5000"), "points", "", "= 0,5", "= 0.5"),
        ("<=", Decimal("5"), "number", "ngày", "≤ 5 ngày", "≤ 5 ngày"),
        (">", Decimal("1.255"), "number", "", "> 1,26", "> 1.26"),
    ],
)
def test_a_target_reads_as_the_figure_it_is_compared_with(op, value, kind, unit, vi, en) -> None:
    assert fmt_target(op, value, kind, "vi", unit) == vi
    assert fmt_target(op, value, kind, "en", unit) == en


def test_an_absent_target_is_empty() -> None:
    assert fmt_target(">=", None) == ""
