"""Where the plan leads: the projected score, the rank it would give, the best value for effort.

Two scorecards from the core: "current values hold" (the base year's inputs, overridden by the
values agencies have measured so far) and "targets met" (every planned criterion at its target).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from parindex.core.errors import InputError
from parindex.core.model import Framework, Node
from parindex.core.numbers import FOUR_PLACES, HUNDRED, ZERO, to_decimal
from parindex.core.rules import Outcome, Value
from parindex.core.scoring import RawInputs, Scorecard, coerce, score_values, validate_inputs
from parindex.national.results import NationalResult
from parindex.plans.defaults import shipped_defaults
from parindex.plans.model import Plan, PlanError

CENT = Decimal("0.01")

#: Effort of a rule kind the plan defaults do not list (middle of the 1..5 scale).
DEFAULT_EFFORT = Decimal(3)

Measured = Mapping[str, Mapping[str, object]]


def _feed(node: Node, values: dict[str, Value], name: str, raw: object) -> None:
    """Put a measured or target value into the leaf's inputs; raise PlanError if none fits."""
    spec = node.input(name)
    if spec is not None:
        try:
            values[name] = coerce(spec, raw, node)
        except ValueError as exc:
            raise PlanError(f"{node.code}: '{name}' {exc}") from exc
        return
    measure = getattr(node.rule, "measure", None)
    if name == "rate" and measure is not None:
        try:
            rate = to_decimal(raw)
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise PlanError(f"{node.code}: rate {raw!r} is not a number") from exc
        if measure.value is not None:
            values[measure.value] = rate
        else:
            # A rate stands for numerator / denominator: rate out of 100 gives the same fraction.
            values[measure.numerator] = rate
            values[measure.denominator] = HUNDRED
        return
    known = ", ".join(s.name for s in node.inputs) or "none"
    raise PlanError(f"{node.code}: no input or measure '{name}' (inputs: {known})")


def _leaf(framework: Framework, code: str) -> Node:
    node = framework.get(code)
    if node is None or not node.is_leaf:
        raise PlanError(f"'{code}' is not a sub-criterion of {framework.key}")
    return node


def _with_points(card: Scorecard, overrides: Mapping[str, Decimal]) -> Scorecard:
    """The scorecard with some leaves set to given points, parents summed again."""
    points = dict(card.points)
    outcomes = dict(card.outcomes)
    for code, value in overrides.items():
        points[code] = value
        outcomes[code] = Outcome(value, "target_met", {}, complete=True)

    def total(node: Node) -> Decimal:
        if node.is_leaf:
            return points[node.code]
        points[node.code] = sum((total(child) for child in node.children), ZERO)
        return points[node.code]

    for top in card.framework.nodes:
        total(top)
    return Scorecard(
        card.framework, card.unit, card.year, points, outcomes, card.values, card.previous
    )


@dataclass(frozen=True)
class AreaProjection:
    """An area's total now and with its targets met."""

    code: str
    title: str
    max: Decimal
    current: Decimal
    targets: Decimal

    @property
    def difference(self) -> Decimal:
        return self.targets - self.current


@dataclass(frozen=True)
class Projection:
    """The two scenarios side by side."""

    current: Scorecard
    targets: Scorecard
    areas: tuple[AreaProjection, ...]

    @property
    def current_total(self) -> Decimal:
        return self.current.total

    @property
    def targets_total(self) -> Decimal:
        return self.targets.total

    @property
    def difference(self) -> Decimal:
        return self.targets_total - self.current_total

    @property
    def incomplete(self) -> tuple[str, ...]:
        """Leaves without the inputs to score them now (e.g. the survey before it is known)."""
        return tuple(leaf.code for leaf in self.current.incomplete())


