"""The secretariat's campaign pages: list, create, units, contributing agencies, appraisers.

Other users get 403 on the list and the form and 404 on a campaign (its existence is
private); every write goes through a service that checks again and records an audit event.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments import exports, permissions
from parindex.web.assessments.forms import campaigns as campaign_forms
from parindex.web.assessments.forms.campaigns import AssignmentForm
from parindex.web.assessments.models import AssessmentStatus, Campaign, InputValue
from parindex.web.assessments.refusals import describe, problem_text
from parindex.web.assessments.services import assignments
from parindex.web.assessments.services import campaigns as campaign_services
from parindex.web.assessments.services.errors import (
    CampaignInvalidError,
    NotAllowedError,
    ServiceError,
    WrongStatusError,
)


def _campaigns(request: HttpRequest):
    if not permissions.can_create_campaign(request.user):
        raise PermissionDenied
    allowed = permissions.organised_unit_ids(request.user)
    found = Campaign.objects.select_related("framework_version", "organiser")
    if allowed is not None:
        found = found.filter(organiser_id__in=allowed)
    return found


def _managed(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.select_related("framework_version", "organiser"), pk=pk
    )
    if not permissions.is_campaign_secretariat(request.user, campaign):
        raise Http404
    return campaign


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = exports.campaign_lines(_campaigns(request))
    return render(request, "assessments/campaigns.html", {"campaigns": campaigns})


@login_required
@require_GET
def campaign_list_xlsx(request: HttpRequest) -> HttpResponse:
    book = exports.campaigns_workbook(exports.campaign_lines(_campaigns(request)))
    return exports.xlsx_response(book, "dot-danh-gia.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_create_campaign(request.user):
        raise PermissionDenied
    form = (
        campaign_forms.CampaignForm.posted(request, user=request.user)
        if request.method == "POST"
        else campaign_forms.CampaignForm(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = form.save()
        except NotAllowedError:
            raise PermissionDenied from None
        if campaign is not None:
            messages.success(request, _("Đã tạo đợt đánh giá."))
            return redirect("assessments:campaign_manage", campaign.pk)
    return render(request, "assessments/campaign_form.html", {"form": form})


@login_required
@require_GET
def campaign_manage(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    return render(request, "assessments/campaign_manage.html", _manage_context(campaign))


def _manage_context(campaign: Campaign) -> dict:
    assessments = list(
        campaign.assessments.select_related("unit")
        .prefetch_related("contributions__unit", "appraisers")
        .annotate(has_inputs=Exists(InputValue.objects.filter(assessment=OuterRef("pk"))))
    )
    present = {a.unit_id for a in assessments}
    candidates = [
        u for u in campaign_forms.assessable_units([campaign.organiser_id]) if u.pk not in present
    ]
    framework = campaign.framework_version.framework()
    parts = [n for n in framework.walk() if not n.is_leaf]
    for a in assessments:  # what the page offers; the service checks evidence too
        a.started = a.status != AssessmentStatus.DRAFT or a.version > 1 or a.has_inputs  # type: ignore[attr-defined]  # set on each assessment in the loop below
    return {
        "campaign": campaign,
        "assessments": assessments,
        "candidates": candidates,
        "agencies": [u for u in campaign_forms.assessable_units([campaign.organiser_id])],
        "parts": parts,
        "appraisers": list(campaign_forms.appraisers_of(campaign)),
        "area_appraisers": list(campaign.area_appraisers.select_related("user")),
    }


def _act(request: HttpRequest, campaign: Campaign, action: Callable[[], object], done: str):
    try:
        action()
    except NotAllowedError:
        raise PermissionDenied from None
    except CampaignInvalidError as exc:
        messages.error(request, "; ".join(problem_text(code) for _f, code in exc.problems))
    except WrongStatusError as exc:
        if exc.status == "started":
            messages.error(request, _("Không bỏ được: đơn vị đã bắt đầu tự đánh giá."))
        else:
            messages.error(request, describe(exc))
    except ServiceError as exc:
        messages.error(request, describe(exc))
    else:
        messages.success(request, done)
    return redirect("assessments:campaign_manage", campaign.pk)


@login_required
@require_POST
def campaign_units_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    units = AssignmentForm.posted(request, campaign=campaign).units()
    if not units:
        messages.error(request, _("Chọn ít nhất một đơn vị."))
        return redirect("assessments:campaign_manage", campaign.pk)
    return _act(
        request,
        campaign,
        lambda: campaign_services.campaign_units_add(
            campaign=campaign, units=units, actor=request.user
        ),
        _("Đã thêm đơn vị vào đợt đánh giá."),
    )


@login_required
@require_POST
def campaign_unit_remove(request: AuthenticatedRequest, pk: int, unit_pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    assessment = get_object_or_404(campaign.assessments.select_related("unit"), unit_id=unit_pk)
    return _act(
        request,
        campaign,
        lambda: campaign_services.campaign_unit_remove(
            campaign=campaign, unit=assessment.unit, actor=request.user
        ),
        _("Đã bỏ đơn vị khỏi đợt đánh giá."),
    )


@login_required
@require_POST
def campaign_contribution(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    form = AssignmentForm.posted(request, campaign=campaign)
    assessment, units = form.assessment(), form.units("unit")
    if not units:
        raise Http404
    return _act(
        request,
        campaign,
        lambda: assignments.contribution_assign(
            assessment=assessment, node_code=form.node_code_value, unit=units[0], actor=request.user
        ),
        _("Đã phân công cơ quan chủ trì."),
    )


@login_required
@require_POST
def campaign_appraiser_unit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    form = AssignmentForm.posted(request, campaign=campaign)
    assessment, appraiser = form.assessment(), form.appraiser()
    return _act(
        request,
        campaign,
        lambda: assignments.assessment_appraiser_assign(
            assessment=assessment, appraiser=appraiser, actor=request.user
        ),
        _("Đã phân công người thẩm định."),
    )


@login_required
@require_POST
def campaign_appraiser_area(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    form = AssignmentForm.posted(request, campaign=campaign)
    appraiser = form.appraiser()
    return _act(
        request,
        campaign,
        lambda: assignments.area_appraiser_assign(
            campaign=campaign,
            node_code=form.node_code_value,
            appraiser=appraiser,
            actor=request.user,
        ),
        _("Đã phân công người thẩm định."),
    )


REMOVED = _("Đã bỏ phân công; điểm, số liệu và lịch sử đã ghi được giữ nguyên.")


@login_required
@require_POST
def campaign_contribution_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    form = AssignmentForm.posted(request, campaign=campaign)
    assessment = form.assessment()
    return _act(
        request,
        campaign,
        lambda: assignments.contribution_remove(
            assessment=assessment, node_code=form.node_code_value, actor=request.user
        ),
        REMOVED,
    )


@login_required
@require_POST
def campaign_appraiser_unit_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    form = AssignmentForm.posted(request, campaign=campaign)
    assessment, appraiser = form.assessment(), form.withdrawn()
    return _act(
        request,
        campaign,
        lambda: assignments.assessment_appraiser_remove(
            assessment=assessment, appraiser=appraiser, actor=request.user
        ),
        REMOVED,
    )


@login_required
@require_POST
def campaign_appraiser_area_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = _managed(request, pk)
    form = AssignmentForm.posted(request, campaign=campaign)
    appraiser = form.withdrawn()
    return _act(
        request,
        campaign,
        lambda: assignments.area_appraiser_remove(
            campaign=campaign,
            node_code=form.node_code_value,
            appraiser=appraiser,
            actor=request.user,
        ),
        REMOVED,
    )
