"""What a version's page shows: its tree, the difference from the version it replaces, its
files, plan defaults and where a table's self-scores can go."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parindex.plans.defaults.areas import subtree
from parindex.presentation.diff import change_text
from parindex.web.assessments.models import FrameworkStatus, FrameworkVersion
from parindex.web.assessments.permissions import assessments_visible_to
from parindex.web.frameworks import selectors
from parindex.web.frameworks.forms import PlanDefaultsForm, SelfScoresForm
from parindex.web.site.language import lang

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser


def detail_context(
    user: AnyUser, version: FrameworkVersion, plan_form: PlanDefaultsForm | None = None
) -> dict[str, Any]:
    """What the version's page shows to ``user``."""
    row = selectors.version_row(version)
    old, diff = selectors.difference(version)
    language = lang()
    uploads = list(version.uploads.select_related("uploaded_by").defer("content"))
    visible = (
        assessments_visible_to(user)
        .filter(campaign__framework_version=version)
        .select_related("unit", "campaign")
    )
    defaults = version.plan_defaults()
    return {
        "version": version,
        "row": row,
        "tree": selectors.tree_rows(row.framework),
        "english_missing": len(row.framework.english_missing()),
        "old": old,
        "changes": [change_text(c, language) for c in diff.changes] if diff else [],
        "diff": diff,
        "uploads": uploads,
        "with_scores": [u for u in uploads if u.self_assessment_yaml],
        "self_scores_form": SelfScoresForm(assessments=visible),
        "has_assessments": visible.exists(),
        "plan_form": plan_form
        or PlanDefaultsForm(initial={"text": version.plan_defaults_yaml or ""}),
        "plan_areas": [
            {
                "node": node,
                "area": defaults.areas.get(node.code),
                "targets": [
                    (leaf.code, measure)
                    for leaf in subtree(node)
                    for measure in defaults.targets.get(leaf.code, ())
                ],
            }
            for node in row.framework.nodes
        ],
        "can_activate": version.status != FrameworkStatus.ACTIVE,
        "can_retire": version.status == FrameworkStatus.ACTIVE,
    }
