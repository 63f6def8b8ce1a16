"""Assessment pages: the user's list, one assessment's self-assessment page, a row's update,
an item's history and the scorecard workbook."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from parindex.web.accounts.models import Role
from parindex.web.accounts.permissions import has_role
from parindex.web.assessments import exports, permissions
from parindex.web.assessments.forms.inputs import NodeEntryForm
from parindex.web.assessments.models import Assessment, AssessmentStatus
from parindex.web.assessments.refusals import describe
from parindex.web.assessments.services import selectors
from parindex.web.assessments.services.appeals import APPEAL_STATUSES
from parindex.web.assessments.services.errors import (
    AssessmentLockedError,
    DeadlinePassedError,
    NotAllowedError,
)
from parindex.web.assessments.views import display
from parindex.web.assessments.views.history import history_rows
from parindex.web.assessments.views.shared import (
    evidence_panel_available,
    typed_pop,
    visible,
)
from parindex.web.site.http import HtmxRequest
from parindex.web.site.language import lang


@login_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = permissions.assessments_visible_to(request.user).select_related(
        "campaign__framework_version", "unit"
    )
    context = {
        "assessments": assessments,
        "can_manage_campaigns": permissions.can_create_campaign(request.user),
    }
    return render(request, "assessments/list.html", context)


@login_required
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    shown = selectors.assessment_shown(assessment=assessment, actor=request.user)
    areas, totals = display.page_view(shown.scorecard, shown.stored, shown.comments)
    context = {
        "assessment": assessment,
        "framework": shown.scorecard.framework,
        "totals": totals,
        **detail_context(request.user, assessment, areas, shown.parts),
        "typed": typed_pop(request, f"{pk}:"),  # a refused send-back or reopening
    }
    return render(request, "assessments/detail.html", context)


def detail_context(
    user, assessment: Assessment, areas: list[display.Area], shown: frozenset[str] | None
) -> dict:
    """What the self-assessment page adds: parts, locks, reopenings and the next actions."""
    reopenings = selectors.reopenings_in_force(assessment)
    due = selectors.stage_due(assessment)
    past_due = not selectors.open_until(due)
    reopened = {r.node_code for r in reopenings}
    editable = permissions.can_edit_assessment(user, assessment)
    parts = permissions.editable_parts(user, assessment) if editable else None
    if shown is not None:  # a contributing agency: only its areas
        areas = [a for a in areas if permissions.overlaps(a.code, shown)]
        for area in areas:
            area.rows = [row for row in area.rows if permissions.under(row.code, shown)]
    for area in areas:
        for row in area.rows:
            row.editable = permissions.in_parts(row.code, parts) and (
                not past_due or "" in reopened or row.code in reopened
            )
    secretariat = permissions.is_campaign_secretariat(user, assessment.campaign)
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
        "sent_back": selectors.send_back_message(assessment),
        "appeals_link": assessment.status in APPEAL_STATUSES
        and (permissions.can_appeal(user, assessment) or secretariat),
        "is_secretariat": secretariat,
        "ranking_link": permissions.can_view_ranking(user, assessment.campaign),
        "explanation_round": assessment.status == AssessmentStatus.RETURNED
        and permissions.editable_parts(user, assessment) != frozenset(),
        "council_view": assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.PENDING)
        and (secretariat or has_role(user, Role.APPRAISER)),
        "statuses": AssessmentStatus,
    }


@login_required
@require_POST
def node_inputs_update(request: HtmxRequest, pk: int, code: str) -> HttpResponse:
    assessment = visible(request, pk)
    node = selectors.self_node(assessment, code)
    if node is None:
        raise PermissionDenied
    form = NodeEntryForm.posted(request, node=node)
    try:
        form.save(assessment=assessment, actor=request.user)  # type: ignore[arg-type]
    except DeadlinePassedError as exc:
        messages.error(request, describe(exc))
        if request.htmx:
            return HttpResponse(describe(exc), status=403)
        return redirect(assessment.get_absolute_url())
    except (NotAllowedError, AssessmentLockedError):
        raise PermissionDenied from None  # another agency's part, or no longer open
    if not request.htmx:
        for text in form.messages():
            messages.error(request, text)
        return redirect(f"{assessment.get_absolute_url()}#{display.dom_id(code)}")
    return _node_response(request, assessment, form)


def _node_response(
    request: HttpRequest, assessment: Assessment, form: NodeEntryForm
) -> HttpResponse:
    """The row's result with, out of band, the criterion scores, the area and the total."""
    stored = selectors.assessment_values(assessment)
    scorecard = selectors.assessment_score(assessment=assessment, stored=stored)
    note = selectors.assessment_comments(assessment).get(form.node.code)
    context = {
        "assessment": assessment,
        **display.entry_view(scorecard, form, stored, note),
        "message": form.conflict,
        "editable": True,
    }
    return render(request, "assessments/node_response.html", context)


@login_required
@require_GET
def item_history(request: HtmxRequest, pk: int, code: str) -> HttpResponse:
    assessment = visible(request, pk)
    try:
        scores, events = selectors.item_history(
            assessment=assessment, node_code=code, actor=request.user
        )
    except NotAllowedError:
        raise PermissionDenied from None  # outside a contributing agency's areas
    node = assessment.campaign.framework_version.framework().get(code)
    context = {
        "assessment": assessment,
        "code": code,
        "title": node.label(lang()) if node is not None else "",
        "rows": history_rows(node, scores, events),
        "base_template": "assessments/_fragment.html" if request.htmx else "base.html",
    }
    return render(request, "assessments/item_history.html", context)


@login_required
@require_GET
def assessment_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    shown = selectors.assessment_shown(assessment=assessment, actor=request.user)
    return exports.xlsx_response(
        exports.scorecard_workbook(shown), f"phieu-{assessment.campaign.year}-{pk}.xlsx"
    )
