"""Cell values as the document needs them: text, exact numbers, yes/no, input lines."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from parindex.core.loader import LineDict, LineList
from parindex.core.numbers import parse_number

YES = {"có", "co", "yes", "y", "true", "x", "1", "đúng"}
NO = {"không", "khong", "no", "n", "false", "0", "sai"}

_INPUT_LINE = re.compile(
    r"(?P<name>[^\s():]+)\s*\(\s*(?P<kind>[^():]*?)\s*(?::(?P<choices>[^()]*))?\)"
    r"\s*(?::\s*(?P<rest>.*))?"
)
_UNIT = re.compile(r"(?P<title>.*?)\s*\[(?P<unit>[^\[\]]*)\]")


def normal(text: object) -> str:
    """Compare headers and names loosely: NFC, case, spaces and underscores."""
    folded = unicodedata.normalize("NFC", str(text)).casefold().replace("_", " ")
    return " ".join(folded.split())


def clean(value: Any) -> Any:
    """A cell's value: text stripped (None when blank), line breaks as ``\\n``."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return value or None
    return value


def stamp_into(value: Any, line: int) -> Any:
    """Give a parsed cell value (and everything in it) the cell's line."""
    if isinstance(value, LineDict):
        value.line = line
        value.key_lines = dict.fromkeys(value, line)
        for item in value.values():
            stamp_into(item, line)
    elif isinstance(value, LineList):
        value.line = line
        for item in value:
            stamp_into(item, line)
    return value


def parse_input(line: str) -> tuple[str, LineDict] | None:
    match = _INPUT_LINE.fullmatch(line)
    if match is None:
        return None
    spec = LineDict(kind=match["kind"])
    if match["choices"] is not None:
        spec["choices"] = LineList(c.strip() for c in match["choices"].split("|") if c.strip())
    rest = (match["rest"] or "").strip()
    unit = _UNIT.fullmatch(rest)
    title, unit_text = (unit["title"], unit["unit"].strip()) if unit else (rest, "")
    if title:
        spec["title"] = title
    if unit_text:
        spec["unit"] = unit_text
    if "choices" in spec:
        spec["choices"] = spec.pop("choices")
    return match["name"], spec


def as_text(value: Any) -> str:
    """A cell as text: numbers as typed (3, not 3.0), dates in ISO form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _float_text(value: float) -> str:
    """Excel's number as text: 3 rather than 3.0; otherwise the shortest exact repr."""
    return str(int(value)) if value.is_integer() else repr(value)


def decimal_of(value: Any) -> Decimal | None:
    """A cell as an exact Decimal: numbers via their repr, text in Vietnamese or English form."""
    if isinstance(value, bool | datetime | date | time):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    try:
        return parse_number(str(value))
    except ValueError:
        return None
