"""Writes for frameworks, campaigns and assessments; every one records an audit event."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from parindex.core.analysis import Comparison, compare
from parindex.core.errors import InputError, Problem
from parindex.core.loader import load_framework
from parindex.core.numbers import ZERO
from parindex.core.ranking import Classification, Ranked, rank
from parindex.core.ranking import Entry as RankEntry
from parindex.core.rules import Value
from parindex.core.scoring import Scorecard, coerce, score_values
from parindex.web.accounts import permissions
from parindex.web.accounts.models import User
from parindex.web.assessments.models import (
    APPRAISAL_STATUSES,
    AppealDecision,
    AreaAppraiser,
    Assessment,
    AssessmentAppraiser,
    AssessmentStatus,
    Campaign,
    Contribution,
    Decision,
    FrameworkVersion,
    InputValue,
    ItemAppeal,
    ItemAppraisal,
    ItemScore,
    ItemStage,
    NodeComment,
    Reopening,
)
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit, UnitChange

COMMENT = "_comment"  # key of the comment among a sub-criterion's versions and changes
SEND_BACK = "assessment.send_back"  # audit action of a unit head's send-back (with its message)


class ServiceError(Exception):
    """Root of the errors services raise for the edge (form, API, CLI) to translate."""


class FrameworkFrozenError(ServiceError):
    """A frozen framework version cannot be replaced."""


class InputConflictError(ServiceError):
    """Someone else saved these inputs since the form was loaded (optimistic lock)."""

    def __init__(self, node_code: str, names: list[str]) -> None:
        self.node_code = node_code
        self.names = names
        super().__init__(f"{node_code}: {', '.join(names)} changed since loaded")


class AssessmentLockedError(ServiceError):
    """The assessment is not open for editing in its current status."""


class DeadlinePassedError(AssessmentLockedError):
    """The stage's deadline has passed and the secretariat has not reopened this work."""

    def __init__(self, due: datetime.datetime) -> None:
        self.due = due
        super().__init__(f"deadline {due.isoformat()} passed")


class NotAllowedError(ServiceError):
    """The actor's role does not allow this action (403 at the edge)."""


class WrongStatusError(ServiceError):
    """The assessment (or campaign) is not in a status where this action is possible."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(f"not possible in status {status}")


class ItemConflictError(ServiceError):
    """Someone else changed this item since the form was loaded (optimistic lock)."""


class IncompleteError(ServiceError):
    """A step is refused until the listed items are done: ``missing`` pairs (code, what)."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        self.missing = missing
        super().__init__("; ".join(f"{code}: {what}" for code, what in missing))


#: The services' clock; tests replace it to move across deadlines.
clock = timezone.now


def _now() -> datetime.datetime:
    return clock()


def reopening_active(
    assessment: Assessment, node_code: str = "", now: datetime.datetime | None = None
) -> Reopening | None:
    """The reopening (of the whole assessment or of this sub-criterion) in force now."""
    codes = ["", node_code] if node_code else [""]
    return (
        Reopening.objects.filter(
            assessment=assessment, node_code__in=codes, until__gte=now or _now()
        )
        .order_by("-until")
        .first()
    )


def _deadline_check(
    assessment: Assessment, due: datetime.datetime | None, node_code: str = ""
) -> None:
    now = _now()
    if due is not None and now > due and reopening_active(assessment, node_code, now) is None:
        raise DeadlinePassedError(due)


def _bump(assessment: Assessment, status: str, actor: User | None) -> None:
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


