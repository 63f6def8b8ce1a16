"""The appeal round (kiến nghị): the unit appeals an item's final score, the council answers."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from parindex.web.accounts.models import User
from parindex.web.assessments import permissions, signals
from parindex.web.assessments.models import (
    AppealDecision,
    Assessment,
    AssessmentStatus,
    ItemAppeal,
    ItemStage,
)
from parindex.web.assessments.services.errors import (
    TEXT_MAX,
    IncompleteError,
    ItemConflictError,
    NotAllowedError,
    WrongStatusError,
    checked_text,
)
from parindex.web.assessments.services.selectors import latest_final
from parindex.web.assessments.services.workflow import (
    deadline_check,
    points_parse,
    row_lock,
    score_record,
    self_leaves,
    status_set,
)
from parindex.web.audit.services import audit_record

APPEAL_STATUSES = frozenset({AssessmentStatus.FINAL, AssessmentStatus.APPEALED})


@transaction.atomic
def item_appeal(*, assessment: Assessment, node_code: str, reason: str, actor: User) -> ItemAppeal:
    """The unit appeals one item's final score with a reason, before the appeal deadline.

    Allowed while the assessment is final (or already appealed) and the campaign is not
    published; one appeal per item. The assessment waits for the council (``appealed``).
    """
    if not permissions.can_appeal(actor, assessment):
        raise NotAllowedError("appeal")
    row_lock(assessment)
    campaign = assessment.campaign
    if assessment.status not in APPEAL_STATUSES or campaign.published_at is not None:
        raise WrongStatusError(assessment.status)
    deadline_check(assessment, campaign.appeal_due, node_code)
    if node_code not in self_leaves(assessment):
        raise IncompleteError([(node_code, "unknown")])
    text = checked_text(
        reason, node_code=node_code, field="reason", max_length=TEXT_MAX, required=True
    )
    if ItemAppeal.objects.filter(assessment=assessment, node_code=node_code).exists():
        raise IncompleteError([(node_code, "already_appealed")])
    before = latest_final(assessment, node_code)
    if before is None:
        raise WrongStatusError(assessment.status)
    appeal = ItemAppeal.objects.create(
        assessment=assessment,
        node_code=node_code,
        reason=text,
        points_before=before,
        filed_by=actor,
        filed_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="item.appeal",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        before=str(before),
        after=text,
    )
    if assessment.status == AssessmentStatus.FINAL:
        status_set(assessment, AssessmentStatus.APPEALED, actor)
    signals.appeal_filed.send(sender=Assessment, assessment=assessment, appeal=appeal, actor=actor)
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    assessment: Assessment,
    node_code: str,
    decision: str,
    answer: str,
    actor: User,
    points: Decimal | str | None = None,
) -> ItemAppeal:
    """The council answers an appeal: uphold the score, or change it, with a reason.

    Both are kept as the ``appealed`` stage; a change is also the item's new ``final`` score
    and moves the assessment's final total. With no appeal left open, the assessment is final
    again (and can be published).
    """
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("appeal_decide")
    row_lock(assessment)
    if assessment.status != AssessmentStatus.APPEALED:
        raise WrongStatusError(assessment.status)
    appeal = (
        ItemAppeal.objects.select_for_update()
        .filter(assessment=assessment, node_code=node_code)
        .first()
    )
    if appeal is None:
        raise IncompleteError([(node_code, "unknown")])
    if not appeal.pending:
        raise ItemConflictError(node_code)  # already answered (perhaps by someone else)
    if decision not in AppealDecision.values:
        raise IncompleteError([(node_code, "decision")])
    text = checked_text(
        answer, node_code=node_code, field="answer", max_length=TEXT_MAX, required=True
    )
    before = latest_final(assessment, node_code)
    before = appeal.points_before if before is None else before
    after = before
    if decision == AppealDecision.CHANGE:
        node = assessment.campaign.framework_version.framework().get(node_code)
        if points in (None, ""):
            raise IncompleteError([(node_code, "points")])
        after = points_parse(points, node.max, node_code)  # type: ignore[union-attr]
    now = timezone.now()
    appeal.decision, appeal.points, appeal.answer = decision, after, text
    appeal.decided_by, appeal.decided_at = actor, now
    appeal.save()
    score_record(assessment, node_code, ItemStage.APPEALED, after, text, actor)
    if after != before:
        score_record(assessment, node_code, ItemStage.FINAL, after, text, actor)
        Assessment.objects.filter(pk=assessment.pk).update(
            final_total=F("final_total") + (after - before)
        )
        assessment.refresh_from_db(fields=["final_total"])
    audit_record(
        actor=actor,
        action="item.appeal_decide",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        before=str(before),
        after=f"{decision} {after} {text}"[:4000],  # the audit's copy only: stored whole
    )
    if not ItemAppeal.objects.filter(assessment=assessment, decision="").exists():
        status_set(assessment, AssessmentStatus.FINAL, actor)
    signals.appeal_decided.send(
        sender=Assessment, assessment=assessment, appeal=appeal, actor=actor
    )
    return appeal
