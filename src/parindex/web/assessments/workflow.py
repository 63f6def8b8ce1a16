"""Workflow pages: submit, confirm, appraise, explain, finalise, reopen, publish, ranking.

Views parse, call a service and render; a service's refusal becomes a message (or 403 when
the role may not act at all).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.web.accounts import permissions
from parindex.web.assessments import exports, pages, services
from parindex.web.assessments.models import (
    APPRAISAL_STATUSES,
    Assessment,
    AssessmentStatus,
    Campaign,
    Decision,
)
from parindex.web.assessments.workflow_text import describe

EVIDENCE_TEMPLATE = "evidence/_node_evidence.html"


@cache
def evidence_panel_available() -> bool:
    """Whether the evidence app provides its per-item panel (it is optional here)."""
    try:
        get_template(EVIDENCE_TEMPLATE)
    except TemplateDoesNotExist:
        return False
    return True


def _visible(request: HttpRequest, pk: int) -> Assessment:
    return get_object_or_404(
        permissions.assessments_visible_to(request.user).select_related(
            "campaign__framework_version", "campaign__organiser", "unit"
        ),
        pk=pk,
    )


def _stage_due(assessment: Assessment) -> datetime.datetime | None:
    campaign = assessment.campaign
    return {
        AssessmentStatus.DRAFT: campaign.self_assessment_due,
        AssessmentStatus.APPRAISING: campaign.appraisal_due,
        AssessmentStatus.RETURNED: campaign.explanation_due,
        AssessmentStatus.FINAL: campaign.appeal_due,
    }.get(assessment.status)


def _reopenings(assessment: Assessment) -> list:
    """Reopenings in force, read only once the current stage's deadline has passed."""
    due = _stage_due(assessment)
    now = services.clock()
    if due is None or now <= due:
        return []
    return list(assessment.reopenings.filter(until__gte=now))


def detail_context(user, assessment: Assessment, areas: list[pages.Area]) -> dict:
    """What the self-assessment page adds: parts, locks, reopenings and the next actions."""
    reopenings = _reopenings(assessment)
    due = _stage_due(assessment)
    past_due = due is not None and services.clock() > due
    reopened = {r.node_code for r in reopenings}
    editable = permissions.can_edit_assessment(user, assessment)
    parts = permissions.editable_parts(user, assessment) if editable else None
    if editable and parts is not None and not permissions.is_unit_focal_point(user, assessment):
        areas = [
            a
            for a in areas
            if permissions.under(a.code, parts) or any(p.startswith(a.code + ".") for p in parts)
        ]
    for area in areas:
        for row in area.rows:
            row.editable = (parts is None or permissions.under(row.code, parts)) and (
                not past_due or "" in reopened or row.code in reopened
            )
    return {
        "areas": areas,
        "editable": editable,
        "reopenings": reopenings,
        "past_due": past_due,
        "due": due,
        "evidence_panel": evidence_panel_available(),
        "can_submit": assessment.status == AssessmentStatus.DRAFT
        and permissions.is_unit_focal_point(user, assessment),
        "can_confirm": assessment.status == AssessmentStatus.PENDING
        and permissions.is_unit_head(user, assessment),
        "sent_back": services.send_back_message(assessment),
        "appeals_link": assessment.status in services.APPEAL_STATUSES
        and (
            services.can_appeal(user, assessment)
            or permissions.is_campaign_secretariat(user, assessment.campaign)
        ),
        "is_secretariat": permissions.is_campaign_secretariat(user, assessment.campaign),
        "council_view": assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.PENDING)
        and (
            permissions.is_campaign_secretariat(user, assessment.campaign)
            or permissions.has_role(user, permissions.Role.APPRAISER)
        ),
        "statuses": AssessmentStatus,
    }