def _locked(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock: concurrent transitions serialise here."""
    fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.status, assessment.version = fresh.status, fresh.version
    return assessment


def _self_leaves(assessment: Assessment) -> list[str]:
    framework = assessment.campaign.framework_version.framework()
    return [n.code for n in framework.leaves() if n.scored_by == "self"]


def _submission_gaps(assessment: Assessment) -> list[tuple[str, str]]:
    """Sub-criteria claimed without full evidence nor explanation (from the evidence app)."""
    try:
        from parindex.web.evidence.services import submission_gaps  # type: ignore[import-not-found]
    except ImportError:  # the evidence app is not installed: nothing to check
        return []
    return [(gap.node_code, gap.missing) for gap in submission_gaps(assessment)]


def _points(raw: Decimal | str | None, maximum: Decimal) -> Decimal:
    try:
        value = Decimal(str(raw).replace(",", ".")).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError) as exc:
        raise IncompleteError([("points", "invalid")]) from exc
    if value < 0 or value > maximum:
        raise IncompleteError([("points", "out_of_range")])
    return value


def _score(
    assessment: Assessment, node_code: str, stage: str, points: Decimal, reason: str, actor
) -> ItemScore:
    return ItemScore.objects.create(
        assessment=assessment,
        node_code=node_code,
        stage=stage,
        points=points,
        reason=reason,
        by=actor,
        at=_now(),
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
    _locked(assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise WrongStatusError(assessment.status)
    _deadline_check(assessment, assessment.campaign.self_assessment_due)
    scorecard = assessment_score(assessment=assessment)
    missing = [(n.code, "inputs") for n in scorecard.incomplete("self")]
    missing += _submission_gaps(assessment)
    if missing:
        raise IncompleteError(missing)
    for code in _self_leaves(assessment):
        _score(assessment, code, ItemStage.SELF, scorecard[code].score, "", actor)
    _bump(assessment, AssessmentStatus.PENDING, actor)
    return assessment


@transaction.atomic
def assessment_confirm(*, assessment: Assessment, actor: User) -> Assessment:
    """The unit head confirms the submission: the assessment goes to the council."""
    if not permissions.is_unit_head(actor, assessment):
        raise NotAllowedError("confirm")
    _locked(assessment)
    if assessment.status != AssessmentStatus.PENDING:
        raise WrongStatusError(assessment.status)
    _bump(assessment, AssessmentStatus.SUBMITTED, actor)
    return assessment


def _notify_focal_points(assessment: Assessment, text: str) -> None:
    """Tell the unit's focal points in the application (if the notifications app is on)."""
    try:
        from parindex.web.notifications.services import notification_create
    except ImportError:  # pragma: no cover - the notifications app is optional here
        return
    from parindex.web.accounts.models import Membership

    focal_points = Membership.objects.filter(
        unit_id=assessment.unit_id, role=permissions.Role.FOCAL_POINT, user__is_active=True
    ).select_related("user")
    for membership in focal_points:
        notification_create(user=membership.user, text=text, link=assessment.get_absolute_url())


@transaction.atomic
def assessment_send_back(*, assessment: Assessment, actor: User, message: str) -> Assessment:
    """The unit head sends a submission back to the focal point with a message, unconfirmed.

    The assessment returns to draft (editable again until the self-assessment deadline); the
    message is kept in the audit trail, shown on the page and sent to the focal points.
    """
    if not permissions.is_unit_head(actor, assessment):
        raise NotAllowedError("send_back")
    message = (message or "").strip()
    if not message:
        raise IncompleteError([("*", "message")])
    if len(message) > 2000:
        raise IncompleteError([("*", "message_too_long")])
    _locked(assessment)
    if assessment.status != AssessmentStatus.PENDING:
        raise WrongStatusError(assessment.status)
    _bump(assessment, AssessmentStatus.DRAFT, actor)
    audit_record(
        actor=actor,
        action=SEND_BACK,
        obj=assessment,
        object_type="assessment",
        field="send_back",
        after=message,
    )
    _notify_focal_points(assessment, message)
    return assessment


def send_back_message(assessment: Assessment):
    """The unit head's latest send-back (an ``AuditEvent``) while the assessment is a draft."""
    from parindex.web.audit.models import AuditEvent

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
    _locked(assessment)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise WrongStatusError(assessment.status)
    _bump(assessment, AssessmentStatus.APPRAISING, actor)
    return assessment


def self_points(assessment: Assessment) -> dict[str, Decimal]:
    """The latest self-score of each sub-criterion (kept at submission)."""
    found: dict[str, Decimal] = {}
    for row in ItemScore.objects.filter(assessment=assessment, stage=ItemStage.SELF).order_by(
        "at", "id"
    ):
        found[row.node_code] = row.points
    return found


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
    different stored version raises :class:`ItemConflictError`. A returned item keeps
    ``points`` (default 0) unless the unit's explanation changes it. Every call appends an
    ``appraised`` score.
    """
    if not permissions.can_appraise_node(actor, assessment, node_code):
        raise NotAllowedError("appraise")
    if assessment.status not in APPRAISAL_STATUSES:
        raise WrongStatusError(assessment.status)
    _deadline_check(assessment, assessment.campaign.appraisal_due, node_code)
    node = assessment.campaign.framework_version.framework().get(node_code)
    if node is None or not node.is_leaf or node.scored_by != "self":
        raise IncompleteError([(node_code, "unknown")])
    if decision not in Decision.values:
        raise IncompleteError([(node_code, "decision")])
    reason = (reason or "").strip()[:4000]
    if decision != Decision.ACCEPT and not reason:
        raise IncompleteError([(node_code, "reason")])
    if decision == Decision.ACCEPT:
        claimed = self_points(assessment).get(node_code)
        value = claimed if claimed is not None else ZERO
    elif decision == Decision.ADJUST:
        if points in (None, ""):
            raise IncompleteError([(node_code, "points")])
        value = _points(points, node.max)
    else:
        value = ZERO if points in (None, "") else _points(points, node.max)
    row = (
        ItemAppraisal.objects.select_for_update()
        .filter(assessment=assessment, node_code=node_code)
        .first()
    )
    if (row.version if row is not None else 0) != version:
        raise ItemConflictError(node_code)
    before = f"{row.decision} {row.points}" if row is not None else ""
    now = _now()
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
    _score(assessment, node_code, ItemStage.APPRAISED, value, f"{decision}: {reason}", actor)
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
        _locked(assessment)
        _bump(assessment, AssessmentStatus.RETURNED, actor)
    return row


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
    _deadline_check(assessment, assessment.campaign.explanation_due, node_code)
    row = (
        ItemAppraisal.objects.select_for_update()
        .filter(assessment=assessment, node_code=node_code, decision=Decision.RETURN)
        .first()
    )
    if row is None:
        raise WrongStatusError("not_returned")
    if row.version != version:
        raise ItemConflictError(node_code)
    text = (explanation or "").strip()[:4000]
    if not text:
        raise IncompleteError([(node_code, "explanation")])
    if values:
        _inputs_write(
            assessment=assessment,
            node_code=node_code,
            values=values,
            versions=input_versions or {},
            actor=actor,
        )
    points = assessment_score(assessment=assessment)[node_code].score
    row.explanation, row.explained_points, row.explained_by = text, points, actor
    row.version += 1
    row.updated_at = _now()
    row.save()
    _score(assessment, node_code, ItemStage.EXPLAINED, points, text, actor)
    audit_record(
        actor=actor,
        action="item.explain",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        after=f"{points} {text}"[:4000],
    )
    return row


def final_points(row: ItemAppraisal) -> Decimal:
    """An item's final score: after explanation if the unit answered a return, else appraised."""
    if row.decision == Decision.RETURN and row.explained_points is not None:
        return row.explained_points
    return row.points


@transaction.atomic
def assessment_finalise(*, assessment: Assessment, actor: User) -> Assessment:
    """The council fixes the final score of every item; refused while items are open."""
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("finalise")
    _locked(assessment)
    if assessment.status not in APPRAISAL_STATUSES:
        raise WrongStatusError(assessment.status)
    rows = {r.node_code: r for r in ItemAppraisal.objects.filter(assessment=assessment)}
    leaves = _self_leaves(assessment)
    missing = [(code, "appraisal") for code in leaves if code not in rows]
    due = assessment.campaign.explanation_due
    if due is None or _now() <= due:
        missing += [
            (code, "explanation")
            for code in leaves
            if code in rows and rows[code].awaiting_explanation
        ]
    if missing:
        raise IncompleteError(missing)
    framework = assessment.campaign.framework_version.framework()
    now = _now()
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
    _bump(assessment, AssessmentStatus.FINAL, actor)
    return assessment


def latest_final(assessment: Assessment, node_code: str) -> Decimal | None:
    """The item's current final score (the latest ``final`` stage), if it has one."""
    row = (
        ItemScore.objects.filter(assessment=assessment, node_code=node_code, stage=ItemStage.FINAL)
        .order_by("-at", "-id")
        .first()
    )
    return row.points if row is not None else None


def can_appeal(user: User, assessment: Assessment) -> bool:
    """The assessed unit's focal point or head files appeals (kiến nghị) for the unit."""
    return permissions.is_unit_focal_point(user, assessment) or permissions.is_unit_head(
        user, assessment
    )


APPEAL_STATUSES = frozenset({AssessmentStatus.FINAL, AssessmentStatus.APPEALED})


@transaction.atomic
def item_appeal(*, assessment: Assessment, node_code: str, reason: str, actor: User) -> ItemAppeal:
    """The unit appeals one item's final score with a reason, before the appeal deadline.

    Allowed while the assessment is final (or already appealed) and the campaign is not
    published; one appeal per item. The assessment waits for the council (``appealed``).
    """
    if not can_appeal(actor, assessment):
        raise NotAllowedError("appeal")
    _locked(assessment)
    campaign = assessment.campaign
    if assessment.status not in APPEAL_STATUSES or campaign.published_at is not None:
        raise WrongStatusError(assessment.status)
    _deadline_check(assessment, campaign.appeal_due, node_code)
    if node_code not in _self_leaves(assessment):
        raise IncompleteError([(node_code, "unknown")])
    text = (reason or "").strip()
    if not text:
        raise IncompleteError([(node_code, "reason")])
    if len(text) > 4000:
        raise IncompleteError([(node_code, "too_long")])
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
        filed_at=_now(),
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
        _bump(assessment, AssessmentStatus.APPEALED, actor)
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
    _locked(assessment)
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
    text = (answer or "").strip()
    if not text:
        raise IncompleteError([(node_code, "reason")])
    if len(text) > 4000:
        raise IncompleteError([(node_code, "too_long")])
    before = latest_final(assessment, node_code)
    before = appeal.points_before if before is None else before
    after = before
    if decision == AppealDecision.CHANGE:
        node = assessment.campaign.framework_version.framework().get(node_code)
        if points in (None, ""):
            raise IncompleteError([(node_code, "points")])
        after = _points(points, node.max)  # type: ignore[union-attr]
    now = _now()
    appeal.decision, appeal.points, appeal.answer = decision, after, text
    appeal.decided_by, appeal.decided_at = actor, now
    appeal.save()
    _score(assessment, node_code, ItemStage.APPEALED, after, text, actor)
    if after != before:
        _score(assessment, node_code, ItemStage.FINAL, after, text, actor)
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
        after=f"{decision} {after} {text}"[:4000],
    )
    if not ItemAppeal.objects.filter(assessment=assessment, decision="").exists():
        _bump(assessment, AssessmentStatus.FINAL, actor)
    return appeal


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
    campaign.published_at, campaign.published_by = _now(), actor
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
    message = (message or "").strip()[:2000]
    if not message:
        raise IncompleteError([(node_code or "*", "message")])
    if until <= _now():
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
        created_at=_now(),
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


