"""Score a unit's inputs against a framework: rounded leaves, summed parents, kept apart by
who scores them (self, ministry, survey)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from parindex.core.errors import InputError, Problem
from parindex.core.model import Framework, InputSpec, Node, Relation
from parindex.core.numbers import FOUR_PLACES, HUNDRED, ZERO, parse_number, to_decimal
from parindex.core.relations import node_relations, relation_problems
from parindex.core.rules import Outcome, Value

RawInputs = Mapping[str, Mapping[str, object]]

_YES = {"true", "yes", "y", "1", "có", "co", "x", "đạt"}
_NO = {"false", "no", "n", "0", "không", "khong", "", "không đạt"}


@dataclass(frozen=True)
class Reason:
    """Why a leaf has the points it has: a stable code and its parameters."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class NodeScore:
    """One node of a scorecard."""

    code: str
    title: str
    depth: int
    max: Decimal
    score: Decimal
    scored_by: str
    block: str
    is_leaf: bool
    complete: bool
    inputs: Mapping[str, Value] = field(default_factory=dict)
    reason: Reason | None = None
    parts: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    children: tuple[str, ...] = ()

    @property
    def lost(self) -> Decimal:
        return self.max - self.score

    def part(self, scored_by: str) -> tuple[Decimal, Decimal]:
        """(score, max) of the leaves under this node that ``scored_by`` scores."""
        return self.parts.get(scored_by, (ZERO, ZERO))


@dataclass(frozen=True)
class Scorecard:
    """A unit's scores for one year against one framework version.

    Computation keeps only each node's points and each leaf's outcome; the per-node view
    (:attr:`nodes`) is built on first use, so ranking thousands of units stays cheap.
    """

    framework: Framework
    unit: str
    year: int | None
    points: Mapping[str, Decimal]
    outcomes: Mapping[str, Outcome] = field(repr=False)
    values: Mapping[str, Mapping[str, Value]] = field(repr=False)
    previous: Mapping[str, Mapping[str, Value]] = field(default_factory=dict, repr=False)

    @cached_property
    def nodes(self) -> Mapping[str, NodeScore]:
        return _node_scores(self)

    def __getitem__(self, code: str) -> NodeScore:
        return self.nodes[code]

    def __iter__(self) -> Iterator[NodeScore]:
        return iter(self.nodes.values())

    def areas(self) -> list[NodeScore]:
        return [self.nodes[n.code] for n in self.framework.nodes]

    def leaves(self) -> list[NodeScore]:
        return [n for n in self.nodes.values() if n.is_leaf]

    @property
    def total(self) -> Decimal:
        return sum((self.points[n.code] for n in self.framework.nodes), ZERO)

    @property
    def max(self) -> Decimal:
        return self.framework.max

    def total_by(self, scored_by: str) -> tuple[Decimal, Decimal]:
        """(score, max) over the leaves ``scored_by`` scores: 'self' gives the self-assessment."""
        plan = _plan(self.framework)
        codes = plan.by_scorer.get(scored_by, ())
        return sum((self.points[c] for c in codes), ZERO), plan.max_by_scorer.get(scored_by, ZERO)

    def total_block(self, block: str) -> tuple[Decimal, Decimal]:
        plan = _plan(self.framework)
        codes = plan.by_block.get(block, ())
        return sum((self.points[c] for c in codes), ZERO), plan.max_by_block.get(block, ZERO)

    @property
    def percent(self) -> Decimal:
        return self.total / self.max * HUNDRED if self.max else ZERO

    def incomplete(self, scored_by: str | None = None) -> list[NodeScore]:
        return [
            leaf
            for leaf in self.leaves()
            if not leaf.complete and (scored_by is None or leaf.scored_by == scored_by)
        ]


@dataclass(frozen=True)
class _Plan:
    """A framework flattened once for fast scoring: leaves in order and parents bottom-up."""

    leaves: tuple[Node, ...]
    parents_bottom_up: tuple[tuple[str, tuple[str, ...]], ...]
    by_scorer: Mapping[str, tuple[str, ...]]
    max_by_scorer: Mapping[str, Decimal]
    by_block: Mapping[str, tuple[str, ...]]
    max_by_block: Mapping[str, Decimal]
    leaf_inputs: Mapping[str, tuple[Node, Mapping[str, InputSpec]]]
    relations: Mapping[str, tuple[Relation, ...]]


_PLANS: dict[int, tuple[Framework, _Plan]] = {}


