"""Writes of the plans app: draft, save a version, approve, issue, deadlines, item reports.

Each function is keyword-only, runs in one transaction, checks who may do it and appends an
audit event. Refusals are exceptions the views turn into a sentence (``text.describe``).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from parindex.core.checks import Stated
from parindex.core.numbers import parse_number
from parindex.core.scoring import Scorecard
from parindex.plans import (
    CouncilChange,
    generate_plan,
    plan_from_json,
    plan_to_json,
    set_fields,
)
from parindex.plans import Plan as PurePlan
from parindex.web.assessments.models import Assessment, AssessmentStatus, ItemAppraisal
from parindex.web.assessments.permissions import is_campaign_secretariat
from parindex.web.assessments.services import selectors as assessment_selectors
from parindex.web.audit.services import audit_record
from parindex.web.evidence.models import Document
from parindex.web.plans import follow, handoffs
from parindex.web.plans.models import (
    DRAFT_NOTE,
    ISSUE_NOTE,
    ItemReport,
    ItemStatus,
    Plan,
    PlanReportingPeriod,
    PlanSource,
    PlanStatus,
    PlanVersion,
)
from parindex.web.plans.permissions import can_manage, reporting_agencies
from parindex.web.site.text import TextError, clean_text

if TYPE_CHECKING:
    from parindex.web.accounts.models import User
    from parindex.web.organisations.models import Unit


class PlanServiceError(Exception):
    """A refused plan operation; ``code`` says which (see ``text.describe``)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class NotAllowedError(PlanServiceError):
    pass


class PlanConflictError(PlanServiceError):
    """The plan was saved by someone else since the form was loaded (no lost update)."""


def today() -> datetime.date:
    return timezone.localdate()


def _text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    """The trimmed text, its refusal (``<field>_required``, ``<field>_too_long``) as ours."""
    try:
        return clean_text(value, field=field, max_length=max_length, required=required)
    except TextError as exc:
        raise PlanServiceError(exc.code, **exc.params) from exc


def _final_scorecard(card: Scorecard, assessment: Assessment) -> Scorecard:
    """The scorecard with each sub-criterion's final (appraised or explained) points."""
    import dataclasses

    points = dict(card.points)
    for row in ItemAppraisal.objects.filter(assessment=assessment):
        if row.node_code in points:
            points[row.node_code] = assessment_selectors.final_points(row)
    framework = card.framework

    def total(node: Any) -> Decimal:
        if node.is_leaf:
            return points[node.code]
        points[node.code] = sum((total(c) for c in node.children), Decimal(0))
        return points[node.code]

    for top in framework.nodes:
        total(top)
    return dataclasses.replace(card, points=points)


def _scorecard(assessment: Assessment, source: str) -> tuple[Scorecard, dict[str, CouncilChange]]:
    """The scorecard the plan rests on, and the items the council changed (final source)."""
    card = assessment_selectors.assessment_score(assessment=assessment)
    import dataclasses

    card = dataclasses.replace(card, unit=assessment.unit.name)
    council: dict[str, CouncilChange] = {}
    if source == PlanSource.FINAL:
        if assessment.status not in (AssessmentStatus.FINAL, AssessmentStatus.PUBLISHED):
            raise PlanServiceError("not_final")
        final = _final_scorecard(card, assessment)
        for row in ItemAppraisal.objects.filter(assessment=assessment):
            points = final.points.get(row.node_code)
            if points is not None and points != card.points[row.node_code]:
                council[row.node_code] = CouncilChange(
                    card.points[row.node_code], points, row.reason
                )
        card = final
    return card, council


def _version(plan: Plan, content: str, note: str, actor: User | None) -> PlanVersion:
    return PlanVersion.objects.create(
        plan=plan, number=plan.version, content=content, note=note[:500], by=actor
    )


#: days agencies have to report after the plan is issued, when a period's usual deadline has
#: already passed on the issue date
REPORT_DAYS_AFTER_ISSUE = 15


def issued_plans_for(assessment: Assessment) -> list[Plan]:
    """The issued plans of the assessment's unit drafted from results of the same year."""
    return list(
        Plan.objects.filter(
            unit_id=assessment.unit_id,
            base_year=assessment.campaign.year,
            status=PlanStatus.ISSUED,
        ).order_by("issued_on", "id")
    )