@transaction.atomic
def contribution_assign(
    *, assessment: Assessment, node_code: str, unit: Unit, actor: User | None = None
) -> Contribution:
    """Assign an area or criterion of an assessment to a contributing agency."""
    if actor is not None and not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("assign")
    node = assessment.campaign.framework_version.framework().get(node_code)
    if node is None or node.is_leaf:
        raise IncompleteError([(node_code, "unknown")])
    existing = Contribution.objects.filter(assessment=assessment, node_code=node_code).first()
    before = existing.unit.name if existing is not None else ""
    contribution, _created = Contribution.objects.update_or_create(
        assessment=assessment, node_code=node_code, defaults={"unit": unit}
    )
    audit_record(
        actor=actor,
        action="assessment.contribution",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        before=before,
        after=unit.name,
    )
    return contribution


@transaction.atomic
def area_appraiser_assign(
    *, campaign: Campaign, node_code: str, appraiser: User, actor: User | None = None
) -> AreaAppraiser:
    """Assign an appraiser to an area (or criterion) in every assessment of a campaign."""
    if actor is not None:
        if not permissions.is_campaign_secretariat(actor, campaign):
            raise NotAllowedError("assign")
        if not permissions.has_role(appraiser, permissions.Role.APPRAISER):
            raise CampaignInvalidError([("appraiser", "not_appraiser")])
        node = campaign.framework_version.framework().get(node_code)
        if node is None or node.is_leaf:
            raise IncompleteError([(node_code, "unknown")])
    link, created = AreaAppraiser.objects.get_or_create(
        campaign=campaign, node_code=node_code, user=appraiser
    )
    if created:
        audit_record(
            actor=actor,
            action="campaign.assign_appraiser",
            obj=campaign,
            object_type="campaign",
            field=node_code,
            after=appraiser.get_username(),
        )
    return link


