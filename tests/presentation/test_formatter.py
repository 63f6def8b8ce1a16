"""The one formatter's exact outputs in both languages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from parindex.presentation.numbers import (
    fmt_count,
    fmt_date,
    fmt_datetime,
    fmt_measured,
    fmt_number,
    fmt_operator,
    fmt_percent,
    fmt_points,
    fmt_pp,
    fmt_signed_points,
    fmt_target,
    xlsx_cell,
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


@pytest.mark.parametrize(
    ("value", "kind", "unit", "vi", "en"),
    [
        (Decimal("98.0434"), "percent", "%", "98,04%", "98.04%"),
        (Decimal("21"), "percent", "%", "21,00%", "21.00%"),
        (Decimal("0.9125"), "fraction", "", "91,25%", "91.25%"),
        (185000, "count", "hồ sơ", "185.000 hồ sơ", "185,000 hồ sơ"),
        (Decimal("1.46280"), "points", "", "1,4628", "1.4628"),
        (Decimal("5428326.5"), "number", "", "5.428.326,50", "5,428,326.50"),
        (Decimal("12"), "number", "ngày", "12 ngày", "12 ngày"),
    ],
)
def test_a_measured_value_reads_as_its_kind(value, kind, unit, vi, en) -> None:
    assert (fmt_measured(value, kind, "vi", unit), fmt_measured(value, kind, "en", unit)) == (
        vi,
        en,
    )


def test_a_target_reads_in_the_format_of_its_figure() -> None:
    assert fmt_target(">=", Decimal("99"), "percent", unit="%") == "≥ 99,00%"
    assert fmt_target("<=", Decimal("5"), "number", unit="ngày") == "≤ 5 ngày"
    assert fmt_target(">=", Decimal("183500"), "count", "en", "hồ sơ") == "≥ 183,500 hồ sơ"
    assert fmt_target("=", Decimal("0.5000"), "points") == "= 0,5"
    assert fmt_measured(None) == "" and fmt_target(">=", None) == ""


@pytest.mark.parametrize(
    ("value", "kind", "cell"),
    [
        (183500, "count", (183500, "#,##0")),
        (Decimal("12.0"), "count", (12, "#,##0")),
        (Decimal("1.46284"), "points", (1.4628, "General")),
        (Decimal("7.0000"), "points", (7, "General")),
        (Decimal("98.04"), "percent", (0.9804, "0.00%")),
        (Decimal("0.9125"), "fraction", (0.9125, "0.00%")),
        (Decimal("12"), "number", (12, "#,##0")),
        (Decimal("12.5"), "number", (12.5, "#,##0.00")),
        (date(2021, 3, 31), "date", (date(2021, 3, 31), "dd/mm/yyyy")),
        (datetime(2021, 3, 31, 9, 5), "date", (date(2021, 3, 31), "dd/mm/yyyy")),
        (
            datetime(2021, 3, 31, 9, 5),
            "datetime",
            (datetime(2021, 3, 31, 9, 5), "dd/mm/yyyy hh:mm"),
        ),
        ("=cmd", "text", ("=cmd", "@")),
        (None, "points", (None, "General")),
        (float("nan"), "fraction", (None, "0.00%")),
    ],
)
def test_an_excel_cell_holds_a_typed_value_with_the_format_of_its_kind(value, kind, cell) -> None:
    typed, number_format = xlsx_cell(value, kind)
    assert (typed, number_format) == cell
    assert type(typed) is type(cell[0])


def test_an_excel_cell_refuses_text_for_a_number_and_an_unknown_kind() -> None:
    with pytest.raises(TypeError):
        xlsx_cell("183.500", "count")
    with pytest.raises(ValueError, match="unknown kind"):
        xlsx_cell(1, "money")