@transaction.atomic
def plan_generate(
    *,
    assessment: Assessment,
    source: str = PlanSource.SELF,
    previous_result: Mapping[str, object] | None = None,
    stated: Stated | None = None,
    actor: User,
    despite_issued: bool = False,
) -> Plan:
    """Draft next year's plan from an assessment's scorecard (self-assessed or final).

    ``previous_result`` is last year's published national result as the plan quotes it
    (appraisal, survey, total, rank, of...), when known; the database holds no national results
    yet, so the web page drafts without it and the demo passes the seed's. ``stated`` are the
    figures the unit's printed report states (the demo passes the seed's): where the plan uses
    another figure, the area says so in a note. A final plan names the score it rests on and
    gives the council's reason beside each item the council changed.

    If the unit already has an issued plan for that year, refused with ``issued_exists``
    (naming it) unless ``despite_issued``: the page warns and asks first.
    """
    if not is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("not_allowed")
    if source not in PlanSource.values:
        raise PlanServiceError("bad_source")
    issued = issued_plans_for(assessment)
    if issued and not despite_issued:
        raise PlanServiceError("issued_exists", plan=issued[-1])
    card, council = _scorecard(assessment, source)
    framework = assessment.campaign.framework_version
    comments = {
        code: c.text for code, c in assessment_selectors.assessment_comments(assessment).items()
    }
    pure = generate_plan(
        card,
        comments=comments,
        defaults=framework.plan_defaults(),
        unit_code=assessment.unit.code,
        previous_result=previous_result,
        basis="final" if source == PlanSource.FINAL else "self",
        council=council,
        stated=stated,
    )
    content = plan_to_json(follow.with_task_ids(pure))
    plan = Plan.objects.create(
        unit=assessment.unit,
        assessment=assessment,
        source=source,
        year=pure.year,
        base_year=pure.base_year,
        title=f"{pure.title} {pure.subtitle}".strip()[:500],
        content=content,
        symbol=pure.symbol[:32],
        created_by=actor,
    )
    _version(plan, content, DRAFT_NOTE, actor)
    for period in follow.PERIODS:
        PlanReportingPeriod.objects.create(
            plan=plan, period=period, deadline=follow.default_deadline(period, plan.year)
        )
    audit_record(actor=actor, action="plans.generate", obj=plan, object_type="plan", after=source)
    return plan


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def plan_current(plan: Plan) -> PurePlan:
    return plan_from_json(plan.content)


def version_content(plan: Plan, number: int) -> PurePlan | None:
    """The plan as saved in its version ``number`` (None if there is no such version)."""
    row = plan.versions.filter(number=number).only("content").first()
    return None if row is None else plan_from_json(row.content)


def last_version(plan: Plan) -> PlanVersion | None:
    """The plan's newest saved version (who saved it, when, with which note)."""
    return plan.versions.select_related("by").first()


@transaction.atomic
def plan_save(*, plan: Plan, content: PurePlan, version: int, note: str = "", actor: User) -> Plan:
    """Save an edited plan as a new version, refusing a form loaded before the last save."""
    if not can_manage(actor, plan):
        raise NotAllowedError("not_allowed")
    row = _locked(plan)
    if row.status != PlanStatus.DRAFT:
        raise PlanServiceError("not_draft")
    if row.version != version:
        last = row.versions.select_related("by").first()
        raise PlanConflictError(
            "conflict", by=str(last.by) if last and last.by else "", at=last.at if last else None
        )
    text = plan_to_json(follow.with_task_ids(content))
    if text == row.content:
        return row
    row.content = text
    row.version += 1
    row.save(update_fields=["content", "version"])
    _version(row, text, note, actor)
    audit_record(
        actor=actor,
        action="plans.save",
        obj=row,
        object_type="plan",
        field="version",
        before=str(version),
        after=str(row.version),
    )
    return row


@transaction.atomic
def plan_approve(*, plan: Plan, actor: User) -> Plan:
    """Approve a draft: its content is fixed from now on."""
    if not can_manage(actor, plan):
        raise NotAllowedError("not_allowed")
    row = _locked(plan)
    if row.status != PlanStatus.DRAFT:
        raise PlanServiceError("not_draft")
    row.status = PlanStatus.APPROVED
    row.approved_by, row.approved_at = actor, timezone.now()
    row.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(
        actor=actor,
        action="plans.approve",
        obj=row,
        object_type="plan",
        field="status",
        before=PlanStatus.DRAFT,
        after=row.status,
    )
    return row


@transaction.atomic
def plan_issue(*, plan: Plan, number: str, issued_on: datetime.date, actor: User) -> Plan:
    """Issue an approved plan with its number and date; the document then carries them."""
    if not can_manage(actor, plan):
        raise NotAllowedError("not_allowed")
    number = _text(number, field="number", max_length=32, required=True)
    row = _locked(plan)
    if row.status != PlanStatus.APPROVED:
        raise PlanServiceError("not_approved")
    pure = set_fields(plan_current(row), number=number, date=issued_on)
    row.content = plan_to_json(pure)
    row.version += 1
    row.status = PlanStatus.ISSUED
    row.number, row.symbol, row.issued_on = number, pure.symbol[:32], issued_on
    row.issued_by, row.issued_at = actor, timezone.now()
    row.save()
    _version(row, row.content, f"{ISSUE_NOTE}{number}/{pure.symbol}", actor)
    _deadlines_after_issue(row, issued_on, actor)
    audit_record(
        actor=actor,
        action="plans.issue",
        obj=row,
        object_type="plan",
        field="status",
        before=PlanStatus.APPROVED,
        after=row.status,
    )
    handoffs.plan_issued(row, actor)
    return row


