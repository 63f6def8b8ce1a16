"""The one formatter's exact outputs in both languages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from parindex.presentation.numbers import (
    fmt_count,
    fmt_date,
    fmt_datetime,
    fmt_number,
    fmt_operator,
    fmt_percent,
    fmt_points,
    fmt_pp,
    fmt_signed_points,
)


@pytest.mark.parametrize(
    ("fmt", "value", "vi", "en"),
    [
        (fmt_count, 183500, "183.500", "183,500"),
        (fmt_count, Decimal("5428326"), "5.428.326", "5,428,326"),
        (fmt_count, 0, "0", "0"),
        (fmt_points, Decimal("1.4628"), "1,4628", "1.4628"),
        (fmt_points, Decimal("0.5000"), "0,5", "0.5"),
        (fmt_points, Decimal("7.0000"), "7", "7"),
        (fmt_points, Decimal("61.42034"), "61,4203", "61.4203"),
        (fmt_percent, Decimal("97.51779"), "97,52%", "97.52%"),
        (fmt_percent, Decimal("60"), "60,00%", "60.00%"),
        (fmt_pp, Decimal("1.25"), "+1,25 điểm phần trăm", "+1.25 percentage points"),
        (fmt_pp, Decimal("-0.4"), "-0,40 điểm phần trăm", "-0.40 percentage points"),
        (fmt_pp, Decimal("0"), "0,00 điểm phần trăm", "0.00 percentage points"),
        (fmt_signed_points, Decimal("0.0372"), "+0,0372", "+0.0372"),
        (fmt_signed_points, Decimal("-1"), "-1", "-1"),
        (fmt_signed_points, Decimal("0"), "0", "0"),
        (fmt_date, date(2021, 2, 5), "05/02/2021", "05/02/2021"),
        (fmt_datetime, datetime(2021, 3, 31, 9, 5), "31/03/2021 09:05", "31/03/2021 09:05"),
    ],
)
def test_each_kind_of_figure_reads_the_same_everywhere(fmt, value, vi, en) -> None:
    assert (fmt(value, "vi"), fmt(value, "en")) == (vi, en)


def test_measured_values_keep_their_digits_and_group_thousands() -> None:
    assert fmt_number(Decimal("5428326.5"), "vi") == "5.428.326,5"
    assert fmt_number(Decimal("82.598"), "en") == "82.598"
    assert fmt_number(Decimal("425.827"), "vi", 3) == "425,827"


def test_empty_values_format_as_nothing() -> None:
    for fmt in (fmt_count, fmt_percent, fmt_pp, fmt_signed_points, fmt_date, fmt_datetime):
        assert fmt(None, "vi") == ""


@pytest.mark.parametrize(
    ("op", "sign"), [(">=", "≥"), ("<=", "≤"), (">", ">"), ("<", "<"), ("=", "=")]
)
def test_comparisons_read_as_signs(op, sign) -> None:
    assert fmt_operator(op) == sign