def _plan(framework: Framework) -> _Plan:
    cached = _PLANS.get(id(framework))
    if cached is not None and cached[0] is framework:
        return cached[1]
    nodes = list(framework.walk())
    leaves = tuple(n for n in nodes if n.is_leaf)
    parents = tuple(
        (n.code, tuple(c.code for c in n.children)) for n in reversed(nodes) if not n.is_leaf
    )
    by_scorer: dict[str, list[str]] = {}
    by_block: dict[str, list[str]] = {}
    max_scorer: dict[str, Decimal] = {}
    max_block: dict[str, Decimal] = {}
    for leaf in leaves:
        by_scorer.setdefault(leaf.scored_by, []).append(leaf.code)
        by_block.setdefault(leaf.block, []).append(leaf.code)
        max_scorer[leaf.scored_by] = max_scorer.get(leaf.scored_by, ZERO) + leaf.max
        max_block[leaf.block] = max_block.get(leaf.block, ZERO) + leaf.max
    plan = _Plan(
        leaves,
        parents,
        {k: tuple(v) for k, v in by_scorer.items()},
        max_scorer,
        {k: tuple(v) for k, v in by_block.items()},
        max_block,
        {leaf.code: (leaf, {spec.name: spec for spec in leaf.inputs}) for leaf in leaves},
        {leaf.code: rels for leaf in leaves if (rels := node_relations(leaf))},
    )
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[id(framework)] = (framework, plan)
    return plan


def _node_scores(card: Scorecard) -> dict[str, NodeScore]:
    result: dict[str, NodeScore] = {}
    framework = card.framework

    def visit(node: Node) -> NodeScore:
        points = card.points[node.code]
        if node.is_leaf:
            outcome = card.outcomes[node.code]
            item = NodeScore(
                code=node.code,
                title=node.title,
                depth=node.depth,
                max=node.max,
                score=points,
                scored_by=node.scored_by,
                block=node.block,
                is_leaf=True,
                complete=outcome.complete,
                inputs=dict(card.values.get(node.code, _EMPTY)),
                reason=Reason(outcome.reason, outcome.params),
                parts={node.scored_by: (points, node.max)},
            )
        else:
            children = [visit(child) for child in node.children]
            parts: dict[str, tuple[Decimal, Decimal]] = {}
            for child in children:
                for who, (s, m) in child.parts.items():
                    prev_s, prev_m = parts.get(who, (ZERO, ZERO))
                    parts[who] = (prev_s + s, prev_m + m)
            item = NodeScore(
                code=node.code,
                title=node.title,
                depth=node.depth,
                max=node.max,
                score=points,
                scored_by=node.scored_by,
                block=node.block,
                is_leaf=False,
                complete=all(c.complete for c in children),
                parts=parts,
                children=tuple(c.code for c in children),
            )
        result[node.code] = item
        return item

    for top in framework.nodes:
        visit(top)
    return {n.code: result[n.code] for n in framework.walk()}


def _yes_no(spec: InputSpec, raw: object, node: Node) -> Value:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"'{raw}' is not yes/no")


def _choice(spec: InputSpec, raw: object, node: Node) -> Value:
    text = str(raw).strip()
    if text not in spec.choices:
        raise ValueError(f"'{raw}' is not one of {', '.join(spec.choices)}")
    return text


def _number(spec: InputSpec, raw: object, node: Node) -> Value:
    kind = spec.kind
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int) and not isinstance(raw, bool):
        value = Decimal(raw)
    elif (
        isinstance(raw, str)
        and _PLAIN_NUMBER.fullmatch(raw)
        and (kind != "count" or "." not in raw)
    ):
        value = Decimal(raw)  # the common case: a machine-written number
    elif isinstance(raw, str):
        value = parse_number(raw, whole=kind == "count")
    else:
        value = to_decimal(raw)
    if not value.is_finite():
        raise ValueError(f"'{raw}' is not a finite number")
    if kind == "number":
        return value
    if value < 0:
        raise ValueError(f"{value} is negative")
    if kind == "count" and value != value.to_integral_value():
        raise ValueError(f"{value} is not a whole number")
    if kind == "percent" and value > HUNDRED:
        raise ValueError(f"{value} % is above 100 %")
    if kind == "points" and value > node.max:
        raise ValueError(f"{value} points is above the maximum {node.max}")
    return value


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_COERCERS = {"yes_no": _yes_no, "choice": _choice}


def coerce(spec: InputSpec, raw: object, node: Node) -> Value:
    """Turn a raw value (typed, from a file or a form) into the input's kind or raise."""
    return _COERCERS.get(spec.kind, _number)(spec, raw, node)


