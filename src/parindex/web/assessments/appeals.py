"""The appeal round (kiến nghị) after finalisation: the unit appeals, the council answers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.web.accounts import permissions
from parindex.web.assessments import services
from parindex.web.assessments.models import (
    AppealDecision,
    Assessment,
    AssessmentStatus,
    ItemAppeal,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.workflow import _act, _visible


@dataclass
class AppealItem:
    code: str
    title: str
    max: Decimal
    self_points: Decimal | None
    final_points: Decimal | None
    appeal: ItemAppeal | None


def appeal_items(assessment: Assessment) -> list[AppealItem]:
    """Every self-scored item with its self and current final score and its appeal (2 queries)."""
    latest: dict[tuple[str, str], Decimal] = {}
    for code, stage, points in (
        ItemScore.objects.filter(assessment=assessment, stage__in=[ItemStage.SELF, ItemStage.FINAL])
        .order_by("at", "id")
        .values_list("node_code", "stage", "points")
    ):
        latest[(code, stage)] = points
    appeals = {
        a.node_code: a
        for a in ItemAppeal.objects.filter(assessment=assessment).select_related(
            "filed_by", "decided_by"
        )
    }
    framework = assessment.campaign.framework_version.framework()
    return [
        AppealItem(
            code=node.code,
            title=node.title,
            max=node.max,
            self_points=latest.get((node.code, ItemStage.SELF)),
            final_points=latest.get((node.code, ItemStage.FINAL)),
            appeal=appeals.get(node.code),
        )
        for node in framework.leaves()
        if node.scored_by == "self"
    ]


def _allowed(request: HttpRequest, assessment: Assessment) -> tuple[bool, bool]:
    unit = services.can_appeal(request.user, assessment)
    council = permissions.is_campaign_secretariat(request.user, assessment.campaign)
    if not (unit or council):
        raise PermissionDenied
    return unit, council


@login_required
@require_GET
def appeals_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    unit, council = _allowed(request, assessment)
    campaign = assessment.campaign
    due = campaign.appeal_due
    open_ = (
        assessment.status in services.APPEAL_STATUSES
        and campaign.published_at is None
        and (due is None or services.clock() <= due)
    )
    items = appeal_items(assessment)
    context = {
        "assessment": assessment,
        "items": items,
        "appealable": [i for i in items if i.appeal is None and i.final_points is not None],
        "can_file": unit and open_,
        "can_decide": council and assessment.status == AssessmentStatus.APPEALED,
        "appeals": [i for i in items if i.appeal is not None],
        "due": due,
        "decisions": AppealDecision,
    }
    return render(request, "assessments/appeals.html", context)


@login_required
@require_POST
def appeal_file(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    _act(
        request,
        lambda: services.item_appeal(
            assessment=assessment,
            node_code=request.POST.get("node_code", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        ),
        _("Đã gửi kiến nghị đến Hội đồng thẩm định."),
    )
    return redirect("assessments:appeals", pk)


@login_required
@require_POST
def appeal_decide(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    assessment = _visible(request, pk)
    _act(
        request,
        lambda: services.appeal_decide(
            assessment=assessment,
            node_code=code,
            decision=request.POST.get("decision", ""),
            answer=request.POST.get("answer", ""),
            points=request.POST.get("points") or None,
            actor=request.user,
        ),
        _("Đã ghi kết luận về kiến nghị."),
    )
    return redirect("assessments:appeals", pk)