def issue_deadlines(plan: Plan, issued_on: datetime.date) -> dict[str, datetime.date]:
    """The deadlines the periods would have if the plan were issued on ``issued_on``: a
    deadline on or before that day moves to ``REPORT_DAYS_AFTER_ISSUE`` days after it."""
    later = issued_on + datetime.timedelta(days=REPORT_DAYS_AFTER_ISSUE)
    return {
        p.period: (later if p.deadline <= issued_on else p.deadline)
        for p in plan.periods.order_by("deadline")
    }


def _deadlines_after_issue(plan: Plan, issued_on: datetime.date, actor: User) -> None:
    """No period is due before the plan exists: move those deadlines after the issue date."""
    wanted = issue_deadlines(plan, issued_on)
    for period in plan.periods.all():
        if wanted[period.period] != period.deadline:
            period_deadline_set(period=period, deadline=wanted[period.period], actor=actor)


@transaction.atomic
def period_deadline_set(
    *, period: PlanReportingPeriod, deadline: datetime.date, actor: User
) -> PlanReportingPeriod:
    """Move a reporting period's deadline (the secretariat)."""
    if not can_manage(actor, period.plan):
        raise NotAllowedError("not_allowed")
    before = period.deadline
    period.deadline = deadline
    period.save(update_fields=["deadline"])
    audit_record(
        actor=actor,
        action="plans.deadline",
        obj=period,
        object_type="plan_period",
        field=period.period,
        before=before.isoformat(),
        after=deadline.isoformat(),
    )
    return period


def _measured(item: follow.PlanItem, raw: Mapping[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    names = {m.name for m in item.measures} | set(item.rate_inputs)
    for name, text in raw.items():
        text = (text or "").strip()
        if not text:
            continue
        if name not in names:
            raise PlanServiceError("unknown_measure", name=name)
        try:
            value = parse_number(text)
        except ValueError as exc:
            raise PlanServiceError("bad_number", name=name, value=text) from exc
        if value < 0:
            raise PlanServiceError("bad_number", name=name, value=text)
        values[name] = str(value)
    return values


def _snapshot(report: ItemReport | None) -> str:
    if report is None:
        return ""
    return json.dumps(
        {
            "status": report.status,
            "measured": report.measured,
            "note": report.note,
            "difficulties": report.difficulties,
            "evidence": sorted(report.evidence.values_list("pk", flat=True)),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


@transaction.atomic
def item_report_submit(
    *,
    period: PlanReportingPeriod,
    item_key: str,
    agency: Unit,
    status: str,
    measured: Mapping[str, str],
    note: str = "",
    difficulties: str = "",
    evidence: Iterable[int] = (),
    provenance: Mapping[str, Any] | None = None,
    version: int = 0,
    actor: User,
) -> ItemReport:
    """File (or correct) an agency's report on one item it leads, before the deadline."""
    plan = period.plan
    if plan.status != PlanStatus.ISSUED:
        raise PlanServiceError("not_issued")
    if agency.pk not in {u.pk for u in reporting_agencies(actor, plan)}:
        raise NotAllowedError("not_allowed")
    items = {i.key: i for i in follow.plan_items(plan_current(plan), follow.framework_of(plan))}
    item = items.get(item_key)
    if item is None:
        raise PlanServiceError("unknown_item", key=item_key)
    if not follow.led_by(item, [agency.name]):
        raise NotAllowedError("not_lead")
    if today() > period.deadline:
        raise PlanServiceError("deadline_passed", deadline=period.deadline)
    if status not in ItemStatus.values:
        raise PlanServiceError("bad_status")
    values = _measured(item, measured)
    note = _text(note, field="note", max_length=4000)
    difficulties = _text(difficulties, field="difficulties", max_length=4000)
    documents = _documents(agency, evidence)
    PlanReportingPeriod.objects.select_for_update().get(pk=period.pk)
    report = ItemReport.objects.filter(period=period, item_key=item_key, agency=agency).first()
    if (report.version if report else 0) != version:
        raise PlanConflictError(
            "conflict",
            by=str(report.submitted_by or "") if report else "",
            at=report.submitted_at if report else None,
        )
    before = _snapshot(report)
    if report is None:
        report = ItemReport(period=period, item_key=item_key, agency=agency, version=1)
    else:
        report.version += 1
    report.status = status
    report.measured = values
    report.provenance = dict(provenance or {})
    report.note, report.difficulties = note, difficulties
    report.submitted_by, report.submitted_at = actor, timezone.now()
    report.save()
    report.evidence.set(documents)
    audit_record(
        actor=actor,
        action="plans.report",
        obj=report,
        object_type="plan_item_report",
        field=item_key,
        before=before,
        after=_snapshot(report),
    )
    handoffs.report_filed(report, actor)
    return report


def _documents(agency: Unit, ids: Iterable[int]) -> list[Any]:
    wanted = {int(i) for i in ids}
    found = list(Document.objects.filter(pk__in=wanted, unit=agency))
    if len(found) != len(wanted):
        raise PlanServiceError("bad_evidence")
    return found
