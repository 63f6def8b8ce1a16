"""Score a unit's inputs against a framework: rounded leaves, summed parents, kept apart by
who scores them (self, ministry, survey)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from parindex.core.errors import InputError, Problem
from parindex.core.model import Framework, InputSpec, Node
from parindex.core.numbers import HUNDRED, ZERO, round4, to_decimal
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
    """A unit's scores for one year against one framework version."""

    framework: Framework
    unit: str
    year: int | None
    nodes: Mapping[str, NodeScore]

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
        return sum((a.score for a in self.areas()), ZERO)

    @property
    def max(self) -> Decimal:
        return self.framework.max

    def total_by(self, scored_by: str) -> tuple[Decimal, Decimal]:
        """(score, max) over the leaves ``scored_by`` scores: 'self' gives the self-assessment."""
        score = max_ = ZERO
        for leaf in self.leaves():
            if leaf.scored_by == scored_by:
                score += leaf.score
                max_ += leaf.max
        return score, max_

    def total_block(self, block: str) -> tuple[Decimal, Decimal]:
        score = max_ = ZERO
        for leaf in self.leaves():
            if leaf.block == block:
                score += leaf.score
                max_ += leaf.max
        return score, max_

    @property
    def percent(self) -> Decimal:
        return self.total / self.max * HUNDRED if self.max else ZERO

    def incomplete(self, scored_by: str | None = None) -> list[NodeScore]:
        return [
            leaf
            for leaf in self.leaves()
            if not leaf.complete and (scored_by is None or leaf.scored_by == scored_by)
        ]


def coerce(spec: InputSpec, raw: object, node: Node) -> Value:
    """Turn a raw value (typed, from a file or a form) into the input's kind, or raise ValueError."""
    kind = spec.kind
    if kind == "yes_no":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValueError(f"'{raw}' is not yes/no")
    if kind == "choice":
        text = str(raw).strip()
        if text not in spec.choices:
            raise ValueError(f"'{raw}' is not one of {', '.join(spec.choices)}")
        return text
    if isinstance(raw, str):
        raw = _parse_number_text(raw)
    value = to_decimal(raw)
    if not value.is_finite():
        raise ValueError(f"'{raw}' is not a finite number")
    if kind in ("count", "money", "percent", "points") and value < 0:
        raise ValueError(f"{value} is negative")
    if kind == "count" and value != value.to_integral_value():
        raise ValueError(f"{value} is not a whole number")
    if kind == "percent" and value > HUNDRED:
        raise ValueError(f"{value} % is above 100 %")
    if kind == "points" and value > node.max:
        raise ValueError(f"{value} points is above the maximum {node.max}")
    return value


def _parse_number_text(text: str) -> str:
    """Accept '180840', '180.840' (Vietnamese thousands), '97,5178' and '97.5178'."""
    text = text.strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if "," in text and "." in text:
        return text.replace(".", "").replace(",", ".")
    if "," in text:
        return text.replace(",", ".")
    parts = text.split(".")
    if len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3 and parts[0].lstrip("-")
                          and len(parts[0].lstrip("-")) <= 3 and _is_grouped(parts)):
        return text.replace(".", "")
    return text


def _is_grouped(parts: list[str]) -> bool:
    # "180.840" is ambiguous; treat a single dot followed by exactly three digits as thousands
    # only when the integer part has no leading zero (so "0.826" stays a decimal).
    return not parts[0].lstrip("-").startswith("0")


def validate_inputs(framework: Framework, inputs: RawInputs) -> tuple[dict[str, dict[str, Value]],
                                                                      list[Problem]]:
    """Coerce every raw input; return the values and every problem found."""
    values: dict[str, dict[str, Value]] = {}
    problems: list[Problem] = []
    for code, raw_values in inputs.items():
        node = framework.get(code)
        if node is None:
            problems.append(Problem("unknown_node", f"no node '{code}' in {framework.key}",
                                    node=code))
            continue
        if not node.is_leaf:
            problems.append(Problem("not_leaf", "inputs go on sub-criteria, not on parents",
                                    node=code))
            continue
        coerced: dict[str, Value] = {}
        for name, raw in raw_values.items():
            spec = node.input(name)
            if spec is None:
                known = ", ".join(s.name for s in node.inputs) or "none"
                problems.append(Problem("unknown_input", f"no input '{name}' (inputs: {known})",
                                        node=code, params={"input": name}))
                continue
            if raw is None:
                continue
            try:
                coerced[name] = coerce(spec, raw, node)
            except ValueError as exc:
                problems.append(Problem("bad_value", f"input '{name}': {exc}", node=code,
                                        params={"input": name, "value": raw}))
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


def evaluate_leaf(node: Node, values: Mapping[str, Value],
                  previous: Mapping[str, Value]) -> Outcome:
    """Points of one leaf (unrounded) from already coerced values."""
    assert node.rule is not None
    missing = [name for name in node.rule.input_names() if name not in values]
    if missing:
        return Outcome(ZERO, "missing_input", {"inputs": tuple(missing)}, complete=False)
    return node.rule.evaluate(node.max, values, previous)


def score_values(
    framework: Framework,
    values: Mapping[str, Mapping[str, Value]],
    previous: Mapping[str, Mapping[str, Value]] | None = None,
    *,
    unit: str = "",
    year: int | None = None,
) -> Scorecard:
    """Score already coerced values."""
    previous = previous or {}
    nodes: dict[str, NodeScore] = {}

    def visit(node: Node) -> NodeScore:
        if node.is_leaf:
            leaf_values = values.get(node.code, _EMPTY)
            outcome = evaluate_leaf(node, leaf_values, previous.get(node.code, _EMPTY))
            points = round4(outcome.points)
            result = NodeScore(
                code=node.code,
                title=node.title,
                depth=node.depth,
                max=node.max,
                score=points,
                scored_by=node.scored_by,
                block=node.block,
                is_leaf=True,
                complete=outcome.complete,
                inputs=dict(leaf_values),
                reason=Reason(outcome.reason, outcome.params),
                parts={node.scored_by: (points, node.max)},
            )
        else:
            child_scores = [visit(child) for child in node.children]
            parts: dict[str, tuple[Decimal, Decimal]] = {}
            for child in child_scores:
                for who, (s, m) in child.parts.items():
                    prev_s, prev_m = parts.get(who, (ZERO, ZERO))
                    parts[who] = (prev_s + s, prev_m + m)
            result = NodeScore(
                code=node.code,
                title=node.title,
                depth=node.depth,
                max=node.max,
                score=sum((c.score for c in child_scores), ZERO),
                scored_by=node.scored_by,
                block=node.block,
                is_leaf=False,
                complete=all(c.complete for c in child_scores),
                parts=parts,
                children=tuple(c.code for c in child_scores),
            )
        nodes[node.code] = result
        return result

    for top in framework.nodes:
        visit(top)
    ordered = {n.code: nodes[n.code] for n in framework.walk()}
    return Scorecard(framework=framework, unit=unit, year=year, nodes=ordered)


def values_of(scorecard: Scorecard) -> dict[str, dict[str, Value]]:
    """The inputs a scorecard was computed from (for what-if and next year's comparisons)."""
    return {leaf.code: dict(leaf.inputs) for leaf in scorecard.leaves() if leaf.inputs}
