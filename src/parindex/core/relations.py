"""Relations between a sub-criterion's inputs: what values can possibly go together.

A rule implies some (a proportional rule's numerator never exceeds its denominator: 301.893
dossiers on time out of 201.893 received is impossible, not full marks); a framework file
declares others on a leaf (``relations: [{left: online, op: "<=", right: received}]``). Every
door a value enters through checks them with :func:`relation_problems`, and the consistency
check reports stated figures that break them. Problems carry the code ``relation`` and the
facts a sentence needs; the wording is the presentation layer's.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.errors import Problem
from parindex.core.model import Node, Relation

__all__ = ["OPERATORS", "Relation", "node_relations", "relation_problems", "titles", "violated"]

CODE = "relation"

#: The comparisons a relation may state, as written in framework files.
OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "=": operator.eq,
}


@dataclass(frozen=True)
class Violation:
    """A relation the values break, with both sides' values."""

    relation: Relation
    left: Decimal
    right: Decimal


def node_relations(node: Node) -> tuple[Relation, ...]:
    """Every relation of a leaf: those its rule implies, then those its framework declares."""
    implied = node.rule.implied_relations() if node.rule is not None else ()
    declared = tuple(r for r in node.relations if r not in implied)
    return (*implied, *declared)


def _number(value: object) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return None


def violated(
    node: Node, values: Mapping[str, object], relations: tuple[Relation, ...] | None = None
) -> list[Violation]:
    """The relations of ``node`` its coerced ``values`` break (a missing side is no breach).

    ``relations`` defaults to :func:`node_relations` (scoring passes them precomputed).
    """
    found: list[Violation] = []
    for relation in node_relations(node) if relations is None else relations:
        left = _number(values.get(relation.left))
        right = (
            relation.constant
            if relation.constant is not None
            else _number(values.get(relation.right))
        )
        if left is None or right is None:
            continue
        if not OPERATORS[relation.op](left, right):
            found.append(Violation(relation, left, right))
    return found


def relation_problems(
    node: Node, values: Mapping[str, object], relations: tuple[Relation, ...] | None = None
) -> list[Problem]:
    """A ``relation`` problem per broken relation, attached to its left input."""
    problems = []
    for item in violated(node, values, relations):
        rel = item.relation
        right_name = rel.right if rel.constant is None else ""
        message = (
            f"input '{rel.left}' = {item.left} must be {rel.op} "
            f"{right_name + ' = ' if right_name else ''}{item.right}"
        )
        problems.append(
            Problem(
                CODE,
                message,
                node=node.code,
                params={
                    "input": rel.left,
                    "left": rel.left,
                    "op": rel.op,
                    "right": right_name,
                    "left_value": item.left,
                    "right_value": item.right,
                    "origin": rel.origin,
                    **titles(node, rel),
                },
            )
        )
    return problems


def titles(node: Node, relation: Relation) -> dict[str, str]:
    """The framework's titles of both sides (``left_title``, ``right_title``), for the sentence."""
    found = {}
    for side, name in (("left", relation.left), ("right", relation.right)):
        spec = node.input(name) if name else None
        if spec is not None and spec.title:
            found[f"{side}_title"] = spec.title
        title_en = getattr(spec, "title_en", "") if spec is not None else ""
        if title_en:
            found[f"{side}_title_en"] = title_en
    return found
