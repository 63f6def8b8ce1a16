"""The appeal round's page (kiến nghị) after finalisation: the unit appeals, the council
answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments import permissions
from parindex.web.assessments.forms.workflow import AppealDecideForm, AppealForm
from parindex.web.assessments.models import (
    AppealDecision,
    Assessment,
    AssessmentStatus,
    ItemAppeal,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services import appeals, selectors
from parindex.web.assessments.views.shared import act, typed_pop, visible
from parindex.web.site.language import lang


@dataclass
class AppealItem:
    code: str
    title: str
    max: Decimal
    self_points: Decimal | None
    final_points: Decimal | None
    appeal: ItemAppeal | None
    typed: dict[str, str] = field(default_factory=dict)  # a refused decision's fields


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
            title=node.label(lang()),
            max=node.max,
            self_points=latest.get((node.code, ItemStage.SELF)),
            final_points=latest.get((node.code, ItemStage.FINAL)),
            appeal=appeals.get(node.code),
        )
        for node in framework.leaves()
        if node.scored_by == "self"
    ]


def _allowed(request: HttpRequest, assessment: Assessment) -> tuple[bool, bool]:
    unit = permissions.can_appeal(request.user, assessment)
    council = permissions.is_campaign_secretariat(request.user, assessment.campaign)
    if not (unit or council):
        raise PermissionDenied
    return unit, council


@login_required
@require_GET
def appeals_page(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    unit, council = _allowed(request, assessment)
    due = assessment.campaign.appeal_due
    open_ = (
        assessment.status in appeals.APPEAL_STATUSES
        and assessment.campaign.published_at is None
        and selectors.open_until(due)
    )
    items = appeal_items(assessment)
    held = typed_pop(request, f"{pk}:appeal")
    for item in items:
        item.typed = held.get(f"_decide:{item.code}", {})
    context = {
        "typed": held.get("_file", {}),
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
def appeal_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    form = AppealForm.posted(request)
    data = form.parsed
    act(
        request,
        lambda: appeals.item_appeal(assessment=assessment, actor=request.user, **data),
        _("Đã gửi kiến nghị đến Hội đồng thẩm định."),
        keep=(f"{pk}:appeal_file", form),
    )
    return redirect("assessments:appeals", pk)


@login_required
@require_POST
def appeal_decide(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    assessment = visible(request, pk)
    form = AppealDecideForm.posted(request)
    data = form.parsed
    act(
        request,
        lambda: appeals.appeal_decide(
            assessment=assessment, node_code=code, actor=request.user, **data
        ),
        _("Đã ghi kết luận về kiến nghị."),
        keep=(f"{pk}:appeal_decide:{code}", form),
    )
    return redirect("assessments:appeals", pk)