# Removing an assignment ends only future access: the scores, inputs, explanations and audit
# events the appraiser or agency already recorded stay, with their author, and keep counting.


@transaction.atomic
def assessment_appraiser_remove(*, assessment: Assessment, appraiser: User, actor: User) -> None:
    """Withdraw an appraiser from an assessment; what the appraiser already scored is kept."""
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("unassign")
    removed, _kinds = AssessmentAppraiser.objects.filter(
        assessment=assessment, user=appraiser
    ).delete()
    if not removed:
        raise CampaignInvalidError([("appraiser", "not_assigned")])
    audit_record(
        actor=actor,
        action="assessment.unassign_appraiser",
        obj=assessment,
        object_type="assessment",
        field="appraisers",
        before=appraiser.get_username(),
    )


@transaction.atomic
def area_appraiser_remove(
    *, campaign: Campaign, node_code: str, appraiser: User, actor: User
) -> None:
    """Withdraw an appraiser from an area of a campaign; what was scored is kept."""
    if not permissions.is_campaign_secretariat(actor, campaign):
        raise NotAllowedError("unassign")
    removed, _kinds = AreaAppraiser.objects.filter(
        campaign=campaign, node_code=node_code, user=appraiser
    ).delete()
    if not removed:
        raise CampaignInvalidError([("appraiser", "not_assigned")])
    audit_record(
        actor=actor,
        action="campaign.unassign_appraiser",
        obj=campaign,
        object_type="campaign",
        field=node_code,
        before=appraiser.get_username(),
    )


