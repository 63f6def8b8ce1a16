"""The one reader of typed dates: day first as Vietnamese write them, or ISO."""

from __future__ import annotations

import datetime as dt

import pytest

from parindex.core.dates import parse_date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01/02/2026", dt.date(2026, 2, 1)),  # dd/mm/yyyy: the first of February
        ("1/2/2026", dt.date(2026, 2, 1)),
        ("01-02-2026", dt.date(2026, 2, 1)),  # dd-mm-yyyy is day first too
        ("01.02.2026", dt.date(2026, 2, 1)),
        ("2026-02-01", dt.date(2026, 2, 1)),
        ("2026/2/1", dt.date(2026, 2, 1)),
        ("2026-09-03T10:15:00.000+07:00", dt.date(2026, 9, 3)),  # an export's time is dropped
        ("2026-09-03 10:15", dt.date(2026, 9, 3)),
        (" 29/02/2024 ", dt.date(2024, 2, 29)),
    ],
)
def test_typed_dates_are_read(text, day) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text", ["", "31/02/2026", "2026-13-01", "01/02/26", "2026-02-01x", "45000", "1 tháng 2"]
)
def test_what_is_not_a_day_is_none(text) -> None:
    assert parse_date(text) is None


def test_dossier_logs_may_use_two_digit_years_and_excel_serials() -> None:
    assert parse_date("01/02/26", short_years=True) == dt.date(2026, 2, 1)
    assert parse_date("45000", serials=True) == dt.date(2023, 3, 15)
    assert parse_date("0", serials=True) is None
