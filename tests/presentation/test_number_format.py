"""Numbers are written the Vietnamese way (180.840; 61,4203) or the English way."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.presentation.numbers import fmt_number, fmt_percent, fmt_points, parse_format_spec


@pytest.mark.parametrize(
    ("value", "lang", "places", "truncate", "text"),
    [
        ("180840", "vi", None, False, "180.840"),
        ("180840", "en", None, False, "180,840"),
        ("5428326", "vi", None, False, "5.428.326"),
        ("5428326", "en", None, False, "5,428,326"),
        ("61.4203", "vi", None, False, "61,4203"),
        ("61.4203", "en", None, False, "61.4203"),
        ("97.51783", "vi", 4, False, "97,5178"),
        ("97.51785", "vi", 4, False, "97,5179"),  # half up
        ("425.827", "vi", None, False, "425,827"),
        ("1234.5", "vi", None, False, "1.234,5"),
        ("1234.5", "en", None, False, "1,234.5"),
        ("-1234.5", "vi", None, False, "-1.234,5"),
        ("-0.0562", "vi", None, False, "-0,0562"),
        ("-1234567", "en", None, False, "-1,234,567"),
        ("36.8794", "vi", 2, True, "36,87"),  # truncated, as the seed prints 7.1.9
        ("36.8794", "vi", 2, False, "36,88"),
        ("95.8333", "vi", 2, False, "95,83"),
        ("35.64", "vi", 0, False, "36"),
        ("100", "vi", None, False, "100"),
        ("100.00", "vi", None, False, "100"),
        ("7.0000", "vi", None, False, "7"),
        ("0.8260", "vi", None, False, "0,826"),
        ("999", "vi", None, False, "999"),
        ("1000", "vi", None, False, "1.000"),
        ("0", "vi", 2, False, "0,00"),
    ],
)
def test_fmt_number_writes_numbers_in_the_languages_format(value, lang, places, truncate, text):
    assert fmt_number(Decimal(value), lang, places, truncate=truncate) == text


def test_fmt_number_can_leave_thousands_ungrouped():
    assert fmt_number(Decimal("2020"), "vi", group=False) == "2020"


@pytest.mark.parametrize("value", [180840, "180840", Decimal(180840)])
def test_fmt_number_accepts_ints_strings_and_decimals(value):
    assert fmt_number(value) == "180.840"


def test_fmt_number_of_nothing_is_empty():
    assert fmt_number(None) == ""


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        ("1.46281", "vi", "1,4628"),
        ("0.68445", "vi", "0,6845"),
        ("0.8260", "vi", "0,826"),
        ("7", "vi", "7"),
        ("61.4203", "en", "61.4203"),
        ("13.5", "vi", "13,5"),
    ],
)
def test_points_are_written_to_at_most_four_decimals_without_trailing_zeros(value, lang, text):
    assert fmt_points(Decimal(value), lang) == text


def test_percentages_carry_their_sign():
    assert fmt_percent(Decimal("97.51783"), "vi", 4) == "97,5178%"
    assert fmt_percent(Decimal("97.51783"), "en") == "97.52%"


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [(".4", (4, False)), (".2t", (2, True)), (".0", (0, False)), ("", (None, False))],
)
def test_format_specs_fix_decimals_rounded_or_truncated(spec, parsed):
    assert parse_format_spec(spec) == parsed


@pytest.mark.parametrize(
    ("key", "vi", "en"),
    [
        ("2020-03", "03/2020", "03/2020"),
        ("2020-Q1", "Quý 1/2020", "Q1 2020"),
        ("2020-Q4", "Quý 4/2020", "Q4 2020"),
        ("2020-Q5", "2020-Q5", "2020-Q5"),
        ("2020", "2020", "2020"),
        ("Sở Tư pháp", "Sở Tư pháp", "Sở Tư pháp"),
    ],
)
def test_month_and_quarter_keys_as_people_write_them(key: str, vi: str, en: str) -> None:
    from parindex.presentation.numbers import fmt_period

    assert (fmt_period(key, "vi"), fmt_period(key, "en")) == (vi, en)
