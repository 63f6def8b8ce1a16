"""An input's stored answer as a person reads it: "Có"/"Yes", a choice's label, a number.

The database keeps what the rule reads (``true``, the Vietnamese choice, ``183500``); every
page, export and history line that shows an answer shows it through :func:`answer_text`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from parindex.core.model import InputSpec
from parindex.presentation.numbers import fmt_number

#: the words for a yes/no answer, by language
YES_NO: dict[str, tuple[str, str]] = {"vi": ("Có", "Không"), "en": ("Yes", "No")}
_YES = {"true", "yes", "y", "1", "có", "co", "x", "đạt"}
_NO = {"false", "no", "n", "0", "không", "khong", "không đạt"}


def yes_no_text(value: bool, lang: str = "vi") -> str:
    yes, no = YES_NO.get(lang, YES_NO["vi"])
    return yes if value else no


def answer_text(spec: InputSpec | None, raw: object, lang: str = "vi") -> str:
    """``raw`` (as stored or recorded) in words for the input ``spec`` in ``lang``; a value the
    input's kind cannot read is shown as it is ("" when there is none)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    text = str(raw).strip()
    kind = spec.kind if spec is not None else ""
    if kind == "yes_no" or isinstance(raw, bool):
        folded = text.lower()
        if folded in _YES:
            return yes_no_text(True, lang)
        if folded in _NO:
            return yes_no_text(False, lang)
        return text
    if kind == "choice" and spec is not None:
        return spec.choice_label(text, lang)
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    return fmt_number(number, lang) if number.is_finite() else text
