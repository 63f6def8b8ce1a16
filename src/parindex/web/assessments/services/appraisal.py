"""The appraisal round: the council appraises each item, the unit explains returned items,
the council finalises the scores."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from parindex.core.numbers import ZERO
from parindex.web.accounts.models import User
from parindex.web.assessments import permissions, signals
from parindex.web.assessments.models import (
    APPRAISAL_STATUSES,
    Assessment,
    AssessmentStatus,
    Decision,
    ItemAppraisal,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.errors import (
    TEXT_MAX,
    DeadlinePassedError,
    IncompleteError,
    ItemConflictError,
    NotAllowedError,
    NothingLeftError,
    WrongStatusError,
    checked_text,
)
from parindex.web.assessments.services.inputs import node_inputs_write
from parindex.web.assessments.services.selectors import (
    assessment_score,
    final_points,
    self_points,
)
from parindex.web.assessments.services.workflow import (
    deadline_check,
    points_parse,
    reopening_active,
    row_lock,
    score_record,
    self_leaves,
    status_set,
)
from parindex.web.audit.services import audit_record


@transaction.atomic
def item_appraise(
    *,
    assessment: Assessment,
    node_code: str,
    decision: str,
    actor: User,
    points: Decimal | str | None = None,
    reason: str = "",
    version: int = 0,
) -> ItemAppraisal:
    """An assigned appraiser accepts, adjusts (own points) or returns an item for explanation.

    ``version`` is the item's version the form was loaded with (0: not yet appraised); a
    different stored version raises :class:`ItemConflictError`. ``points`` are read for an
    adjustment only: a returned item has none set (stored as 0, shown as not yet set) until the
    unit's explanation computes them. Every call appends an ``appraised`` score.
    """
    if not permissions.can_appraise_node(actor, assessment, node_code):
        raise NotAllowedError("appraise")
    if assessment.status not in APPRAISAL_STATUSES:
        raise WrongStatusError(assessment.status)
    deadline_check(assessment, assessment.campaign.appraisal_due, node_code)
    node = assessment.campaign.framework_version.framework().get(node_code)
    if node is None or not node.is_leaf or node.scored_by != "self":
        raise IncompleteError([(node_code, "unknown")])
    if decision not in Decision.values:
        raise IncompleteError([(node_code, "decision")])
    reason = checked_text(
        reason,
        node_code=node_code,
        field="reason",
        max_length=TEXT_MAX,
        required=decision != Decision.ACCEPT,
    )
    if decision == Decision.ACCEPT:
        claimed = self_points(assessment).get(node_code)
        value = claimed if claimed is not None else ZERO
    elif decision == Decision.ADJUST:
        if points in (None, ""):
            raise IncompleteError([(node_code, "points")])
        value = points_parse(points, node.max, node_code)
    else:  # a return sets no points (the field may hold a value typed for an adjustment)
        value = ZERO
    row = (
        ItemAppraisal.objects.select_for_update()
        .filter(assessment=assessment, node_code=node_code)
        .first()
    )
    if (row.version if row is not None else 0) != version:
        raise ItemConflictError(node_code)
    before = f"{row.decision} {row.points}" if row is not None else ""
    now = timezone.now()
    if row is None:
        try:
            with transaction.atomic():
                row = ItemAppraisal.objects.create(
                    assessment=assessment,
                    node_code=node_code,
                    decision=decision,
                    points=value,
                    reason=reason,
                    appraised_by=actor,
                    updated_at=now,
                )
        except IntegrityError as exc:  # appraised by someone else since we read
            raise ItemConflictError(node_code) from exc
    else:
        row.decision, row.points, row.reason, row.appraised_by = decision, value, reason, actor
        row.updated_at = now
        if decision == Decision.RETURN:  # a new question: the previous answer no longer counts
            row.explanation, row.explained_points, row.explained_by = "", None, None
        row.version += 1
        row.save()
    score_record(assessment, node_code, ItemStage.APPRAISED, value, f"{decision}: {reason}", actor)
    audit_record(
        actor=actor,
        action="item.appraise",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        before=before,
        after=f"{decision} {value}",
    )
    if decision == Decision.RETURN and assessment.status == AssessmentStatus.APPRAISING:
        row_lock(assessment)
        status_set(assessment, AssessmentStatus.RETURNED, actor)
    if decision == Decision.RETURN:
        signals.item_returned.send(
            sender=Assessment, assessment=assessment, appraisal=row, actor=actor
        )
    return row


def remaining_items(assessment: Assessment, actor: User) -> list[str]:
    """The items of the actor's scope not yet decided and still open (appraisal deadline or a
    reopening), in framework order: what "accept all remaining" would accept."""
    parts = permissions.appraisable_parts(actor, assessment)
    decided = set(
        ItemAppraisal.objects.filter(assessment=assessment).values_list("node_code", flat=True)
    )
    due = assessment.campaign.appraisal_due
    past = due is not None and timezone.now() > due
    return [
        code
        for code in self_leaves(assessment)
        if code not in decided
        and permissions.in_parts(code, parts)
        and (not past or reopening_active(assessment, code) is not None)
    ]


@transaction.atomic
def items_accept_remaining(*, assessment: Assessment, actor: User) -> list[str]:
    """Accept every item of the actor's scope not yet decided, in one step (each audited and
    scored as a single acceptance). Returns the codes accepted, in framework order.

    Refused with :class:`NothingLeftError` if none is left, with :class:`DeadlinePassedError`
    if the appraisal deadline has passed and none of them was reopened.
    """
    parts = permissions.appraisable_parts(actor, assessment)
    if parts is not None and not parts:  # assigned neither the unit nor any of its areas
        raise NotAllowedError("appraise")
    if assessment.status not in APPRAISAL_STATUSES:
        raise WrongStatusError(assessment.status)
    row_lock(assessment)  # two appraisers accepting at once: one after the other
    codes = remaining_items(assessment, actor)
    if not codes:
        due = assessment.campaign.appraisal_due
        if due is not None and timezone.now() > due and _undecided(assessment, actor):
            raise DeadlinePassedError(due)
        raise NothingLeftError("accept_remaining")
    for code in codes:
        item_appraise(assessment=assessment, node_code=code, decision=Decision.ACCEPT, actor=actor)
    return codes


def _undecided(assessment: Assessment, actor: User) -> bool:
    """Whether items of the actor's scope are still undecided (open or not)."""
    parts = permissions.appraisable_parts(actor, assessment)
    decided = set(
        ItemAppraisal.objects.filter(assessment=assessment).values_list("node_code", flat=True)
    )
    return any(
        code not in decided and permissions.in_parts(code, parts)
        for code in self_leaves(assessment)
    )


