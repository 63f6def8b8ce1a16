"""The one formatter of figures for people: numbers, points, percentages, dates, comparisons.

Every page, export and document formats through these functions (the web's template filters
in ``parindex.web.site.templatetags.figures`` are thin wrappers), so the same kind of figure
reads the same everywhere: counts with thousands separators (183.500 / 183,500), points as the
Ministry writes them (1,4628; 0,5; 7 — never 0,5000), rates with two decimals (97,52%),
differences of rates in percentage points, dates dd/mm/yyyy in both languages, and "≥"
rather than ">=".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from parindex.i18n import gettext_noop, translate

SEPARATORS = {"vi": (".", ","), "en": (",", ".")}


def fmt_number(
    value: object,
    lang: str = "vi",
    places: int | None = None,
    group: bool = True,
    truncate: bool = False,
) -> str:
    """Format a number: ``places`` fixes the decimals (rounded half up, or cut with
    ``truncate`` as many reports do); None writes it as short as it is exact."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        rounding = ROUND_DOWN if truncate else ROUND_HALF_UP
        number = number.quantize(Decimal(1).scaleb(-places), rounding=rounding)
        text = f"{number:f}"
    else:
        text = f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    negative = text.startswith("-")
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["vi"])
    if group and len(whole) > 3:
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        whole = thousands.join(groups)
    result = whole + (decimal + frac if frac else "")
    return ("-" if negative else "") + result


def fmt_points(value: object, lang: str = "vi") -> str:
    """Points as the Ministry writes them: up to 4 decimals, no trailing zeros (0,826; 7)."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return fmt_number(number, lang)


def fmt_percent(value: object, lang: str = "vi", places: int = 2) -> str:
    """A rate in percent with ``places`` decimals: '97,52%' / '97.52%'; empty for None."""
    if value is None:
        return ""
    return fmt_number(value, lang, places) + "%"


def fmt_count(value: object, lang: str = "vi") -> str:
    """A whole number with thousands separators: '183.500' / '183,500'; empty for None."""
    if value is None:
        return ""
    return fmt_number(value, lang, 0)


def fmt_signed_points(value: object, lang: str = "vi") -> str:
    """A difference of points with its sign: '+0,0372', '-1', '0'."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = fmt_points(number, lang)
    return "+" + text if number.quantize(Decimal("0.0001"), ROUND_HALF_UP) > 0 else text


#: What follows a difference of two rates.
PERCENTAGE_POINTS = gettext_noop("điểm phần trăm")


def fmt_pp(value: object, lang: str = "vi", places: int = 2) -> str:
    """A difference of two rates in percentage points: '+1,25 điểm phần trăm'.

    Never '%': 97 % against 95 % is a rise of 2 percentage points, not of 2 %.
    """
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = fmt_number(number, lang, places)
    sign = "+" if number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) > 0 else ""
    return f"{sign}{text} {translate(PERCENTAGE_POINTS, lang)}"


#: Comparison operators as people read them.
OPERATOR_SIGNS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<", "!=": "≠"}


def fmt_operator(op: str) -> str:
    """'>=' → '≥', '<=' → '≤' (anything else as it is)."""
    return OPERATOR_SIGNS.get(op, op)


def fmt_date(value: date | None, lang: str = "vi") -> str:
    """A day as dd/mm/yyyy in both languages ('05/02/2021'); empty for None.

    A datetime is written as its own day: convert an aware one to local time first.
    """
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fmt_period(value: str, lang: str = "vi") -> str:
    """A month or quarter key as people write it: '2020-03' → '03/2020' (as dates are, in both
    languages); '2020-Q1' → 'Quý 1/2020', 'Q1 2020'. Anything else as it is."""
    if len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        return f"{value[5:]}/{value[:4]}"
    if len(value) == 7 and value[4:6] == "-Q" and value[:4].isdigit() and value[6] in "1234":
        return f"Quý {value[6]}/{value[:4]}" if lang == "vi" else f"Q{value[6]} {value[:4]}"
    return value


def fmt_datetime(value: datetime | None, lang: str = "vi") -> str:
    """A moment as dd/mm/yyyy HH:MM (24 hours) in both languages; empty for None."""
    if value is None:
        return ""
    return f"{fmt_date(value, lang)} {value.hour:02d}:{value.minute:02d}"


def parse_format_spec(spec: str) -> tuple[int | None, bool]:
    """'.4' → 4 decimals rounded; '.2t' → 2 decimals truncated; '' → as exact as the value."""
    truncate = spec.endswith("t")
    digits = spec[1:-1] if truncate else spec[1:]
    if spec.startswith(".") and digits.isdigit():
        return int(digits), truncate
    return None, False


