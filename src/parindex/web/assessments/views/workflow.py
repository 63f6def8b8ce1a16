"""Workflow pages: send back, start appraisal, reopen, finalise, publish and the ranking
(submit and confirm, with their confirmation pages, are in ``steps``).

Views parse, call a service and render; a service's refusal becomes a message (or 403 when
the role may not act at all).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments import exports, permissions
from parindex.web.assessments.forms.workflow import ReopenForm, SendBackForm
from parindex.web.assessments.models import Assessment, AssessmentStatus, Campaign
from parindex.web.assessments.services import ranking, workflow
from parindex.web.assessments.services.appraisal import assessment_finalise
from parindex.web.assessments.views import steps
from parindex.web.assessments.views.appraisal import appraisal_items
from parindex.web.assessments.views.shared import act, keep_typed, visible
from parindex.web.site.confirm import confirm_page


@login_required
@require_POST
def assessment_send_back(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The unit head returns the submission to the focal point with a message."""
    assessment = visible(request, pk)
    form = SendBackForm.posted(request)
    data = form.parsed
    act(
        request,
        lambda: workflow.assessment_send_back(
            assessment=assessment, actor=request.user, message=data["message"]
        ),
        _("Đã trả phiếu cho đầu mối để hoàn thiện."),
        keep=(f"{pk}:send_back", form),
    )
    return redirect(assessment)


@login_required
@require_POST
def assessment_appraisal_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    told = [
        u.get_full_name() or u.get_username() for u in permissions.assigned_appraisers(assessment)
    ]
    done = _("Đã bắt đầu thẩm định; đã báo thành viên Hội đồng được phân công: %(names)s.") % {
        "names": ", ".join(told)
    }
    if not told:
        done = _(
            "Đã bắt đầu thẩm định, nhưng chưa phân công thành viên Hội đồng nào: "
            "hãy phân công ở trang quản lý đợt đánh giá."
        )
    started = act(
        request,
        lambda: workflow.assessment_appraisal_start(assessment=assessment, actor=request.user),
        done,
    )
    # the secretariat who opens it without appraising goes back to the assessment, not to an
    # appraisal page that would say "not assigned"
    if started and permissions.appraisable_parts(request.user, assessment) == frozenset():
        return redirect(assessment.get_absolute_url())
    return redirect("assessments:appraisal", pk)


@login_required
@require_http_methods(["GET", "POST"])
def finalise_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    if not permissions.is_campaign_secretariat(request.user, assessment.campaign):
        raise PermissionDenied
    if request.method == "POST":
        act(
            request,
            lambda: assessment_finalise(assessment=assessment, actor=request.user),
            _("Đã chốt kết quả."),
        )
        return redirect("assessments:finalise", pk)
    if request.GET.get("step") == "confirm":
        return confirm_page(request, steps.finalise_step(request, assessment))
    items = appraisal_items(request, assessment)
    context = {"assessment": assessment, "items": items, "state": _finalise_state(assessment)}
    return render(request, "assessments/finalise.html", context)


def _finalise_state(assessment: Assessment) -> str:
    """The assessment's state as the finalise page says it: the status stays "returned" until
    the council finalises, so a round whose returned items are all answered says so."""
    if assessment.status != AssessmentStatus.RETURNED:
        return str(assessment.get_status_display())
    waiting = sum(1 for a in assessment.appraisals.all() if a.awaiting_explanation)
    if not waiting:
        return str(_("Đơn vị đã giải trình; chờ chốt kết quả"))
    return ngettext(
        "Trả lại để giải trình: còn %(n)s tiêu chí chờ đơn vị giải trình",
        "Trả lại để giải trình: còn %(n)s tiêu chí chờ đơn vị giải trình",
        waiting,
    ) % {"n": waiting}


@login_required
@require_POST
def assessment_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    form = ReopenForm.posted(request)
    data = form.parsed
    if data["until"] is None:
        messages.error(request, _("Ngày mở đến không hợp lệ."))
        keep_typed(request, f"{pk}:reopen", form)
        return redirect(assessment)
    act(
        request,
        lambda: workflow.assessment_reopen(
            assessment=assessment,
            node_code=data["node_code"],
            message=data["message"],
            until=data["until"],
            actor=request.user,
        ),
        _("Đã mở lại."),
        keep=(f"{pk}:reopen", form),
    )
    return redirect(assessment)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("organiser"), pk=pk)
    if not permissions.can_view_ranking(request.user, campaign):
        raise Http404  # results of other units are private until publication
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    if not permissions.is_campaign_secretariat(request.user, campaign):
        raise Http404
    if request.method == "POST":
        published = act(
            request,
            lambda: workflow.campaign_publish(campaign=campaign, actor=request.user),
            _("Đã công bố kết quả."),
        )
        return redirect("assessments:ranking" if published else "assessments:publish", pk)
    if request.GET.get("step") == "confirm" and campaign.published_at is None:
        return confirm_page(request, steps.publish_step(campaign))
    assessments = campaign.assessments.select_related("unit").order_by("unit__name")
    context = {"campaign": campaign, "assessments": assessments, "final": AssessmentStatus.FINAL}
    return render(request, "assessments/publish.html", context)


@login_required
@require_GET
def campaign_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    previous = ranking.previous_campaign(campaign)
    rows = [exports.ranking_line(row) for row in ranking.campaign_ranking(campaign, previous)]
    merged = any(row.previous_from for row in rows)
    context = {"campaign": campaign, "rows": rows, "previous": previous, "merged": merged}
    return render(request, "assessments/ranking.html", context)


@login_required
@require_GET
def campaign_ranking_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return exports.xlsx_response(
        exports.ranking_workbook(campaign, ranking.campaign_ranking(campaign)),
        f"xep-hang-{campaign.year}-{campaign.pk}.xlsx",
    )
