"""Assessment pages: the user's list, one assessment's self-assessment page, a row's update."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from parindex.web.accounts import permissions
from parindex.web.accounts.permissions import assessments_visible_to, can_edit_assessment
from parindex.web.assessments import pages, services, workflow
from parindex.web.assessments.forms import NodeEntry
from parindex.web.assessments.models import Assessment


def _visible(request: HttpRequest, pk: int) -> Assessment:
    # Another unit's assessment is not found rather than forbidden: its existence is private.
    return get_object_or_404(
        assessments_visible_to(request.user).select_related(
            "campaign__framework_version", "campaign__organiser", "unit"
        ),
        pk=pk,
    )


@login_required
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = assessments_visible_to(request.user).select_related(
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
    assessment = _visible(request, pk)
    stored = services.assessment_values(assessment)
    scorecard = services.assessment_score(assessment=assessment, stored=stored)
    areas, totals = pages.page_view(scorecard, stored, services.assessment_comments(assessment))
    context = {
        "assessment": assessment,
        "framework": scorecard.framework,
        "totals": totals,
        **workflow.detail_context(request.user, assessment, areas),
    }
    return render(request, "assessments/detail.html", context)


@login_required
@require_POST
def node_inputs_update(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = _visible(request, pk)
    if not can_edit_assessment(request.user, assessment):
        raise PermissionDenied
    if not permissions.can_edit_node(request.user, assessment, code):
        raise PermissionDenied  # another contributing agency's part
    node = assessment.campaign.framework_version.framework().get(code)
    if node is None or not node.is_leaf or node.scored_by != "self":
        raise PermissionDenied
    entry = NodeEntry.from_post(node, request.POST)
    try:
        entry.save(assessment=assessment, actor=request.user)  # type: ignore[arg-type]
    except services.DeadlinePassedError as exc:
        messages.error(request, workflow.describe(exc))
        if request.htmx:
            return HttpResponse(workflow.describe(exc), status=403)
        return redirect(assessment.get_absolute_url())
    if not request.htmx:
        for text in entry.messages():
            messages.error(request, text)
        return redirect(f"{assessment.get_absolute_url()}#{pages.dom_id(code)}")
    return _node_response(request, assessment, entry)


def _node_response(request: HttpRequest, assessment: Assessment, entry: NodeEntry) -> HttpResponse:
    """The row's result with, out of band, the criterion scores, the area and the total."""
    stored = services.assessment_values(assessment)
    scorecard = services.assessment_score(assessment=assessment, stored=stored)
    language = pages.lang()
    framework = scorecard.framework
    code = entry.node.code
    row = pages.node_row(
        framework,
        scorecard,
        entry.node,
        stored.get(code, {}),
        language,
        entry.typed,
        entry.errors,
        services.assessment_comments(assessment).get(code),
        entry.typed_comment,
    )
    parents = [
        pages.node_row(framework, scorecard, parent, {}, language)
        for parent in framework.ancestors(code)[:-1]  # the area has its own heading
    ]
    context = {
        "assessment": assessment,
        "row": row,
        "area": pages.area_view(framework, scorecard, framework.area_of(code), language),
        "parents": parents,
        "totals": pages.totals_view(scorecard, language),
        "message": entry.conflict,
        "editable": True,
    }
    return render(request, "assessments/node_response.html", context)
