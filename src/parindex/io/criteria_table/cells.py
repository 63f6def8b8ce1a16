"""What a row's cells say: its code (own cell or start of the title), points, who scores it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from parindex.io.criteria_table.grid import fold
from parindex.io.framework_excel.cells import decimal_of

# Kinds of code: an area in Roman numerals, a sub-item letter, a block letter (A, B), or a
# code of parts separated by dots (1, 1.2, 3.4.1, and codes such as 1.R that parindex writes).
ROMAN, LETTER, BLOCK, DOTTED = "roman", "letter", "block", "dotted"

_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_LETTER = re.compile(r"[a-zđ]")
_BLOCK = re.compile(r"[A-H]")
_DOTTED = re.compile(r"[0-9A-Za-z]{1,12}(?:\.[0-9A-Za-z]{1,12}){0,5}")
_EMBEDDED = re.compile(
    r"(?:(?:lĩnh vực|tiêu chí thành phần|tiêu chí|nhóm tiêu chí)\s+)?"
    r"(?:(?P<roman>[IVX]{1,6})\s*[.):\-–]"
    r"|(?P<multi>\d{1,2}(?:\.\d{1,2}){1,4})\.?(?:\s*[):\-–])?"
    r"|(?P<number>\d{1,2})\s*[.):\-–]"
    r"|(?P<letter>[a-zđ])\s*[.)])"
    r"\s+(?P<rest>\S.*)",
    re.IGNORECASE | re.DOTALL,
)
_POINTS = re.compile(r"-?\d+(?:[.,]\d+)?")
_UNIT = re.compile(r"\s*(?:điểm|đ)\.?$", re.IGNORECASE)
_NO_VALUE = {"", "-", "–", "x", "/"}

_MINISTRY = re.compile(
    r"(bo noi vu|bnv)\s+(danh gia|cham|tham dinh|xac dinh)|(danh gia|cham)\s+(boi|do)\s+"
    r"(bo noi vu|bnv)"
)
_MINISTRY_NOTE = re.compile(r"\b(bo noi vu|bnv)\b")
_SURVEY_TITLE = re.compile(
    r"(diem|danh gia|cham diem|ket qua|thong qua|qua|bang)\s+(thong qua\s+|qua\s+)?"
    r"dieu tra\s+(xa hoi hoc|xhh)|\bsipas\b"
)
_SURVEY_NOTE = re.compile(r"dieu tra|\bxhh\b|\bsipas\b")


@dataclass(frozen=True)
class Label:
    """A row's code as written and what kind it is; ``value`` is a Roman numeral's number."""

    text: str
    kind: str
    value: int = 0


def roman_value(text: str) -> int:
    total = 0
    for ch, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def label_of(text: str) -> Label | None:
    """The code a code cell holds (``1.1.``, ``II``, ``a)``), or None when it is not one."""
    code = text.strip().strip("()").rstrip(".):").strip()
    if not code:
        return None
    if re.fullmatch(r"[IVX]{1,6}", code) and _ROMAN.fullmatch(code):
        return Label(code, ROMAN, roman_value(code))
    if _LETTER.fullmatch(code):
        return Label(code, LETTER)
    if _BLOCK.fullmatch(code):
        return Label(code, BLOCK)
    if _DOTTED.fullmatch(code):
        return Label(code, DOTTED)
    return None


def embedded(title: str) -> tuple[Label, str] | None:
    """A code written at the start of the title (``1.1. Ban hành…``) and the title after it."""
    match = _EMBEDDED.match(title)
    if match is None:
        return None
    roman = match["roman"]
    if roman is not None:
        if not _ROMAN.fullmatch(roman) or roman != roman.upper():
            return None
        return Label(roman, ROMAN, roman_value(roman)), match["rest"]
    letter = match["letter"]
    if letter is not None:
        if letter.islower():
            return Label(letter, LETTER), match["rest"]
        return (Label(letter, BLOCK), match["rest"]) if _BLOCK.fullmatch(letter) else None
    return Label(match["multi"] or match["number"], DOTTED), match["rest"]


def points(value: object, text: str) -> Decimal | str | None:
    """A cell's points: a Decimal, None when empty, or the text when it is not a number.

    Text may use a decimal comma or point (``1,5``, ``1.5``, ``1,50``) and end in ``điểm``;
    anything else (``1.5.0``, ``1,5,0``, ``abc``) is returned as text for the caller to report.
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = decimal_of(value)
        return plain(number) if number is not None else text
    written = _UNIT.sub("", text.strip()).replace(" ", "")
    if written in _NO_VALUE:
        return None
    if not _POINTS.fullmatch(written):
        return text
    number = decimal_of(written)
    return plain(number) if number is not None else text


def plain(number: Decimal) -> Decimal:
    """``1,50`` as 1.5 and ``2,0`` as 2: the figure as a framework file writes it."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def scorer_in_title(title: str) -> str | None:
    """``ministry`` or ``survey`` when the title says who scores the item, else None."""
    words = fold(title)
    if _MINISTRY.search(words):
        return "ministry"
    if _SURVEY_TITLE.search(words):
        return "survey"
    return None


def scorer_in_note(text: str) -> str | None:
    """``ministry`` or ``survey`` when a note or score cell names the Ministry or a survey."""
    words = fold(text)
    if _MINISTRY_NOTE.search(words) or _MINISTRY.search(words):
        return "ministry"
    if _SURVEY_NOTE.search(words):
        return "survey"
    return None


def is_total(title: str) -> bool:
    """A total row: ``TỔNG CỘNG``, ``Tổng điểm``, ``Tổng số điểm``."""
    words = fold(title)
    return words == "tong" or re.match(r"tong (cong|diem|so diem)\b", words) is not None
