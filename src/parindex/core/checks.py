"""Consistency check: figures a report states against each other and against the computation.

Every contradiction is reported with both numbers and the node; nothing is silently chosen.
Stated figures are compared at the precision they were written with ("36 %" agrees with
35,64 %; "98,8221 %" must match to four decimals).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from parindex.core.errors import InputError, Problem
from parindex.core.model import Node
from parindex.core.numbers import HUNDRED, ZERO, places_of, round4, round_to
from parindex.core.relations import titles, violated
from parindex.core.scoring import Scorecard, coerce, evaluate_leaf


@dataclass(frozen=True)
class StatedNode:
    """What a document states about one node."""

    score: Decimal | None = None
    max: Decimal | None = None
    lost: Decimal | None = None
    rate: Decimal | None = None  # percent
    inputs: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Stated:
    """Figures stated in a document: per node, and the overall total with its maximum."""

    nodes: Mapping[str, StatedNode] = field(default_factory=dict)
    total: Decimal | None = None
    total_max: Decimal | None = None
    total_scope: str = "self"  # which total: self | all


@dataclass(frozen=True)
class Contradiction:
    """Two figures that cannot both be right."""

    #: score | max | lost | rate | rate_fraction | input | input_score | parts | total |
    #: relation (stated = the left side's value, computed = the right side's)
    code: str
    node: str
    stated: Decimal
    computed: Decimal
    params: Mapping[str, object] = field(default_factory=dict)


def agrees(stated: Decimal, computed: Decimal) -> bool:
    """Whether ``computed`` rounds or truncates to ``stated`` at the precision it was written with.

    Reports often truncate ("36,87 %" for 36,8794 %) rather than round; both are accepted.
    """
    places = places_of(stated)
    if round_to(computed, places) == stated:
        return True
    return computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN) == stated


def agrees_points(stated: Decimal, computed: Decimal) -> bool:
    """Points are written without trailing zeros (0,826; 7): compare them to 4 decimals."""
    return round4(computed) == stated


def check(scorecard: Scorecard, stated: Stated) -> list[Contradiction]:
    """Every contradiction between the stated figures and the computed scorecard."""
    found: list[Contradiction] = []
    framework = scorecard.framework
    unknown = [code for code in stated.nodes if code not in framework]
    if unknown:
        # A stated figure is never dropped silently: a code the framework lacks is an error.
        raise InputError(
            [
                Problem(
                    "unknown_node",
                    f"stated figures for '{code}', which is not in {framework.key}",
                    node=code,
                )
                for code in unknown
            ]
        )
    for code, fig in stated.nodes.items():
        node = scorecard.nodes[code]
        fw_node = framework[code]
        own_score, own_max = _scope(node, stated.total_scope)
        if fig.max is not None and fig.max != node.max and fig.max != own_max:
            found.append(Contradiction("max", code, fig.max, node.max))
        if fig.score is not None and not agrees_points(fig.score, own_score):
            found.append(Contradiction("score", code, fig.score, own_score))
        if fig.lost is not None and not agrees_points(fig.lost, own_max - own_score):
            found.append(Contradiction("lost", code, fig.lost, own_max - own_score))
        used_rate = node.reason.params.get("rate") if node.reason else None
        for name, value in fig.inputs.items():
            used = node.inputs.get(name)
            if isinstance(used, Decimal) and used != value:
                found.append(Contradiction("input", code, value, used, {"input": name}))
        if fig.inputs and fw_node.is_leaf:
            found.extend(_relations(fw_node, {**node.inputs, **fig.inputs}))
        num_name, den_name = _ratio_inputs(fw_node)
        if fig.rate is not None and num_name and den_name:
            num = fig.inputs.get(num_name)
            den = fig.inputs.get(den_name)
            if num is not None and den:
                from_stated = num / den * HUNDRED
                if not agrees(fig.rate, from_stated):
                    found.append(
                        Contradiction(
                            "rate_fraction",
                            code,
                            fig.rate,
                            from_stated,
                            {"numerator": num, "denominator": den},
                        )
                    )
        if (
            fig.rate is not None
            and isinstance(used_rate, Decimal)
            and not agrees(fig.rate, used_rate)
        ):
            found.append(Contradiction("rate", code, fig.rate, used_rate))
        if fig.inputs and fw_node.is_leaf and fig.score is not None:
            differs = any(node.inputs.get(k) != v for k, v in fig.inputs.items())
            if differs:
                merged = {**node.inputs}
                for name, value in fig.inputs.items():
                    spec = fw_node.input(name)
                    if spec is not None:
                        merged[name] = coerce(spec, value, fw_node)
                outcome = evaluate_leaf(fw_node, merged, {})
                points = round4(outcome.points)
                if outcome.complete and not agrees_points(fig.score, points):
                    found.append(
                        Contradiction(
                            "input_score", code, fig.score, points, {"inputs": dict(fig.inputs)}
                        )
                    )
        found.extend(_parts(scorecard, stated, code, fig))
    if stated.total is not None:
        total, total_max = (
            scorecard.total_by("self")
            if stated.total_scope == "self"
            else (scorecard.total, scorecard.max)
        )
        if not agrees_points(stated.total, total):
            found.append(Contradiction("total", "", stated.total, total))
        if stated.total_max is not None and stated.total_max != total_max:
            found.append(Contradiction("total_max", "", stated.total_max, total_max))
        area_scores = [
            stated.nodes[a.code].score for a in framework.nodes if a.code in stated.nodes
        ]
        if len(area_scores) == len(framework.nodes) and all(s is not None for s in area_scores):
            summed = sum((s for s in area_scores if s is not None), ZERO)
            if summed != stated.total:
                found.append(Contradiction("total_parts", "", stated.total, summed))
    return found


def _relations(node: Node, values: Mapping[str, object]) -> list[Contradiction]:
    """Stated figures that cannot go together (301.893 on time out of 201.893 received)."""
    return [
        Contradiction(
            "relation",
            node.code,
            item.left,
            item.right,
            {
                "left": item.relation.left,
                "op": item.relation.op,
                "right": item.relation.right if item.relation.constant is None else "",
                **titles(node, item.relation),
            },
        )
        for item in violated(node, values)
    ]


def _scope(node: object, scope: str) -> tuple[Decimal, Decimal]:
    from parindex.core.scoring import NodeScore

    assert isinstance(node, NodeScore)
    if scope == "self" and not node.is_leaf:
        return node.part("self")
    return node.score, node.max


def _ratio_inputs(node: object) -> tuple[str | None, str | None]:
    rule = getattr(node, "rule", None)
    measure = getattr(rule, "measure", None)
    if measure is None:
        return None, None
    return measure.numerator, measure.denominator


def _parts(scorecard: Scorecard, stated: Stated, code: str, fig: StatedNode) -> list[Contradiction]:
    """A parent's stated loss must equal the losses stated for its parts."""
    framework = scorecard.framework
    node = framework[code]
    if node.is_leaf or fig.lost is None:
        return []
    described = ZERO
    count = 0
    for other_code, other in stated.nodes.items():
        if other_code == code or other.score is None:
            continue
        if code not in {a.code for a in framework.ancestors(other_code)}:
            continue
        other_node = framework.get(other_code)
        if other_node is None or not other_node.is_leaf:
            continue
        described += (other.max if other.max is not None else other_node.max) - other.score
        count += 1
    if count and described != fig.lost:
        return [Contradiction("parts", code, fig.lost, described, {"parts": count})]
    return []