# --- Measured values, targets and spreadsheet cells, by kind of figure ---------------------
#
# A kind names what a figure is, so that a measured value, a target and an Excel cell of the
# same figure read alike: "count" (whole things: 185.000 hồ sơ), "points" (1,4628),
# "percent" (a rate written 0–100: 98,04%), "fraction" (a rate written 0–1), "number" (any
# other quantity, two decimals when it has any), "year" (2021, never grouped), "date",
# "datetime" and "text".

KINDS = ("count", "points", "percent", "fraction", "number", "year", "date", "datetime", "text")

#: Excel number formats per kind (Excel shows the reader's own decimal mark and separator).
#: Points are rounded to 4 places and shown as 'General' (1.4628, 0.5, 7: never 7.0000);
#: a percentage is stored as its fraction so that Excel itself writes the % sign.
XLSX_FORMATS = {
    "count": "#,##0",
    "points": "General",
    "percent": "0.00%",
    "fraction": "0.00%",
    "number": "#,##0.00",  # a whole number is written '#,##0' (see xlsx_cell)
    "year": "0",  # 2021, never 2.021
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
    "text": "@",
}


def kind_of_unit(unit: str) -> str:
    """The kind of a measure from its unit: '%' is a percentage, anything else a number."""
    return "percent" if unit.strip() == "%" else "number"


def _with_unit(text: str, unit: str) -> str:
    unit = unit.strip()
    if not text or not unit or unit == "%":
        return text
    return f"{text} {unit}"


def fmt_measured(value: object, kind: str = "number", lang: str = "vi", unit: str = "") -> str:
    """A measured value of ``kind`` with its unit: '98,04%', '185.000 hồ sơ', '1,4628'."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if kind == "percent":
        return fmt_percent(number, lang)
    if kind == "fraction":
        return fmt_percent(number * 100, lang)
    if kind == "count":
        text = fmt_count(number, lang)
    elif kind == "points":
        text = fmt_points(number, lang)
    else:
        exact = number == number.to_integral_value()
        text = fmt_number(number, lang, None if exact else 2)
    return _with_unit(text, unit)


def fmt_target(
    op: str, value: object, kind: str = "number", lang: str = "vi", unit: str = ""
) -> str:
    """A target as people read it, in the format of the figure it is compared with (issue 12,
    "one target convention"): '≥ 99,00%' (percent, as the measured '98,04%' beside it),
    '≥ 183.500 hồ sơ' (count), '= 0,5' (points), '≤ 5 ngày' (number); empty for None."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if kind == "fraction":
        number, kind = number * 100, "percent"
    if kind == "percent":
        return f"{fmt_operator(op)} {fmt_percent(number, lang)}"
    if kind == "count":
        text = fmt_count(number, lang)
    elif kind == "points":
        text = fmt_points(number, lang)
    else:
        exact = number == number.to_integral_value()
        text = fmt_number(number, lang, None if exact else 2)
    return f"{fmt_operator(op)} {_with_unit(text, unit)}"


def xlsx_cell(value: object, kind: str) -> tuple[object, str]:
    """What an Excel cell of ``kind`` holds, and its number format: a typed value, never text
    of a number (a count an int, points rounded to 4 places, a percentage its fraction, a
    date a date). An aware datetime is written as its own wall-clock time: convert it to local
    time first. None stays an empty cell."""
    if kind not in XLSX_FORMATS:
        raise ValueError(f"unknown kind of figure {kind!r}; one of {KINDS}")
    number_format = XLSX_FORMATS[kind]
    if value is None or value == "":
        return None, number_format
    if kind == "text":
        return str(value), number_format
    if kind in ("date", "datetime"):
        if isinstance(value, datetime):
            value = value.replace(tzinfo=None)
            return (value.date() if kind == "date" else value), number_format
        if isinstance(value, date):
            return value, number_format
        raise TypeError(f"a {kind} cell needs a date, not {value!r}")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"a {kind} cell needs a number, not {value!r}")
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():  # a NaN or infinite rate (0/0) is no figure: an empty cell
        return None, number_format
    if kind in ("count", "year"):
        return int(number.to_integral_value(ROUND_HALF_UP)), number_format
    if kind == "points":
        number = number.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    elif kind == "percent":
        number = number / 100
    if number == number.to_integral_value():
        return int(number), "#,##0" if kind == "number" else number_format
    return float(number), number_format
