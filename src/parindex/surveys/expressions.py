"""The XLSForm expressions parindex evaluates itself, and which ones it cannot.

The public form has no JavaScript, and imports are checked with the same rules, so parindex
evaluates a small subset of XPath:

- ``relevant``: ``${q} = 'v'`` or ``${q} != 'v'`` where ``q`` is a select, text or date
  question (a group's relevance too; several apply together);
- ``constraint``: ``. >= a and . <= b`` (any of ``>= <= > <`` joined by ``and``) on a number,
  ``count-selected(.) <= n`` on a select_multiple;
- ``calculation``: none.

Anything else would be silently ignored, so an import refuses it (``unsupported_problems``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

RELEVANT_RE = re.compile(r"^\s*\$\{(\w+)\}\s*(!?=)\s*'([^']*)'\s*$")
BOUND_RE = re.compile(r"\.\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)")
COUNT_RE = re.compile(r"count-selected\(\s*\.\s*\)\s*<=\s*(\d+)")
#: Question types whose answer is text, so ``${q} = 'v'`` compares like for like.
COMPARABLE_TYPES = ("select_one", "select_multiple", "text", "date")
NUMBER_TYPES = ("integer", "decimal")


def relevant(expressions: tuple[str, ...], answers: Mapping[str, Any]) -> bool | None:
    """True/False when every expression is a simple comparison; None when one is not."""
    for expr in expressions:
        m = RELEVANT_RE.match(expr)
        if m is None:
            return None
        name, op, value = m.groups()
        given = answers.get(name)
        hit = given == value or (isinstance(given, tuple) and value in given)
        if hit != (op == "="):
            return False
    return True


def bounds(constraint: str) -> list[tuple[str, Decimal]]:
    """Return the numeric bounds of a constraint made only of ``. op number`` joined by and."""
    rest = BOUND_RE.sub("", constraint).replace("and", "").strip()
    if rest:
        return []
    return [(op, Decimal(num)) for op, num in BOUND_RE.findall(constraint)]


def in_bounds(value: Decimal, limits: list[tuple[str, Decimal]]) -> bool:
    """Whether ``value`` meets every bound."""
    ops = {
        ">=": value.__ge__,
        "<=": value.__le__,
        ">": value.__gt__,
        "<": value.__lt__,
    }
    return all(ops[op](num) for op, num in limits)


def max_choices(constraint: str) -> int | None:
    """The ``count-selected(.) <= n`` limit of a select_multiple's constraint, if any."""
    m = COUNT_RE.search(constraint)
    return int(m.group(1)) if m else None


def relevant_problem(expression: str, types: Mapping[str, str]) -> str | None:
    """Why the public form cannot evaluate a relevance (None: it can).

    ``types`` maps each question name of the form to its type.
    """
    m = RELEVANT_RE.match(expression)
    if m is None:
        return "not_simple"
    qtype = types.get(m.group(1))
    if qtype is None:
        return "unknown_question"
    if qtype not in COMPARABLE_TYPES:
        return "not_comparable"
    return None


def constraint_problem(qtype: str, constraint: str) -> str | None:
    """Why the public form cannot check a constraint on a ``qtype`` question (None: it can)."""
    if qtype in NUMBER_TYPES:
        return None if bounds(constraint) else "not_bounds"
    if qtype == "select_multiple":
        return None if COUNT_RE.fullmatch(constraint.strip()) else "not_count"
    return "not_checked"