def _act(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Run a service: 403 if the role may not, a message either way. True if it worked."""
    try:
        action()
    except services.NotAllowedError:
        raise PermissionDenied from None
    except services.ServiceError as exc:
        messages.error(request, describe(exc))
        return False
    messages.success(request, done)
    return True


@login_required
@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    _act(
        request,
        lambda: services.assessment_submit(assessment=assessment, actor=request.user),
        _("Đã gửi phiếu; chờ thủ trưởng đơn vị xác nhận."),
    )
    return redirect(assessment)


@login_required
@require_POST
def assessment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    _act(
        request,
        lambda: services.assessment_confirm(assessment=assessment, actor=request.user),
        _("Đã xác nhận và gửi phiếu đến Hội đồng thẩm định."),
    )
    return redirect(assessment)


@login_required
@require_POST
def assessment_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit head returns the submission to the focal point with a message."""
    assessment = _visible(request, pk)
    _act(
        request,
        lambda: services.assessment_send_back(
            assessment=assessment, actor=request.user, message=request.POST.get("message", "")
        ),
        _("Đã trả phiếu cho đầu mối để hoàn thiện."),
    )
    return redirect(assessment)


@login_required
@require_POST
def assessment_appraisal_start(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    _act(
        request,
        lambda: services.assessment_appraisal_start(assessment=assessment, actor=request.user),
        _("Đã bắt đầu thẩm định."),
    )
    return redirect("assessments:appraisal", pk)


def _appraisal_items(request: HttpRequest, assessment: Assessment, codes=None) -> list[pages.Item]:
    stored = services.assessment_values(assessment)
    scorecard = services.assessment_score(assessment=assessment, stored=stored)
    appraisals = {a.node_code: a for a in assessment.appraisals.all()}
    items = pages.items_view(
        scorecard,
        stored,
        services.assessment_comments(assessment),
        services.self_points(assessment),
        appraisals,
        codes,
    )
    parts = permissions.appraisable_parts(request.user, assessment)
    due = assessment.campaign.appraisal_due
    open_ = due is None or services.clock() <= due
    reopened = {r.node_code for r in _reopenings(assessment)} if not open_ else set()
    for item in items:
        item.can_act = (
            assessment.status in APPRAISAL_STATUSES
            and (parts is None or permissions.under(item.code, parts))
            and (open_ or "" in reopened or item.code in reopened)
        )
        if item.appraisal is not None:
            item.final = pages.points(services.final_points(item.appraisal))
    return items


def _council(request: HttpRequest, pk: int) -> Assessment:
    assessment = _visible(request, pk)
    if not (
        permissions.is_campaign_secretariat(request.user, assessment.campaign)
        or permissions.has_role(request.user, permissions.Role.APPRAISER)
    ):
        raise PermissionDenied
    return assessment


@login_required
@require_GET
def appraisal_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _council(request, pk)
    context = {
        "assessment": assessment,
        "items": _appraisal_items(request, assessment),
        "decisions": Decision,
        "evidence_panel": evidence_panel_available(),
        "reopenings": _reopenings(assessment),
    }
    return render(request, "assessments/appraisal.html", context)


@login_required
@require_POST
def item_appraise(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = _council(request, pk)
    post = request.POST
    ok = _act(
        request,
        lambda: services.item_appraise(
            assessment=assessment,
            node_code=code,
            decision=post.get("decision", ""),
            points=post.get("points") or None,
            reason=post.get("reason", ""),
            version=_int(post.get("version")),
            actor=request.user,
        ),
        _("Đã lưu kết quả thẩm định %(code)s.") % {"code": code},
    )
    if not request.htmx:
        return redirect(f"{reverse_appraisal(pk)}#{pages.dom_id(code)}")
    items = _appraisal_items(request, assessment, [code])
    if not items:
        raise Http404
    context = {
        "assessment": assessment,
        "item": items[0],
        "decisions": Decision,
        "evidence_panel": evidence_panel_available(),
        "saved": ok,
        "messages_now": [str(m) for m in messages.get_messages(request)],
    }
    return render(request, "assessments/appraisal.html#item", context)


def reverse_appraisal(pk: int) -> str:
    from django.urls import reverse

    return reverse("assessments:appraisal", args=[pk])


def _int(raw: str | None) -> int:
    try:
        return int(raw or 0)
    except ValueError:
        return -1


@login_required
@require_GET
def returned_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    parts = permissions.editable_parts(request.user, assessment)
    council = permissions.is_campaign_secretariat(
        request.user, assessment.campaign
    ) or permissions.has_role(request.user, permissions.Role.APPRAISER)
    if parts is not None and not parts and not council:
        raise PermissionDenied  # the unit's preparers answer; the council reads
    returned = {a.node_code: a for a in assessment.appraisals.filter(decision=Decision.RETURN)}
    codes = [c for c in returned if not parts or permissions.under(c, parts)]
    items = _appraisal_items(request, assessment, codes)
    due = assessment.campaign.explanation_due
    open_ = due is None or services.clock() <= due
    reopened = {r.node_code for r in _reopenings(assessment)}
    for item in items:
        item.can_act = (
            assessment.status == AssessmentStatus.RETURNED
            and (parts is None or permissions.under(item.code, parts))
            and (open_ or "" in reopened or item.code in reopened)
        )
    context = {"assessment": assessment, "items": items, "reopenings": _reopenings(assessment)}
    return render(request, "assessments/returned.html", context)


@login_required
@require_POST
def item_explain(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = _visible(request, pk)
    node = assessment.campaign.framework_version.framework().get(code)
    if node is None or not node.is_leaf:
        raise Http404
    post = request.POST
    values = {spec.name: post[spec.name] for spec in node.inputs if spec.name in post}
    versions = {spec.name: _int(post.get(f"version-{spec.name}")) for spec in node.inputs}
    _act(
        request,
        lambda: services.item_explain(
            assessment=assessment,
            node_code=code,
            explanation=post.get("explanation", ""),
            version=_int(post.get("version")),
            values=values or None,
            input_versions=versions,
            actor=request.user,
        ),
        _("Đã gửi giải trình %(code)s.") % {"code": code},
    )
    from django.urls import reverse

    return redirect(f"{reverse('assessments:returned', args=[pk])}#{pages.dom_id(code)}")


@login_required
@require_http_methods(["GET", "POST"])
def finalise_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    if not permissions.is_campaign_secretariat(request.user, assessment.campaign):
        raise PermissionDenied
    if request.method == "POST":
        _act(
            request,
            lambda: services.assessment_finalise(assessment=assessment, actor=request.user),
            _("Đã chốt kết quả."),
        )
        return redirect("assessments:finalise", pk)
    context = {"assessment": assessment, "items": _appraisal_items(request, assessment)}
    return render(request, "assessments/finalise.html", context)


def _until(raw: str) -> datetime.datetime | None:
    value = parse_datetime(raw or "")
    if value is None:
        day = parse_date(raw or "")
        if day is None:
            return None
        value = datetime.datetime.combine(day, datetime.time(23, 59))
    return timezone.make_aware(value) if timezone.is_naive(value) else value


@login_required
@require_POST
def assessment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    until = _until(request.POST.get("until", ""))
    if until is None:
        messages.error(request, _("Ngày mở đến không hợp lệ."))
        return redirect(assessment)
    _act(
        request,
        lambda: services.assessment_reopen(
            assessment=assessment,
            node_code=request.POST.get("node_code", "").strip(),
            message=request.POST.get("message", ""),
            until=until,
            actor=request.user,
        ),
        _("Đã mở lại."),
    )
    return redirect(assessment)


@login_required
@require_GET
def item_history(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = _visible(request, pk)
    scores, events = services.item_history(assessment, code)
    context = {
        "assessment": assessment,
        "code": code,
        "scores": scores,
        "events": events,
        "base_template": "assessments/_fragment.html" if request.htmx else "base.html",
    }
    return render(request, "assessments/item_history.html", context)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("organiser"), pk=pk)
    if not permissions.can_view_ranking(request.user, campaign):
        raise Http404  # results of other units are private until publication
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    if not permissions.is_campaign_secretariat(request.user, campaign):
        raise Http404
    if request.method == "POST":
        if _act(
            request,
            lambda: services.campaign_publish(campaign=campaign, actor=request.user),
            _("Đã công bố kết quả."),
        ):
            return redirect("assessments:ranking", pk)
        return redirect("assessments:publish", pk)
    assessments = campaign.assessments.select_related("unit").order_by("unit__name")
    context = {"campaign": campaign, "assessments": assessments, "final": AssessmentStatus.FINAL}
    return render(request, "assessments/publish.html", context)


@login_required
@require_GET
def campaign_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    previous = services.previous_campaign(campaign)
    rows = [exports.ranking_line(row) for row in services.campaign_ranking(campaign, previous)]
    merged = any(row.previous_from for row in rows)
    context = {"campaign": campaign, "rows": rows, "previous": previous, "merged": merged}
    return render(request, "assessments/ranking.html", context)


@login_required
@require_GET
def campaign_ranking_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return exports.xlsx_response(
        exports.ranking_workbook(campaign, services.campaign_ranking(campaign)),
        f"xep-hang-{campaign.year}-{campaign.pk}.xlsx",
    )


@login_required
@require_GET
def assessment_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    return exports.xlsx_response(
        exports.scorecard_workbook(assessment), f"phieu-{assessment.campaign.year}-{pk}.xlsx"
    )