@transaction.atomic
def contribution_remove(*, assessment: Assessment, node_code: str, actor: User) -> None:
    """Withdraw an area or criterion from its contributing agency; its inputs are kept.

    The assessed unit's own focal point still prepares the part (as before the assignment).
    """
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("unassign")
    existing = (
        Contribution.objects.select_for_update()
        .select_related("unit")
        .filter(assessment=assessment, node_code=node_code)
        .first()
    )
    if existing is None:
        raise CampaignInvalidError([("unit", "not_assigned")])
    existing.delete()
    audit_record(
        actor=actor,
        action="assessment.contribution_remove",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        before=existing.unit.name,
    )


@dataclass(frozen=True)
class RankRow:
    ranked: Ranked
    assessment: Assessment
    previous_total: Decimal | None
    previous_rank: int | None
    #: names of the units last year's figure comes from, when not (only) this unit: its
    #: predecessors in the organisations lineage (merged, split or renamed units)
    previous_from: tuple[str, ...] = ()

    @property
    def delta(self) -> Decimal | None:
        if self.previous_total is None:
            return None
        return self.ranked.total - self.previous_total


def campaign_bands(campaign: Campaign) -> list[Classification]:
    return [Classification(str(code), Decimal(str(low))) for code, low in campaign.bands]


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """Last year's published campaign of the same organiser (or of its predecessors), if any.

    A province formed by a merger compares with the campaign its predecessor organised.
    """
    organisers = Q(organiser_id=campaign.organiser_id) | Q(
        organiser__changes_as_predecessor__successor_id=campaign.organiser_id
    )
    return (
        Campaign.objects.filter(organisers, year=campaign.year - 1, published_at__isnull=False)
        .order_by(
            # the organiser's own campaign first, then a predecessor's
            Case(When(organiser_id=campaign.organiser_id, then=0), default=1),
            "-published_at",
        )
        .first()
    )


def lineage_previous(
    unit_id: int, before: Mapping[int, tuple[Decimal, int, str]], predecessors: Iterable[int]
) -> tuple[Decimal, int | None, tuple[str, ...]] | None:
    """Last year's figure of a unit from ``before`` (unit id → total, rank, name).

    The documented rule for merged units: the unweighted mean of the final totals of the unit
    itself (if it was ranked last year) and of its predecessors that were, rounded half up to
    4 decimals; the rank is carried only when the figure comes from one unit. Not the sum (it
    would exceed the maximum), not weighted by size (the index measures how well a unit works,
    and no weight is official). A unit split from a predecessor inherits its figure.
    """
    own = [unit_id] if unit_id in before else []
    sources = own + sorted({p for p in predecessors if p in before and p != unit_id})
    if not sources:
        return None
    if sources == own:
        return before[unit_id][0], before[unit_id][1], ()
    total = sum((before[u][0] for u in sources), ZERO) / len(sources)
    rank = before[sources[0]][1] if len(sources) == 1 else None
    names = tuple(before[u][2] for u in sources)
    return total.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP), rank, names


def lineage_predecessors(units: Iterable[int], among: Iterable[int]) -> dict[int, list[int]]:
    """Each unit's direct predecessors (``UnitChange``) that are in ``among``, in one query.

    unit id → predecessor ids, the input :func:`lineage_previous` takes for each unit.
    """
    found: dict[int, list[int]] = {}
    for successor_id, predecessor_id in UnitChange.objects.filter(
        successor_id__in=list(units), predecessor_id__in=list(among)
    ).values_list("successor_id", "predecessor_id"):
        found.setdefault(successor_id, []).append(predecessor_id)
    return found


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The same unit's assessment in last year's published campaign, if there is one."""
    last = previous_campaign(assessment.campaign)
    if last is None:
        return None
    return (
        last.assessments.select_related("campaign__framework_version", "unit")
        .filter(unit_id=assessment.unit_id)
        .first()
    )


def assessment_compare(assessment: Assessment) -> Comparison | None:
    """Last year's self-scores against this year's, node by node (core ``analysis.compare``)."""
    previous = previous_assessment(assessment)
    if previous is None:
        return None
    return compare(assessment_score(assessment=previous), assessment_score(assessment=assessment))


def _ranked(campaign: Campaign) -> list[tuple[Ranked, Assessment]]:
    finals = [a for a in campaign.assessments.select_related("unit") if a.final_total is not None]
    keys = {f"{a.unit.name} [{a.unit.code}]": a for a in finals}
    entries = [
        RankEntry(key, a.final_total, a.final_max or ZERO)  # type: ignore[arg-type]
        for key, a in keys.items()
    ]
    return [(r, keys[r.unit]) for r in rank(entries, campaign_bands(campaign))]


_LOOK_UP: Any = object()  # campaign_ranking's default: find last year's campaign


def campaign_ranking(campaign: Campaign, last: Campaign | None = _LOOK_UP) -> list[RankRow]:
    """Final totals ranked (ties share a rank), classified, with last year where it exists.

    ``last`` is last year's campaign when the caller already has it (None: there is none).
    """
    if last is _LOOK_UP:
        last = previous_campaign(campaign)
    before: dict[int, tuple[Decimal, int, str]] = {}
    if last is not None:
        before = {a.unit_id: (r.total, r.rank, a.unit.name) for r, a in _ranked(last)}
    current = _ranked(campaign)
    lineage: dict[int, list[int]] = {}
    if before:
        lineage = lineage_predecessors([a.unit_id for _r, a in current], before)
    rows = []
    for ranked, assessment in current:
        found = lineage_previous(assessment.unit_id, before, lineage.get(assessment.unit_id, []))
        if found is None:
            rows.append(RankRow(ranked, assessment, None, None))
        else:
            rows.append(RankRow(ranked, assessment, *found))
    return rows


def item_history(assessment: Assessment, node_code: str) -> tuple[list[ItemScore], list]:
    """An item's scores by stage and the audit events of its inputs, oldest first."""
    from parindex.web.audit.models import AuditEvent

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


