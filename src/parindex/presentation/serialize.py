"""Plain data (JSON-ready) views of core objects, shared by the CLI, the API and exports."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from parindex.core.analysis import Comparison, Gap
from parindex.core.checks import Contradiction
from parindex.core.model import Framework, Node
from parindex.core.ranking import Ranked
from parindex.core.scoring import Scorecard
from parindex.presentation.text import contradiction_text, lost_sentence, reason_text


def plain(value: object) -> Any:
    """Decimals become JSON numbers (exact to their printed digits); containers recurse."""
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and abs(value) < 2**53
            else float(value)
        )
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def node_dict(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": node.code,
        "title": node.title,
        "title_en": node.title_en,
        "max": node.max,
        "block": node.block,
        "scored_by": node.scored_by,
        "depth": node.depth,
        "published": node.published,
        "source": node.source,
    }
    if node.is_leaf and node.rule is not None:
        data["rule"] = node.rule.kind
        data["inputs"] = [
            {"name": i.name, "kind": i.kind, "title": i.title, "unit": i.unit} for i in node.inputs
        ]
    if node.children:
        data["children"] = [c.code for c in node.children]
    return plain(data)


def framework_dict(framework: Framework, with_nodes: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": framework.code,
        "version": framework.version,
        "title": framework.title,
        "legal_basis": framework.legal_basis,
        "years": list(framework.years),
        "unit_kind": framework.unit_kind,
        "max": framework.max,
        "blocks": [{"code": b.code, "title": b.title, "max": b.max} for b in framework.blocks],
        "leaves": sum(1 for _ in framework.leaves()),
        "unpublished": sum(1 for n in framework.leaves() if not n.published),
    }
    if with_nodes:
        data["nodes"] = [node_dict(n) for n in framework.walk()]
    return plain(data)


def scorecard_dict(
    scorecard: Scorecard, lang: str = "vi", comments: Mapping[str, str] | None = None
) -> dict[str, Any]:
    comments = comments or {}
    self_score, self_max = scorecard.total_by("self")
    nodes = []
    for node in scorecard:
        item: dict[str, Any] = {
            "code": node.code,
            "title": node.title,
            "depth": node.depth,
            "score": node.score,
            "max": node.max,
            "lost": node.lost,
            "scored_by": node.scored_by,
            "block": node.block,
            "complete": node.complete,
        }
        if node.is_leaf:
            item["inputs"] = dict(node.inputs)
            if node.reason is not None:
                item["reason"] = {"code": node.reason.code, "params": dict(node.reason.params)}
            if node.lost > 0 and node.complete:
                item["explanation"] = reason_text(
                    scorecard, node.code, lang, comments.get(node.code, "")
                )
                item["sentence"] = lost_sentence(
                    scorecard, node.code, lang, comments.get(node.code, "")
                )
        else:
            item["parts"] = {k: {"score": s, "max": m} for k, (s, m) in node.parts.items()}
        nodes.append(item)
    return plain(
        {
            "framework": scorecard.framework.key,
            "unit": scorecard.unit,
            "year": scorecard.year,
            "self": {"score": self_score, "max": self_max},
            "total": {"score": scorecard.total, "max": scorecard.max},
            "blocks": {
                b.code: dict(zip(("score", "max"), scorecard.total_block(b.code), strict=True))
                for b in scorecard.framework.blocks
            },
            "nodes": nodes,
        }
    )


def gap_dict(gap: Gap) -> dict[str, Any]:
    return plain(
        {
            "code": gap.code,
            "title": gap.title,
            "area": gap.area,
            "score": gap.score,
            "max": gap.max,
            "lost": gap.lost,
            "reason": gap.reason,
        }
    )


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    return plain(
        {
            "before": {
                "framework": comparison.before.framework.key,
                "year": comparison.before.year,
                "total": comparison.before.total,
            },
            "after": {
                "framework": comparison.after.framework.key,
                "year": comparison.after.year,
                "total": comparison.after.total,
            },
            "total_delta": comparison.total_delta,
            "changes": [
                {
                    "code": c.code,
                    "title": c.title,
                    "before": c.before,
                    "after": c.after,
                    "delta": c.delta,
                    "status": c.status,
                    "max_before": c.max_before,
                    "max_after": c.max_after,
                }
                for c in comparison.changed()
            ],
        }
    )


def contradiction_dict(
    item: Contradiction, lang: str = "vi", framework: Any = None
) -> dict[str, Any]:
    return plain(
        {
            "code": item.code,
            "node": item.node,
            "stated": item.stated,
            "computed": item.computed,
            "params": dict(item.params),
            "message": contradiction_text(item, lang, framework),
        }
    )


def ranked_dict(item: Ranked) -> dict[str, Any]:
    return plain(
        {
            "rank": item.rank,
            "unit": item.unit,
            "total": item.total,
            "max": item.max,
            "percent": item.percent,
            "classification": item.classification,
        }
    )
