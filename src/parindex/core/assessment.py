"""Parse an assessment file: a unit's inputs for a year, comments and the figures it states."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parindex.core.checks import Stated, StatedNode
from parindex.core.errors import FrameworkError, InputError, Problem
from parindex.core.loader import parse_yaml
from parindex.core.numbers import to_decimal


@dataclass(frozen=True)
class AssessmentData:
    """What a unit entered (or a report stated) for one year."""

    framework: str
    unit_code: str
    unit_name: str
    unit_kind: str
    year: int
    inputs: Mapping[str, Mapping[str, object]]
    previous: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)
    stated: Stated = field(default_factory=Stated)
    previous_result: Mapping[str, object] = field(default_factory=dict)
    source: str = ""


def load_assessment(text: str, source: str = "") -> AssessmentData:
    """Parse assessment YAML; raise InputError naming the line of each problem."""
    try:
        doc = parse_yaml(text, source)
    except FrameworkError as exc:  # the YAML layer's syntax errors, re-raised as input errors
        raise InputError(exc.problems) from exc
    problems: list[Problem] = []

    def need(key: str, kind: type) -> Any:
        value = doc.get(key) if isinstance(doc, Mapping) else None
        if not isinstance(value, kind):
            problems.append(
                Problem(
                    "assessment_field",
                    f"'{key}' is missing or not a {kind.__name__}",
                    source,
                    getattr(doc, "line", None),
                )
            )
            return None
        return value

    if not isinstance(doc, Mapping):
        raise InputError([Problem("assessment_field", "not an assessment", source)])
    framework = need("framework", str)
    year = need("year", int)
    unit = need("unit", Mapping)
    inputs = need("inputs", Mapping)
    stated = Stated()
    raw_stated = doc.get("stated")
    if isinstance(raw_stated, Mapping):
        try:
            stated = _stated(raw_stated)
        except (ValueError, TypeError) as exc:
            problems.append(
                Problem(
                    "stated", f"stated figures: {exc}", source, getattr(raw_stated, "line", None)
                )
            )
    for key in ("inputs", "previous"):
        for code, values in (doc.get(key) or {}).items():
            if not isinstance(values, Mapping):
                problems.append(
                    Problem(
                        "assessment_field",
                        f"{key}: values of '{code}' must be a mapping of input names",
                        source,
                        getattr(doc.get(key), "line", None),
                        str(code),
                    )
                )
    if problems:
        raise InputError(problems)
    return AssessmentData(
        framework=framework,
        unit_code=str(unit.get("code", "")),
        unit_name=str(unit.get("name", "")),
        unit_kind=str(unit.get("kind", "")),
        year=year,
        inputs={str(k): dict(v) for k, v in inputs.items()},
        previous={str(k): dict(v) for k, v in (doc.get("previous") or {}).items()},
        comments={str(k): str(v) for k, v in (doc.get("comments") or {}).items()},
        stated=stated,
        previous_result=dict(doc.get("previous_result") or {}),
        source=str(doc.get("source", "")),
    )


def _dec(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value)


def _stated(raw: Mapping[str, Any]) -> Stated:
    nodes = {}
    for code, fig in (raw.get("nodes") or {}).items():
        nodes[str(code)] = StatedNode(
            score=_dec(fig.get("score")),
            max=_dec(fig.get("max")),
            lost=_dec(fig.get("lost")),
            rate=_dec(fig.get("rate")),
            inputs={str(k): to_decimal(v) for k, v in (fig.get("inputs") or {}).items()},
        )
    return Stated(
        nodes=nodes,
        total=_dec(raw.get("total")),
        total_max=_dec(raw.get("total_max")),
        total_scope=str(raw.get("scope", "self")),
    )