@transaction.atomic
def framework_version_import(
    *, text: str, actor: User | None = None, source: str = ""
) -> FrameworkVersion:
    """Validate framework YAML through the core and store it (same text again is a no-op)."""
    framework = load_framework(text, source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = FrameworkVersion.objects.filter(
        code=framework.code, version=framework.version
    ).first()
    if existing is not None:
        if existing.sha256 == digest:
            return existing
        if existing.frozen:
            raise FrameworkFrozenError(f"{existing} is frozen: publish a new version instead")
        before = existing.sha256
        existing.yaml_text, existing.sha256, existing.title = text, digest, framework.title
        existing.save(update_fields=["yaml_text", "sha256", "title"])
        audit_record(
            actor=actor,
            action="framework.replace",
            obj=existing,
            object_type="framework_version",
            field="sha256",
            before=before,
            after=digest,
        )
        return existing
    version = FrameworkVersion.objects.create(
        code=framework.code,
        version=framework.version,
        title=framework.title,
        yaml_text=text,
        sha256=digest,
    )
    audit_record(
        actor=actor,
        action="framework.import",
        obj=version,
        object_type="framework_version",
        after=digest,
    )
    return version


#: a campaign's deadlines, in the order the steps happen (each after the one before)
DEADLINES = (
    "self_assessment_due",
    "appraisal_due",
    "explanation_due",
    "appeal_due",
    "publication_due",
)


class CampaignInvalidError(ServiceError):
    """A campaign's fields do not hold together: ``problems`` pairs (field, code)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{name}: {code}" for name, code in problems))


def campaign_problems(
    *,
    name: str,
    framework_version: FrameworkVersion,
    year: int,
    units: list[Unit],
    deadlines: Mapping[str, datetime.datetime | None],
) -> list[tuple[str, str]]:
    """What is wrong with a campaign's fields, as (field, code) pairs; empty when valid."""
    problems: list[tuple[str, str]] = []
    if not (name or "").strip():
        problems.append(("name", "required"))
    framework = framework_version.framework()
    if framework.years and year not in framework.years:
        problems.append(("year", "framework_year"))
    if not units:
        problems.append(("units", "required"))
    dated = [(key, deadlines.get(key)) for key in DEADLINES if deadlines.get(key) is not None]
    for (_before, earlier), (key, later) in pairwise(dated):
        if later <= earlier:  # type: ignore[operator]
            problems.append((key, "order"))
    return problems


@transaction.atomic
def campaign_create(
    *,
    name: str,
    framework_version: FrameworkVersion,
    year: int,
    organiser: Unit,
    units: Iterable[Unit],
    actor: User | None = None,
    self_assessment_due: datetime.datetime | None = None,
    appraisal_due: datetime.datetime | None = None,
    explanation_due: datetime.datetime | None = None,
    publication_due: datetime.datetime | None = None,
    appeal_due: datetime.datetime | None = None,
) -> Campaign:
    """Open a campaign: freeze its framework version and create one assessment per unit.

    With an ``actor`` (the pages, the API), the actor must be the organiser's secretariat and
    the fields are checked (:class:`CampaignInvalidError`, nothing created); without one (the
    demo, imports) the caller vouches for them.
    """
    units = list(units)
    if actor is not None:
        if not permissions.can_organise(actor, organiser):
            raise NotAllowedError("campaign_create")
        deadlines = {
            "self_assessment_due": self_assessment_due,
            "appraisal_due": appraisal_due,
            "explanation_due": explanation_due,
            "publication_due": publication_due,
            "appeal_due": appeal_due,
        }
        problems = campaign_problems(
            name=name,
            framework_version=framework_version,
            year=year,
            units=units,
            deadlines=deadlines,
        )
        outside = [u for u in units if u.pk != organiser.pk and u.parent_id != organiser.pk]
        if outside:
            problems.append(("units", "outside"))
        if problems:
            raise CampaignInvalidError(problems)
    campaign = Campaign.objects.create(
        name=name,
        framework_version=framework_version,
        year=year,
        organiser=organiser,
        self_assessment_due=self_assessment_due,
        appraisal_due=appraisal_due,
        explanation_due=explanation_due,
        publication_due=publication_due,
        appeal_due=appeal_due,
    )
    if not framework_version.frozen:
        FrameworkVersion.objects.filter(pk=framework_version.pk).update(frozen=True)
        framework_version.frozen = True
    Assessment.objects.bulk_create([Assessment(campaign=campaign, unit=u) for u in units])
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        object_type="campaign",
        after=f"{framework_version} {year}",
    )
    return campaign