def project(
    framework: Framework,
    values: RawInputs,
    plan: Plan,
    measured: Measured,
    *,
    previous: RawInputs | None = None,
) -> Projection:
    """Project the plan year's score from the base year's ``values`` and what is measured.

    ``measured`` maps a criterion code to input names (or a measure name such as "rate") and
    values reported so far; task keys ("3/task-1") are ignored. "Targets met" puts every
    target at its points: full marks where the target is full marks, else the measures' target
    values fed into the inputs (or, without measures, the target points); a target never
    lowers what current values already give.
    """
    coerced, problems = validate_inputs(framework, values)
    prev: dict[str, dict[str, Value]] = {}
    if previous:
        prev, more = validate_inputs(framework, previous)
        problems += more
    if problems:
        raise InputError(problems)
    current_values = {code: dict(v) for code, v in coerced.items()}
    for code, named in measured.items():
        if "/" in code:
            continue
        node = _leaf(framework, code)
        leaf_values = current_values.setdefault(code, {})
        for name, raw in named.items():
            _feed(node, leaf_values, name, raw)
    unit, year = plan.unit, plan.year
    current = score_values(framework, current_values, prev, unit=unit, year=year)

    target_values = {code: dict(v) for code, v in current_values.items()}
    fixed: dict[str, Decimal] = {}
    fed: list[str] = []
    for _area, target in plan.targets():
        node = _leaf(framework, target.code)
        if target.points >= node.max or not target.measures:
            fixed[target.code] = target.points
            continue
        leaf_values = target_values.setdefault(target.code, {})
        for measure in target.measures:
            _feed(node, leaf_values, measure.name, measure.value)
        fed.append(target.code)
    rescored = score_values(framework, target_values, prev, unit=unit, year=year)
    overrides = {code: max(points, current.points[code]) for code, points in fixed.items()}
    overrides.update({code: max(rescored.points[code], current.points[code]) for code in fed})
    targets = _with_points(rescored, overrides)
    areas = tuple(
        AreaProjection(
            area.code, area.title, area.max, current.points[area.code], targets.points[area.code]
        )
        for area in framework.nodes
    )
    return Projection(current, targets, areas)


def project_rank(
    total: Decimal, others: Iterable[NationalResult], year: int, *, province: str = ""
) -> tuple[int, int]:
    """(rank, of) that ``total`` would have had among the provinces' results of ``year``.

    The total is rounded to 2 decimals as results are published; equal totals share a rank.
    ``province`` (its code) leaves the unit's own published row out of the comparison.
    """
    results = [r for r in others if r.year == year and r.province != province]
    if not results:
        raise PlanError(f"no published national results for {year}")
    mine = total.quantize(CENT, rounding=ROUND_HALF_UP)
    better = sum(1 for r in results if r.total.quantize(CENT, rounding=ROUND_HALF_UP) > mine)
    return better + 1, len(results) + 1


@dataclass(frozen=True)
class Opportunity:
    """A criterion and what reaching its target is worth per unit of effort."""

    code: str
    area: str
    title: str
    rule: str
    score: Decimal
    target: Decimal
    gain: Decimal
    effort: Decimal
    value: Decimal  # gain / effort, 4 decimals


def best_value(
    scorecard: Scorecard, plan: Plan, efforts: Mapping[str, Decimal] | None = None
) -> list[Opportunity]:
    """Criteria with points to gain, best points per unit of effort first.

    Gain is the target points minus the score; effort is the target's own, else its rule
    kind's from ``efforts`` (default: the plan defaults' table), else 3. Ties: larger gain
    first, then plan order.
    """
    if efforts is None:
        efforts = _shipped_efforts(plan.framework)
    found: list[tuple[int, Opportunity]] = []
    for position, (area, target) in enumerate(plan.targets()):
        leaf = scorecard[target.code]
        gain = target.points - leaf.score
        if gain <= 0:
            continue
        node = scorecard.framework[target.code]
        kind = node.rule.kind if node.rule is not None else ""
        effort = target.effort or efforts.get(kind, DEFAULT_EFFORT)
        opportunity = Opportunity(
            target.code,
            area.code,
            target.title,
            kind,
            leaf.score,
            target.points,
            gain,
            effort,
            (gain / effort).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP),
        )
        found.append((position, opportunity))
    found.sort(key=lambda item: (-item[1].value, -item[1].gain, item[0]))
    return [opportunity for _, opportunity in found]


def _shipped_efforts(framework_key: str) -> Mapping[str, Decimal]:
    try:
        return shipped_defaults(framework_key).efforts
    except PlanError:
        return {}
