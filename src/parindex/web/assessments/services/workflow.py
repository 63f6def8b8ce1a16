"""The workflow's steps: submit, confirm, send back, start appraisal, reopen, publish.

Also the primitives the other write services share: deadlines and reopenings, the status
change with its audit event, the row lock, and an item's score by stage.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from parindex.core.numbers import parse_number, round4
from parindex.web.accounts.models import User
from parindex.web.assessments import permissions, signals
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Campaign,
    ItemScore,
    ItemStage,
    Reopening,
)
from parindex.web.assessments.services.errors import (
    MESSAGE_MAX,
    DeadlinePassedError,
    IncompleteError,
    NotAllowedError,
    WrongStatusError,
    checked_text,
)
from parindex.web.assessments.services.selectors import SEND_BACK, assessment_score
from parindex.web.assessments.signals import assessment_sent_back, collect_submission_gaps
from parindex.web.audit.models import AuditEvent
from parindex.web.audit.services import audit_record


def reopening_active(
    assessment: Assessment, node_code: str = "", now: datetime.datetime | None = None
) -> Reopening | None:
    """The reopening (of the whole assessment or of this sub-criterion) in force now."""
    codes = ["", node_code] if node_code else [""]
    return (
        Reopening.objects.filter(
            assessment=assessment, node_code__in=codes, until__gte=now or timezone.now()
        )
        .order_by("-until")
        .first()
    )


def deadline_check(
    assessment: Assessment, due: datetime.datetime | None, node_code: str = ""
) -> None:
    """Refuse once ``due`` has passed, unless the work (or this node) was reopened."""
    now = timezone.now()
    if due is not None and now > due and reopening_active(assessment, node_code, now) is None:
        raise DeadlinePassedError(due)


def status_set(assessment: Assessment, status: str, actor: User | None) -> None:
    """Move the assessment to ``status`` (a new version) and record the audit event."""
    before = assessment.status
    Assessment.objects.filter(pk=assessment.pk).update(
        status=status, version=F("version") + 1, updated_at=timezone.now()
    )
    assessment.status = status
    assessment.version += 1
    audit_record(
        actor=actor,
        action="assessment.status",
        obj=assessment,
        object_type="assessment",
        field="status",
        before=before,
        after=status,
    )


def row_lock(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock: concurrent transitions serialise here."""
    fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.status, assessment.version = fresh.status, fresh.version
    return assessment


def self_leaves(assessment: Assessment) -> list[str]:
    """Codes of the framework's self-scored sub-criteria, in framework order."""
    framework = assessment.campaign.framework_version.framework()
    return [n.code for n in framework.leaves() if n.scored_by == "self"]


def _submission_gaps(assessment: Assessment) -> list[tuple[str, str]]:
    """Sub-criteria claimed without full evidence nor explanation (the evidence app answers)."""
    answers = collect_submission_gaps.send(sender=Assessment, assessment=assessment)
    return [gap for _receiver, gaps in answers for gap in gaps]  # type: ignore[misc, union-attr]  # the stubs' model typing is narrower than what the code passes (see the line); checked just before (bool(held) / the signal's answers are lists)


def submission_missing(assessment: Assessment, scorecard=None) -> list[tuple[str, str]]:
    """What blocks submission, in framework order: (code, "inputs" | "evidence" | ...)."""
    scorecard = scorecard or assessment_score(assessment=assessment)
    missing = [(n.code, "inputs") for n in scorecard.incomplete("self")]
    missing += _submission_gaps(assessment)
    order = {code: i for i, code in enumerate(self_leaves(assessment))}
    return sorted(missing, key=lambda pair: order.get(pair[0], len(order)))


def points_parse(raw: Decimal | str | None, maximum: Decimal, node_code: str = "*") -> Decimal:
    """Points typed by the council (comma or dot), between 0 and ``maximum``, rounded half up
    to 4 decimals as the core rounds points; a refusal names the item ``node_code``."""
    try:
        value = round4(raw if isinstance(raw, Decimal) else parse_number(str(raw or "")))
    except (InvalidOperation, ValueError) as exc:
        raise IncompleteError([(node_code, "invalid")]) from exc
    if value < 0 or value > maximum:
        raise IncompleteError([(node_code, "out_of_range")])
    return value


