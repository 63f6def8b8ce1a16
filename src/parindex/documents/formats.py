"""Vietnamese document conventions for dates and numbers (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from parindex.presentation.numbers import fmt_date, fmt_points


def day_text(value: date) -> str:
    """The day as NĐ 30 writes it: a leading zero below 10 ('05')."""
    return f"{value.day:02d}"


def month_text(value: date) -> str:
    """The month as NĐ 30 writes it: a leading zero only for January and February ('02', '3')."""
    return f"{value.month:02d}" if value.month < 3 else str(value.month)


def date_text(value: date) -> str:
    """'ngày 05 tháng 02 năm 2021'."""
    return f"ngày {day_text(value)} tháng {month_text(value)} năm {value.year}"


def deadline_text(value: date | None) -> str:
    """A deadline in a table: '31/03/2021', empty when none."""
    return fmt_date(value)


def points_text(value: Decimal) -> str:
    """Points in Vietnamese format, up to 4 decimals ('61,4203'; '1,5')."""
    return fmt_points(value, "vi")
