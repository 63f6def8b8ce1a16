"""Decimal helpers: every point and rate in the core is a Decimal."""

from __future__ import annotations

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


def places_of(value: Decimal) -> int:
    """Number of decimals as written (``Decimal('98.8221')`` -> 4, ``Decimal('36')`` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))