def _not_started(assessment: Assessment) -> bool:
    """Nothing has been done on this assessment yet: a draft never submitted, no inputs."""
    return (
        assessment.status == AssessmentStatus.DRAFT
        and assessment.version == 1
        and not assessment.inputs.exists()
        and not assessment.comments.exists()
    )


@transaction.atomic
def campaign_units_add(*, campaign: Campaign, units: Iterable[Unit], actor: User) -> list[Unit]:
    """Add units (one draft assessment each) to a campaign not yet published; returns the new."""
    if not permissions.is_campaign_secretariat(actor, campaign):
        raise NotAllowedError("campaign_units")
    if campaign.published_at is not None:
        raise WrongStatusError("published")
    units = list(units)
    outside = [
        u for u in units if u.pk != campaign.organiser_id and u.parent_id != campaign.organiser_id
    ]
    if outside:
        raise CampaignInvalidError([("units", "outside")])
    present = set(campaign.assessments.values_list("unit_id", flat=True))
    added = [u for u in units if u.pk not in present]
    Assessment.objects.bulk_create([Assessment(campaign=campaign, unit=u) for u in added])
    for unit in added:
        audit_record(
            actor=actor,
            action="campaign.unit_add",
            obj=campaign,
            object_type="campaign",
            field="units",
            after=f"{unit.name} [{unit.code}]",
        )
    return added


@transaction.atomic
def campaign_unit_remove(*, campaign: Campaign, unit: Unit, actor: User) -> None:
    """Remove a unit from a campaign, only before any work on its assessment has started."""
    if not permissions.is_campaign_secretariat(actor, campaign):
        raise NotAllowedError("campaign_units")
    assessment = Assessment.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    if assessment is None:
        raise CampaignInvalidError([("units", "not_in_campaign")])
    if not _not_started(assessment):
        raise WrongStatusError("started")
    uses_evidence = False
    try:
        from parindex.web.evidence.models import EvidenceLink, Explanation

        uses_evidence = (
            EvidenceLink.objects.filter(assessment=assessment).exists()
            or Explanation.objects.filter(assessment=assessment).exists()
        )
    except ImportError:  # pragma: no cover - the evidence app is optional here
        pass
    if uses_evidence:
        raise WrongStatusError("started")
    assessment.delete()
    audit_record(
        actor=actor,
        action="campaign.unit_remove",
        obj=campaign,
        object_type="campaign",
        field="units",
        before=f"{unit.name} [{unit.code}]",
    )


@transaction.atomic
def assessment_appraiser_assign(
    *, assessment: Assessment, appraiser: User, actor: User | None = None
) -> None:
    """Assign an appraiser (council member) to an assessment."""
    if actor is not None:
        if not permissions.is_campaign_secretariat(actor, assessment.campaign):
            raise NotAllowedError("assign")
        if not permissions.has_role(appraiser, permissions.Role.APPRAISER):
            raise CampaignInvalidError([("appraiser", "not_appraiser")])
    _link, created = AssessmentAppraiser.objects.get_or_create(
        assessment=assessment, user=appraiser
    )
    if created:
        audit_record(
            actor=actor,
            action="assessment.assign_appraiser",
            obj=assessment,
            object_type="assessment",
            field="appraisers",
            after=appraiser.get_username(),
        )


