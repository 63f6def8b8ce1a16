"""Vietnamese and English number formats (180.840; 61,4203; 97,5178 %)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

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
    return fmt_number(value, lang, places) + "%"


def parse_format_spec(spec: str) -> tuple[int | None, bool]:
    """'.4' → 4 decimals rounded; '.2t' → 2 decimals truncated; '' → as exact as the value."""
    truncate = spec.endswith("t")
    digits = spec[1:-1] if truncate else spec[1:]
    if spec.startswith(".") and digits.isdigit():
        return int(digits), truncate
    return None, False
