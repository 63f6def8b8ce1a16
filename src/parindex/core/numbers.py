"""Decimal helpers: every point and rate in the core is a Decimal."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FOUR_PLACES = Decimal("0.0001")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def round4(value: Decimal) -> Decimal:
    """Round half up to 4 decimals, as the Ministry rounds each sub-criterion."""
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def round_to(value: Decimal, places: int) -> Decimal:
    """Round half up to ``places`` decimals."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def to_decimal(value: object) -> Decimal:
    """Convert an int, str or Decimal to Decimal exactly; floats go through their repr."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
    raise ValueError(f"not a number: {value!r}")


_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_BLANKS = str.maketrans("", "", " \u00a0\u202f\t")


def parse_number(text: str, *, whole: bool = False) -> Decimal:
    """Read a number as people type it, in Vietnamese or English; ValueError if it is none.

    Spaces and one trailing "%" are ignored ("98,8221 %"). When both marks appear, the last
    one is the decimal mark ("1.234,5"; "1,234.5"). A lone comma is the decimal mark ("1,5");
    several commas are refused. Several dots are thousands ("5.428.326"). A single dot is a
    decimal point ("1.5", "82.598" % as machine exports write it), except in a ``whole``
    number (a count) with exactly three digits after it: "183.500" dossiers is 183500, so
    "1.500" is 1.5 unless the value is a count.
    """
    cleaned = text.translate(_BLANKS).removesuffix("%")
    if "," in cleaned and "." in cleaned:
        thousands = "." if cleaned.rfind(",") > cleaned.rfind(".") else ","
        cleaned = cleaned.replace(thousands, "").replace(",", ".")
    elif "," in cleaned:
        if cleaned.count(",") > 1:
            raise ValueError(f"not a number: {text!r}")
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(".") > 1 or (
        whole and cleaned.count(".") == 1 and len(cleaned.rpartition(".")[2]) == 3
    ):
        cleaned = cleaned.replace(".", "")
    if not _PLAIN.fullmatch(cleaned):
        raise ValueError(f"not a number: {text!r}")
    return Decimal(cleaned)


def places_of(value: Decimal) -> int:
    """Number of decimals as written (``Decimal('98.8221')`` -> 4, ``Decimal('36')`` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))
