from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parindex.documents.formats import date_text, deadline_text, points_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2021, 3, 5), "ngày 05 tháng 3 năm 2021"),
        (date(2021, 2, 25), "ngày 25 tháng 02 năm 2021"),
        (date(2021, 1, 1), "ngày 01 tháng 01 năm 2021"),
        (date(2020, 12, 29), "ngày 29 tháng 12 năm 2020"),
    ],
)
def test_dates_follow_decree_30(value: date, text: str) -> None:
    assert date_text(value) == text


def test_deadline_is_day_month_year() -> None:
    assert deadline_text(date(2021, 3, 31)) == "31/03/2021"
    assert deadline_text(None) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [("61.4203", "61,4203"), ("1.5", "1,5"), ("7", "7"), ("0.826", "0,826"), ("1234.5", "1.234,5")],
)
def test_points_use_the_vietnamese_decimal_comma(value: str, text: str) -> None:
    assert points_text(Decimal(value)) == text
