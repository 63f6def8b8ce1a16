"""One target convention: the operator as a sign, the value as the figure it is compared with."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.presentation.numbers import fmt_target


@pytest.mark.parametrize(
    ("op", "value", "unit", "vi", "en"),
    [
        (">=", Decimal("99"), "%", "≥ 99,00%", "≥ 99.00%"),  # a plan measure written "≥ 99%"
        (">=", Decimal("90.0000"), "%", "≥ 90,00%", "≥ 90.00%"),  # a SIPAS target (0,9 × 100)
        ("<=", Decimal("5"), "ngày", "≤ 5 ngày", "≤ 5 ngày"),
        (">", Decimal("1.2500"), "", "> 1,25", "> 1.25"),
    ],
)
def test_a_target_reads_as_the_figure_it_is_compared_with(op, value, unit, vi, en) -> None:
    assert (fmt_target(op, value, "vi", unit), fmt_target(op, value, "en", unit)) == (vi, en)


def test_an_absent_target_is_empty() -> None:
    assert fmt_target(">=", None) == ""
