"""Scoring rules as data: the registry of rule kinds, one module per family of kinds.

This package is the public API of the rules: import the registry (:data:`RULES`,
:func:`register`), the base :class:`Rule`, :class:`Outcome`, :class:`ParseContext` and
:data:`Value` from ``parindex.core.rules``; a concrete kind from its family's module
(``parindex.core.rules.bands`` and so on). Importing the package registers every kind.

- ``base``: the registry, the base class, outcomes and the parse context
- ``measure``: the rate (percentage, or numerator over denominator) several kinds score
- ``proportional``: proportional, threshold_proportional, base_proportional
- ``bands``: bands
- ``comparison``: compare_previous
- ``answers``: yes_no, choice
- ``counts``: bonus and penalty (sharing :class:`~parindex.core.rules.counts.PerCount`)
- ``expression``: formula
- ``manual``: manual
"""

from __future__ import annotations

from parindex.core.rules import (  # noqa: F401  (importing a family registers its kinds)
    answers,
    bands,
    comparison,
    counts,
    expression,
    manual,
    proportional,
)
from parindex.core.rules.base import (
    NUMERIC_KINDS,
    RULES,
    Outcome,
    ParseContext,
    Report,
    Rule,
    Value,
    register,
)

__all__ = [
    "NUMERIC_KINDS",
    "RULES",
    "Outcome",
    "ParseContext",
    "Report",
    "Rule",
    "Value",
    "register",
]
