"""The one reader of typed numbers: Vietnamese and English marks, thousands, percentages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.core.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "whole", "value"),
    [
        ("1,5", False, "1.5"),  # Vietnamese decimal comma
        ("1.5", False, "1.5"),  # decimal point, as machine exports write it
        ("1.234,5", False, "1234.5"),  # both marks: the last one is the decimal mark
        ("1,234.5", False, "1234.5"),
        ("98,8221 %", False, "98.8221"),  # a trailing percent sign and spaces are ignored
        ("97,5178%", False, "97.5178"),
        ("5.428.326", False, "5428326"),  # several dots are thousands
        ("183.500", True, "183500"),  # a count with three digits after its one dot
        ("183.500", False, "183.500"),  # a rate or points: the dot is a decimal point
        ("1.500", True, "1500"),  # the ambiguous case: thousands only in a whole number
        ("1.500", False, "1.500"),
        ("1.50", True, "1.50"),  # not three digits: a decimal point even in a count
        (" 12 ", False, "12"),
        ("1\u00a0234,5", False, "1234.5"),  # non-breaking space as the thousands mark
        ("-2,25", False, "-2.25"),
        ("0,5", False, "0.5"),
    ],
)
def test_typed_numbers_are_read_as_people_write_them(text, whole, value) -> None:
    assert parse_number(text, whole=whole) == Decimal(value)


@pytest.mark.parametrize("text", ["", " ", "abc", "1,234,567", "1e3", "NaN", "Infinity", "1,5,"])
def test_what_is_not_a_number_is_refused(text) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)