def canonical(value: Value) -> str:
    """The stored text of a coerced value: exact decimals, 'true'/'false', choice text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class InputSetResult:
    changed: list[str]
    versions: dict[str, int]


@transaction.atomic
def assessment_input_set(
    *,
    assessment: Assessment,
    node_code: str,
    values: Mapping[str, str],
    versions: Mapping[str, int],
    actor: User | None,
    comment: str | None = None,
    comment_version: int = 0,
) -> InputSetResult:
    """Set a sub-criterion's inputs (and comment) from typed text; empty text clears one.

    Each input carries the version the user's form was loaded with (0: was empty). If a
    stored version differs, someone saved in between and :class:`InputConflictError` names
    the inputs (``COMMENT`` for the comment); nothing is written. Invalid values raise the
    core's ``InputError``. Refused once the assessment is submitted or its self-assessment
    deadline has passed (unless the secretariat reopened it).
    """
    if not assessment.is_editable:
        raise AssessmentLockedError(assessment.get_status_display())
    _deadline_check(assessment, assessment.campaign.self_assessment_due, node_code)
    return _inputs_write(
        assessment=assessment,
        node_code=node_code,
        values=values,
        versions=versions,
        actor=actor,
        comment=comment,
        comment_version=comment_version,
    )


def _inputs_write(
    *,
    assessment: Assessment,
    node_code: str,
    values: Mapping[str, str],
    versions: Mapping[str, int],
    actor: User | None,
    comment: str | None = None,
    comment_version: int = 0,
) -> InputSetResult:
    framework = assessment.campaign.framework_version.framework()
    node = framework.get(node_code)
    if node is None or not node.is_leaf or node.scored_by != "self":
        raise InputError(
            [
                Problem(
                    "unknown_node", f"no self-assessed sub-criterion '{node_code}'", node=node_code
                )
            ]
        )
    coerced: dict[str, str | None] = {}
    problems: list[Problem] = []
    for name, raw in values.items():
        spec = node.input(name)
        if spec is None:
            problems.append(Problem("unknown_input", f"no input '{name}'", node=node_code))
            continue
        text = (raw or "").strip()
        if not text:
            coerced[name] = None
            continue
        try:
            coerced[name] = canonical(coerce(spec, text, node))
        except ValueError as exc:
            problems.append(
                Problem(
                    "bad_value",
                    f"input '{name}': {exc}",
                    node=node_code,
                    params={"input": name, "value": text},
                )
            )
    if problems:
        raise InputError(problems)
    stored = {
        row.input_name: row
        for row in InputValue.objects.select_for_update().filter(
            assessment=assessment, node_code=node_code, input_name__in=list(coerced)
        )
    }
    conflicts = [
        name
        for name in coerced
        if (stored[name].version if name in stored else 0) != int(versions.get(name, 0))
    ]
    note = None
    if comment is not None:
        note = (
            NodeComment.objects.select_for_update()
            .filter(assessment=assessment, node_code=node_code)
            .first()
        )
        if (note.version if note is not None else 0) != comment_version:
            conflicts.append(COMMENT)
    if conflicts:
        raise InputConflictError(node_code, sorted(conflicts))
    changed: list[str] = []
    new_versions: dict[str, int] = {}
    for name, value in coerced.items():
        row = stored.get(name)
        before = row.value if row is not None else ""
        if (value or "") == before:
            new_versions[name] = row.version if row is not None else 0
            continue
        if value is None:
            assert row is not None
            row.delete()
            new_versions[name] = 0
        elif row is None:
            try:
                with transaction.atomic():
                    InputValue.objects.create(
                        assessment=assessment,
                        node_code=node_code,
                        input_name=name,
                        value=value,
                        updated_by=actor,
                    )
            except IntegrityError as exc:  # created by someone else since we read
                raise InputConflictError(node_code, [name]) from exc
            new_versions[name] = 1
        else:
            updated = InputValue.objects.filter(pk=row.pk, version=row.version).update(
                value=value, version=F("version") + 1, updated_by=actor
            )
            if not updated:
                raise InputConflictError(node_code, [name])
            new_versions[name] = row.version + 1
        changed.append(name)
        audit_record(
            actor=actor,
            action="input.set",
            obj=assessment,
            object_type="assessment",
            field=f"{node_code}/{name}",
            before=before,
            after=value or "",
        )
    if comment is not None:
        text = comment.strip()[:2000]
        before = note.text if note is not None else ""
        if text == before:
            new_versions[COMMENT] = note.version if note is not None else 0
        else:
            if not text:
                assert note is not None
                note.delete()
                new_versions[COMMENT] = 0
            elif note is None:
                try:
                    with transaction.atomic():
                        NodeComment.objects.create(
                            assessment=assessment, node_code=node_code, text=text, updated_by=actor
                        )
                except IntegrityError as exc:
                    raise InputConflictError(node_code, [COMMENT]) from exc
                new_versions[COMMENT] = 1
            else:
                NodeComment.objects.filter(pk=note.pk).update(
                    text=text, version=F("version") + 1, updated_by=actor
                )
                new_versions[COMMENT] = note.version + 1
            changed.append(COMMENT)
            audit_record(
                actor=actor,
                action="comment.set",
                obj=assessment,
                object_type="assessment",
                field=f"{node_code}/{COMMENT}",
                before=before,
                after=text,
            )
    if changed:
        Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return InputSetResult(changed=changed, versions=new_versions)


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