@transaction.atomic
def item_explain(
    *,
    assessment: Assessment,
    node_code: str,
    explanation: str,
    actor: User,
    version: int,
    values: Mapping[str, str] | None = None,
    input_versions: Mapping[str, int] | None = None,
) -> ItemAppraisal:
    """The unit answers a returned item, optionally with changed inputs (new computed score)."""
    if not permissions.can_edit_node(actor, assessment, node_code):
        raise NotAllowedError("explain")
    if assessment.status != AssessmentStatus.RETURNED:
        raise WrongStatusError(assessment.status)
    deadline_check(assessment, assessment.campaign.explanation_due, node_code)
    row = (
        ItemAppraisal.objects.select_for_update()
        .filter(assessment=assessment, node_code=node_code, decision=Decision.RETURN)
        .first()
    )
    if row is None:
        raise WrongStatusError("not_returned")
    if row.version != version:
        raise ItemConflictError(node_code)
    text = checked_text(
        explanation, node_code=node_code, field="explanation", max_length=TEXT_MAX, required=True
    )
    if values:
        node_inputs_write(
            assessment=assessment,
            node_code=node_code,
            values=values,
            versions=input_versions or {},
            actor=actor,
        )
    points = assessment_score(assessment=assessment)[node_code].score
    row.explanation, row.explained_points, row.explained_by = text, points, actor
    row.version += 1
    row.updated_at = timezone.now()
    row.save()
    score_record(assessment, node_code, ItemStage.EXPLAINED, points, text, actor)
    audit_record(
        actor=actor,
        action="item.explain",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        after=f"{points} {text}"[:4000],  # the audit's copy only: the text is stored whole
    )
    signals.item_explained.send(
        sender=Assessment, assessment=assessment, appraisal=row, actor=actor
    )
    return row


@transaction.atomic
def assessment_finalise(*, assessment: Assessment, actor: User) -> Assessment:
    """The council fixes the final score of every item; refused while items are open."""
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("finalise")
    row_lock(assessment)
    if assessment.status not in APPRAISAL_STATUSES:
        raise WrongStatusError(assessment.status)
    rows = {r.node_code: r for r in ItemAppraisal.objects.filter(assessment=assessment)}
    leaves = self_leaves(assessment)
    missing = [(code, "appraisal") for code in leaves if code not in rows]
    due = assessment.campaign.explanation_due
    if due is None or timezone.now() <= due:
        missing += [
            (code, "explanation")
            for code in leaves
            if code in rows and rows[code].awaiting_explanation
        ]
    if missing:
        raise IncompleteError(missing)
    framework = assessment.campaign.framework_version.framework()
    now = timezone.now()
    finals = [
        ItemScore(
            assessment=assessment,
            node_code=code,
            stage=ItemStage.FINAL,
            points=final_points(rows[code]),
            by=actor,
            at=now,
        )
        for code in leaves
    ]
    ItemScore.objects.bulk_create(finals)
    total = sum((f.points for f in finals), ZERO)
    maximum = sum((framework.get(code).max for code in leaves), ZERO)  # type: ignore[union-attr]
    Assessment.objects.filter(pk=assessment.pk).update(final_total=total, final_max=maximum)
    assessment.final_total, assessment.final_max = total, maximum
    status_set(assessment, AssessmentStatus.FINAL, actor)
    signals.assessment_finalised.send(sender=Assessment, assessment=assessment, actor=actor)
    return assessment
