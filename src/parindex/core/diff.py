"""What changed from one framework version to the next: nodes, maxima, rules, places.

A pure comparison of two :class:`~parindex.core.model.Framework` objects matched by node
code, so the council sees what a new year's table changes before it is used. The result is
codes and values, never sentences (``parindex.presentation.diff`` words them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from parindex.core.model import Framework, Node

#: The kinds of change, in the order a reader wants them.
KINDS = (
    "added",
    "removed",
    "renamed",
    "max_changed",
    "rule_changed",
    "moved",
    "block_changed",
    "scorer_changed",
    "framework_block_added",
    "framework_block_removed",
    "framework_block_max_changed",
)


@dataclass(frozen=True)
class Change:
    """One difference: its ``kind``, the node (or block) ``code`` and the values before and
    after (a title, a maximum, a rule kind, a parent code; "" or None where there is none)."""

    kind: str
    code: str
    before: str | Decimal | None = None
    after: str | Decimal | None = None
    title: str = ""


@dataclass(frozen=True)
class FrameworkDiff:
    """Every change between ``old`` and ``new`` (keys ``code@version``), in tree order."""

    old: str
    new: str
    changes: tuple[Change, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of_kind(self, kind: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    def counts(self) -> dict[str, int]:
        """How many changes of each kind (kinds without a change left out)."""
        found: dict[str, int] = {}
        for change in self.changes:
            found[change.kind] = found.get(change.kind, 0) + 1
        return found


def _rule(node: Node) -> str:
    """A rule as comparable text: its kind and its parameters, sorted."""
    if node.rule is None:
        return ""
    spec = {k: v for k, v in dict(node.rule.spec).items() if k != "kind"}
    params = ", ".join(f"{key}={spec[key]}" for key in sorted(spec))
    return f"{node.rule.kind}({params})" if params else node.rule.kind


def _parent(framework: Framework, code: str) -> str:
    parent = framework.parent(code)
    return parent.code if parent is not None else ""


def framework_diff(old: Framework, new: Framework) -> FrameworkDiff:
    """Compare two versions node by node (matched by code) and block by block."""
    changes: list[Change] = []
    for node in new.walk():
        before = old.get(node.code)
        if before is None:
            changes.append(Change("added", node.code, None, node.max, node.title))
            continue
        changes.extend(_node_changes(old, new, before, node))
    for node in old.walk():
        if node.code not in new:
            changes.append(Change("removed", node.code, node.max, None, node.title))
    old_blocks = {b.code: b for b in old.blocks}
    new_blocks = {b.code: b for b in new.blocks}
    for code, block in new_blocks.items():
        was = old_blocks.get(code)
        if was is None:
            changes.append(Change("framework_block_added", code, None, block.max, block.title))
        elif was.max != block.max:
            changes.append(
                Change("framework_block_max_changed", code, was.max, block.max, block.title)
            )
    for code, block in old_blocks.items():
        if code not in new_blocks:
            changes.append(Change("framework_block_removed", code, block.max, None, block.title))
    rank = {kind: i for i, kind in enumerate(KINDS)}
    order = {n.code: i for i, n in enumerate(new.walk())}
    order.update({n.code: len(order) + i for i, n in enumerate(old.walk()) if n.code not in order})
    changes.sort(
        key=lambda c: (c.kind.startswith("framework_"), order.get(c.code, 0), rank[c.kind])
    )
    return FrameworkDiff(old.key, new.key, tuple(changes))


def _node_changes(old: Framework, new: Framework, before: Node, after: Node) -> list[Change]:
    found: list[Change] = []
    title = after.title
    if before.title != after.title:
        found.append(Change("renamed", after.code, before.title, after.title, title))
    if before.max != after.max:
        found.append(Change("max_changed", after.code, before.max, after.max, title))
    if _rule(before) != _rule(after):
        found.append(Change("rule_changed", after.code, _rule(before), _rule(after), title))
    was, now = _parent(old, before.code), _parent(new, after.code)
    if was != now:
        found.append(Change("moved", after.code, was, now, title))
    parent_block_changed = False
    parent = new.parent(after.code)
    if parent is not None:
        parent_before = old.get(parent.code)
        parent_block_changed = parent_before is not None and parent_before.block != parent.block
    if before.block != after.block and not parent_block_changed:
        found.append(Change("block_changed", after.code, before.block, after.block, title))
    if before.scored_by != after.scored_by and (
        parent is None
        or old.get(parent.code) is None
        or old[parent.code].scored_by == parent.scored_by
    ):
        found.append(Change("scorer_changed", after.code, before.scored_by, after.scored_by, title))
    return found
