"""Reads of assessments: stored inputs and comments, the scorecard, scores by stage, and
what an actor may see of an assessment (a contributing agency: only its areas)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from parindex.core.model import Node
from parindex.core.numbers import ZERO
from parindex.core.rules import Value
from parindex.core.scoring import NodeScore, Scorecard, coerce, score_values
from parindex.web.assessments import permissions
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    InputValue,
    ItemAppraisal,
    ItemScore,
    ItemStage,
    NodeComment,
    Reopening,
)
from parindex.web.assessments.services.errors import NotAllowedError
from parindex.web.audit.models import AuditEvent

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser

SEND_BACK = "assessment.send_back"  # audit action of a unit head's send-back (with its message)


def send_back_message(assessment: Assessment):
    """The unit head's latest send-back (an ``AuditEvent``) while the assessment is a draft."""
    if assessment.status != AssessmentStatus.DRAFT or assessment.version == 1:
        return None  # a draft never submitted has not been sent back: no query
    return (
        AuditEvent.objects.filter(
            action=SEND_BACK, object_type="assessment", object_id=str(assessment.pk)
        )
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def self_points(assessment: Assessment) -> dict[str, Decimal]:
    """The latest self-score of each sub-criterion (kept at submission)."""
    found: dict[str, Decimal] = {}
    for row in ItemScore.objects.filter(assessment=assessment, stage=ItemStage.SELF).order_by(
        "at", "id"
    ):
        found[row.node_code] = row.points
    return found


def final_points(row: ItemAppraisal) -> Decimal:
    """An item's final score: after explanation if the unit answered a return, else appraised."""
    if row.decision == Decision.RETURN and row.explained_points is not None:
        return row.explained_points
    return row.points


def latest_final(assessment: Assessment, node_code: str) -> Decimal | None:
    """The item's current final score (the latest ``final`` stage), if it has one."""
    row = (
        ItemScore.objects.filter(assessment=assessment, node_code=node_code, stage=ItemStage.FINAL)
        .order_by("-at", "-id")
        .first()
    )
    return row.points if row is not None else None


def assessment_comments(assessment: Assessment) -> dict[str, NodeComment]:
    """Stored comments by node code."""
    return {c.node_code: c for c in NodeComment.objects.filter(assessment=assessment)}


def assessment_values(assessment: Assessment) -> dict[str, dict[str, InputValue]]:
    """Stored inputs by node code and input name."""
    result: dict[str, dict[str, InputValue]] = {}
    for row in InputValue.objects.filter(assessment=assessment):
        result.setdefault(row.node_code, {})[row.input_name] = row
    return result


def assessment_score(
    *, assessment: Assessment, stored: Mapping[str, Mapping[str, InputValue]] | None = None
) -> Scorecard:
    """The scorecard computed by the core from the stored inputs."""
    framework = assessment.campaign.framework_version.framework()
    if stored is None:
        stored = assessment_values(assessment)
    values: dict[str, dict[str, Value]] = {}
    for code, rows in stored.items():
        node = framework.get(code)
        if node is None or not node.is_leaf:
            continue  # inputs of a node a later framework edit removed: kept, not scored
        for name, row in rows.items():
            spec = node.input(name)
            if spec is not None:
                values.setdefault(code, {})[name] = coerce(spec, row.value, node)
    return score_values(framework, values, unit=assessment.unit.code, year=assessment.campaign.year)


def item_history(
    *, assessment: Assessment, node_code: str, actor: AnyUser
) -> tuple[list[ItemScore], list]:
    """An item's scores by stage and the audit events of its inputs, oldest first.

    Refused (:class:`NotAllowedError`) for an item outside a contributing agency's areas.
    """
    if not permissions.in_parts(node_code, permissions.visible_parts(actor, assessment)):
        raise NotAllowedError("item_history")
    scores = list(
        ItemScore.objects.filter(assessment=assessment, node_code=node_code).select_related("by")
    )
    events = list(
        AuditEvent.objects.filter(object_type="assessment", object_id=str(assessment.pk))
        .filter(Q(field=node_code) | Q(field__startswith=f"{node_code}/"))
        .select_related("actor")
        .order_by("at", "id")
    )
    return scores, events


@dataclass(frozen=True)
class AssessmentShown:
    """What an actor sees of an assessment: all of it, or only a contributing agency's areas.

    The scorecard is computed from every input (a rule may read another node); what is shown
    of it, the inputs and the comments are limited to ``parts`` (None: everything).
    """

    assessment: Assessment
    parts: frozenset[str] | None
    scorecard: Scorecard
    stored: Mapping[str, Mapping[str, InputValue]]
    comments: Mapping[str, NodeComment]

    @property
    def whole(self) -> bool:
        return self.parts is None

    def shows(self, code: str) -> bool:
        return permissions.in_parts(code, self.parts)

    def nodes(self) -> list[NodeScore]:
        """The scorecard's nodes shown, in framework order."""
        return [n for n in self.scorecard if self.shows(n.code)]

    def self_leaves(self) -> list[Node]:
        """The self-scored sub-criteria shown, in framework order."""
        framework = self.scorecard.framework
        return [n for n in framework.leaves() if n.scored_by == "self" and self.shows(n.code)]

    def total(self, scored_by: str | None = None) -> tuple[Decimal, Decimal]:
        """(score, max) over the leaves shown (only those ``scored_by`` scores, if given)."""
        leaves = [
            n
            for n in self.scorecard.leaves()
            if self.shows(n.code) and (scored_by is None or n.scored_by == scored_by)
        ]
        return sum((n.score for n in leaves), ZERO), sum((n.max for n in leaves), ZERO)

    def total_block(self, block: str) -> tuple[Decimal, Decimal]:
        leaves = [n for n in self.scorecard.leaves() if self.shows(n.code) and n.block == block]
        return sum((n.score for n in leaves), ZERO), sum((n.max for n in leaves), ZERO)


def assessment_shown(*, assessment: Assessment, actor: AnyUser) -> AssessmentShown:
    """The assessment as ``actor`` may see it (the caller has found it among the visible)."""
    parts = permissions.visible_parts(actor, assessment)
    stored = assessment_values(assessment)
    scorecard = assessment_score(assessment=assessment, stored=stored)
    comments = assessment_comments(assessment)
    if parts is not None:
        stored = {c: rows for c, rows in stored.items() if permissions.in_parts(c, parts)}
        comments = {c: n for c, n in comments.items() if permissions.in_parts(c, parts)}
    return AssessmentShown(assessment, parts, scorecard, stored, comments)


def self_node(assessment: Assessment, code: str) -> Node | None:
    """The self-scored sub-criterion ``code`` of the assessment's framework, if there is one."""
    node = assessment.campaign.framework_version.framework().get(code)
    return node if node is not None and node.is_leaf and node.scored_by == "self" else None


def stage_due(assessment: Assessment) -> datetime.datetime | None:
    """The deadline of the assessment's current stage (None: the stage has none)."""
    campaign = assessment.campaign
    return {  # type: ignore[call-overload]  # the status field holds AssessmentStatus values
        AssessmentStatus.DRAFT: campaign.self_assessment_due,
        AssessmentStatus.APPRAISING: campaign.appraisal_due,
        AssessmentStatus.RETURNED: campaign.explanation_due,
        AssessmentStatus.FINAL: campaign.appeal_due,
    }.get(assessment.status)


def open_until(due: datetime.datetime | None) -> bool:
    """Whether a stage with deadline ``due`` is still open (no deadline: always)."""
    return due is None or timezone.now() <= due


def reopenings_in_force(assessment: Assessment) -> list[Reopening]:
    """Reopenings in force, read only once the current stage's deadline has passed."""
    if open_until(stage_due(assessment)):
        return []
    return list(assessment.reopenings.filter(until__gte=timezone.now()))
