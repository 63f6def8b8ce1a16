"""Gap analysis, what-if and year-over-year comparison of scorecards."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.numbers import ZERO
from parindex.core.scoring import RawInputs, Scorecard, score, values_of


@dataclass(frozen=True)
class Gap:
    """Points lost at one node."""

    code: str
    title: str
    area: str
    depth: int
    is_leaf: bool
    max: Decimal
    score: Decimal
    lost: Decimal
    scored_by: str
    reason: str | None


def gaps(
    scorecard: Scorecard, *, scored_by: str | None = "self", leaves_only: bool = True
) -> list[Gap]:
    """Nodes that lose points, largest loss first (ties in framework order).

    ``scored_by`` keeps only what that scorer scores (default: what the unit can act on);
    None keeps all.
    """
    framework = scorecard.framework
    order = {n.code: i for i, n in enumerate(framework.walk())}
    result = []
    for node in scorecard:
        if leaves_only and not node.is_leaf:
            continue
        if scored_by is not None:
            score_part, max_part = node.part(scored_by)
            lost = max_part - score_part
        else:
            score_part, max_part, lost = node.score, node.max, node.lost
        if lost <= 0:
            continue
        result.append(
            Gap(
                code=node.code,
                title=node.title,
                area=framework.area_of(node.code).code,
                depth=node.depth,
                is_leaf=node.is_leaf,
                max=max_part,
                score=score_part,
                lost=lost,
                scored_by=node.scored_by,
                reason=node.reason.code if node.reason else None,
            )
        )
    result.sort(key=lambda g: (-g.lost, order[g.code]))
    return result


def area_gaps(scorecard: Scorecard, *, scored_by: str | None = "self") -> list[Gap]:
    """Points lost by area, largest first."""
    areas = {a.code for a in scorecard.areas()}
    return [g for g in gaps(scorecard, scored_by=scored_by, leaves_only=False) if g.code in areas]


@dataclass(frozen=True)
class Change:
    """How one node moves between two scorecards."""

    code: str
    title: str
    before: Decimal | None
    after: Decimal | None
    max_before: Decimal | None
    max_after: Decimal | None
    status: str  # same | changed | added | removed | max_changed | rule_changed

    @property
    def delta(self) -> Decimal:
        return (self.after or ZERO) - (self.before or ZERO)


@dataclass(frozen=True)
class Comparison:
    before: Scorecard
    after: Scorecard
    changes: tuple[Change, ...]

    @property
    def total_delta(self) -> Decimal:
        return self.after.total - self.before.total

    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.status != "same" or c.delta != 0]

    def structural(self) -> list[Change]:
        """Nodes that were added, removed, or whose maximum or rule changed between versions."""
        return [c for c in self.changes if c.status not in ("same", "changed")]


def compare(before: Scorecard, after: Scorecard) -> Comparison:
    """Match nodes by code across years and framework versions and report what changed."""
    changes: list[Change] = []
    seen: set[str] = set()
    for node in after:
        seen.add(node.code)
        old = before.nodes.get(node.code)
        if old is None:
            changes.append(Change(node.code, node.title, None, node.score, None, node.max, "added"))
            continue
        status = "same" if old.score == node.score else "changed"
        if old.max != node.max:
            status = "max_changed"
        elif (
            old.is_leaf
            and node.is_leaf
            and _rule_kind(before, node.code) != _rule_kind(after, node.code)
        ):
            status = "rule_changed"
        changes.append(
            Change(node.code, node.title, old.score, node.score, old.max, node.max, status)
        )
    for node in before:
        if node.code not in seen:
            changes.append(
                Change(node.code, node.title, node.score, None, node.max, None, "removed")
            )
    return Comparison(before, after, tuple(changes))


def _rule_kind(scorecard: Scorecard, code: str) -> str | None:
    node = scorecard.framework.get(code)
    return node.rule.kind if node is not None and node.rule is not None else None


def what_if(
    scorecard: Scorecard,
    changes: Mapping[str, Mapping[str, object]],
    previous: RawInputs | None = None,
) -> Comparison:
    """Rescore with some inputs changed; the comparison gives the difference per node.

    Last year's values are those the scorecard was scored with unless ``previous`` is given.
    """
    if previous is None:
        previous = scorecard.previous
    values: dict[str, dict[str, object]] = {k: dict(v) for k, v in values_of(scorecard).items()}
    for code, inputs in changes.items():
        values.setdefault(code, {}).update(inputs)
    after = score(scorecard.framework, values, previous, unit=scorecard.unit, year=scorecard.year)
    return compare(scorecard, after)