def score_record(
    assessment: Assessment, node_code: str, stage: str, points: Decimal, reason: str, actor
) -> ItemScore:
    return ItemScore.objects.create(
        assessment=assessment,
        node_code=node_code,
        stage=stage,
        points=points,
        reason=reason,
        by=actor,
        at=timezone.now(),
    )


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor: User) -> Assessment:
    """The unit's focal point submits: every input entered, every claim evidenced or explained.

    Refused with :class:`IncompleteError` listing (code, "inputs" | "evidence" |
    "explanation"); on success each sub-criterion's self-score is kept and the unit head is
    asked to confirm.
    """
    if not permissions.is_unit_focal_point(actor, assessment):
        raise NotAllowedError("submit")
    row_lock(assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise WrongStatusError(assessment.status)
    deadline_check(assessment, assessment.campaign.self_assessment_due)
    scorecard = assessment_score(assessment=assessment)
    missing = submission_missing(assessment, scorecard)
    if missing:
        raise IncompleteError(missing)
    for code in self_leaves(assessment):
        score_record(assessment, code, ItemStage.SELF, scorecard[code].score, "", actor)
    status_set(assessment, AssessmentStatus.PENDING, actor)
    signals.assessment_submitted.send(sender=Assessment, assessment=assessment, actor=actor)
    return assessment


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, actor: User) -> Assessment:
    """The unit head confirms the submission: the assessment goes to the council."""
    if not permissions.is_unit_head(actor, assessment):
        raise NotAllowedError("confirm")
    row_lock(assessment)
    if assessment.status != AssessmentStatus.PENDING:
        raise WrongStatusError(assessment.status)
    status_set(assessment, AssessmentStatus.SUBMITTED, actor)
    signals.assessment_confirmed.send(sender=Assessment, assessment=assessment, actor=actor)
    return assessment


@transaction.atomic
def assessment_send_back(*, assessment: Assessment, actor: User, message: str) -> Assessment:
    """The unit head sends a submission back to the focal point with a message, unconfirmed.

    The assessment returns to draft (editable again until the self-assessment deadline); the
    message is kept in the audit trail, shown on the page and sent to the focal points.
    """
    if not permissions.is_unit_head(actor, assessment):
        raise NotAllowedError("send_back")
    message = checked_text(
        message, node_code="*", field="message", max_length=MESSAGE_MAX, required=True
    )
    row_lock(assessment)
    if assessment.status != AssessmentStatus.PENDING:
        raise WrongStatusError(assessment.status)
    status_set(assessment, AssessmentStatus.DRAFT, actor)
    audit_record(
        actor=actor,
        action=SEND_BACK,
        obj=assessment,
        object_type="assessment",
        field="send_back",
        after=message,
    )
    assessment_sent_back.send(
        sender=Assessment, assessment=assessment, message=message, actor=actor
    )
    return assessment


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


@transaction.atomic
def assessment_appraisal_start(*, assessment: Assessment, actor: User) -> Assessment:
    """The secretariat opens a submitted assessment for appraisal."""
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("appraisal_start")
    row_lock(assessment)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise WrongStatusError(assessment.status)
    status_set(assessment, AssessmentStatus.APPRAISING, actor)
    signals.appraisal_started.send(sender=Assessment, assessment=assessment, actor=actor)
    return assessment


@transaction.atomic
def campaign_publish(*, campaign: Campaign, actor: User) -> Campaign:
    """The secretariat publishes: results are fixed and the ranking becomes visible."""
    if not permissions.is_campaign_secretariat(actor, campaign):
        raise NotAllowedError("publish")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.published_at is not None:
        raise WrongStatusError("published")
    pending = [
        (a.unit.name, a.status)
        for a in campaign.assessments.select_related("unit").exclude(status=AssessmentStatus.FINAL)
    ]
    if pending:
        raise IncompleteError(pending)
    campaign.published_at, campaign.published_by = timezone.now(), actor
    campaign.save(update_fields=["published_at", "published_by"])
    campaign.assessments.update(
        status=AssessmentStatus.PUBLISHED, version=F("version") + 1, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action="campaign.publish",
        obj=campaign,
        object_type="campaign",
        field="published_at",
        after=campaign.published_at.isoformat(),
    )
    signals.campaign_published.send(sender=Assessment, campaign=campaign, actor=actor)
    return campaign


@transaction.atomic
def assessment_reopen(
    *,
    assessment: Assessment,
    actor: User,
    message: str,
    until: datetime.datetime,
    node_code: str = "",
) -> Reopening:
    """The secretariat reopens an assessment (or one sub-criterion) after a deadline."""
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("reopen")
    message = checked_text(
        message, node_code=node_code or "*", field="message", max_length=MESSAGE_MAX, required=True
    )
    if until <= timezone.now():
        raise IncompleteError([(node_code or "*", "until")])
    if node_code:
        node = assessment.campaign.framework_version.framework().get(node_code)
        if node is None or not node.is_leaf:
            raise IncompleteError([(node_code, "unknown")])
    reopening = Reopening.objects.create(
        assessment=assessment,
        node_code=node_code,
        message=message,
        until=until,
        created_by=actor,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="assessment.reopen",
        obj=assessment,
        object_type="assessment",
        field=node_code or "*",
        after=f"{until.isoformat()} {message}",
    )
    return reopening