def validate_inputs(
    framework: Framework, inputs: RawInputs
) -> tuple[dict[str, dict[str, Value]], list[Problem]]:
    """Coerce every raw input; return the values and every problem found."""
    values: dict[str, dict[str, Value]] = {}
    problems: list[Problem] = []
    plan = _plan(framework)
    for code, raw_values in inputs.items():
        leaf = plan.leaf_inputs.get(code)
        node: Node | None
        if leaf is not None:
            node, specs = leaf
        else:
            node, specs = framework.get(code), {}
        if node is None:
            problems.append(
                Problem("unknown_node", f"no node '{code}' in {framework.key}", node=code)
            )
            continue
        if not node.is_leaf:
            problems.append(
                Problem("not_leaf", "inputs go on sub-criteria, not on parents", node=code)
            )
            continue
        coerced: dict[str, Value] = {}
        for name, raw in raw_values.items():
            spec = specs.get(name)
            if spec is None:
                known = ", ".join(s.name for s in node.inputs) or "none"
                problems.append(
                    Problem(
                        "unknown_input",
                        f"no input '{name}' (inputs: {known})",
                        node=code,
                        params={"input": name},
                    )
                )
                continue
            if raw is None:
                continue
            try:
                coerced[name] = (_COERCERS.get(spec.kind) or _number)(spec, raw, node)
            except ValueError as exc:
                problems.append(
                    Problem(
                        "bad_value",
                        f"input '{name}': {exc}",
                        node=code,
                        params={"input": name, "value": raw},
                    )
                )
        relations = plan.relations.get(code)
        if relations:
            problems.extend(relation_problems(node, coerced, relations))
        values[code] = coerced
    return values, problems


def score(
    framework: Framework,
    inputs: RawInputs,
    previous: RawInputs | None = None,
    *,
    unit: str = "",
    year: int | None = None,
) -> Scorecard:
    """Score ``inputs`` (node code → input name → value); raise InputError on bad values."""
    values, problems = validate_inputs(framework, inputs)
    prev_values: dict[str, dict[str, Value]] = {}
    if previous:
        prev_values, prev_problems = validate_inputs(framework, _known_only(framework, previous))
        problems.extend(prev_problems)
    if problems:
        raise InputError(problems)
    return score_values(framework, values, prev_values, unit=unit, year=year)


def _known_only(framework: Framework, previous: RawInputs) -> RawInputs:
    """Last year's inputs may come from another framework version: keep what still matches."""
    kept: dict[str, dict[str, object]] = {}
    for code, raw in previous.items():
        node = framework.get(code)
        if node is not None and node.is_leaf:
            kept[code] = {k: v for k, v in raw.items() if node.input(k) is not None}
    return kept


_EMPTY: Mapping[str, Value] = {}


def evaluate_leaf(
    node: Node, values: Mapping[str, Value], previous: Mapping[str, Value]
) -> Outcome:
    """Points of one leaf (unrounded) from already coerced values."""
    assert node.rule is not None
    try:
        return node.rule.evaluate(node.max, values, previous)
    except KeyError:
        missing = tuple(name for name in node.rule.input_names() if name not in values)
        if not missing:
            raise
        return Outcome(ZERO, "missing_input", {"inputs": missing}, complete=False)


def score_values(
    framework: Framework,
    values: Mapping[str, Mapping[str, Value]],
    previous: Mapping[str, Mapping[str, Value]] | None = None,
    *,
    unit: str = "",
    year: int | None = None,
) -> Scorecard:
    """Score already coerced values: leaves rounded to 4 decimals, parents summed."""
    previous = previous or {}
    plan = _plan(framework)
    points: dict[str, Decimal] = {}
    outcomes: dict[str, Outcome] = {}
    for leaf in plan.leaves:
        outcome = evaluate_leaf(
            leaf, values.get(leaf.code, _EMPTY), previous.get(leaf.code, _EMPTY)
        )
        outcomes[leaf.code] = outcome
        points[leaf.code] = outcome.points.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    for code, children in plan.parents_bottom_up:
        points[code] = sum([points[c] for c in children], ZERO)
    return Scorecard(framework, unit, year, points, outcomes, values, previous)


@dataclass(frozen=True)
class UnitInputs:
    """One unit's raw inputs for :func:`score_many`."""

    unit: str
    inputs: RawInputs
    previous: RawInputs | None = None
    year: int | None = None


def score_many(framework: Framework, units: Iterable[UnitInputs]) -> Iterator[Scorecard]:
    """Score many units one after the other (an internal index, a country).

    A generator, so a ranking of thousands of units keeps only what it needs of each
    scorecard. Bad inputs raise InputError naming the unit.
    """
    for item in units:
        try:
            yield score(framework, item.inputs, item.previous, unit=item.unit, year=item.year)
        except InputError as exc:
            raise InputError(
                [
                    Problem(p.code, p.message, item.unit, p.line, p.node, p.params)
                    for p in exc.problems
                ]
            ) from exc


def values_of(scorecard: Scorecard) -> dict[str, dict[str, Value]]:
    """The inputs a scorecard was computed from (for what-if and next year's comparisons)."""
    return {leaf.code: dict(leaf.inputs) for leaf in scorecard.leaves() if leaf.inputs}
