"""Appraisal pages: the council appraises each item, the unit answers the returned ones."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments import permissions
from parindex.web.assessments.forms.workflow import AppraiseForm, ExplainForm
from parindex.web.assessments.models import (
    APPRAISAL_STATUSES,
    Assessment,
    AssessmentStatus,
    Decision,
)
from parindex.web.assessments.services import appraisal, selectors
from parindex.web.assessments.views import display
from parindex.web.assessments.views.shared import (
    act,
    evidence_panel_available,
    typed_pop,
    visible,
)


def _items(
    assessment: Assessment, codes: Iterable[str] | None, statuses, due, parts
) -> list[display.Item]:
    """The items with ``can_act``: in a status that allows it, in ``parts``, still open."""
    stored = selectors.assessment_values(assessment)
    scorecard = selectors.assessment_score(assessment=assessment, stored=stored)
    appraisals = {a.node_code: a for a in assessment.appraisals.all()}
    items = display.items_view(
        scorecard,
        stored,
        selectors.assessment_comments(assessment),
        selectors.self_points(assessment),
        appraisals,
        codes,
    )
    open_ = selectors.open_until(due)
    reopened = {r.node_code for r in selectors.reopenings_in_force(assessment)}
    for item in items:
        item.can_act = (
            assessment.status in statuses
            and permissions.in_parts(item.code, parts)
            and (open_ or "" in reopened or item.code in reopened)
        )
        if item.appraisal is not None:
            item.final = display.points(selectors.final_points(item.appraisal))
    return items


def appraisal_items(request: HttpRequest, assessment: Assessment, codes=None) -> list:
    """The items as the council sees them; ``can_act`` where the user appraises now."""
    parts = permissions.appraisable_parts(request.user, assessment)
    due = assessment.campaign.appraisal_due
    return _items(assessment, codes, APPRAISAL_STATUSES, due, parts)


def _council(request: HttpRequest, pk: int) -> Assessment:
    assessment = visible(request, pk)
    if not permissions.is_council(request.user, assessment):
        raise PermissionDenied
    return assessment


def _item_context(
    request: HttpRequest, assessment: Assessment, code: str, saved: bool, held: dict
) -> dict:
    items = appraisal_items(request, assessment, [code])
    if not items:
        raise Http404
    if not saved:
        items[0].keep(held)  # a refusal keeps what the appraiser chose and typed
    return {
        "assessment": assessment,
        "item": items[0],
        "decisions": Decision,
        "evidence_panel": evidence_panel_available(),
        "saved": saved,
        "messages_now": [str(m) for m in messages.get_messages(request)],
    }


@login_required
@require_GET
def appraisal_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _council(request, pk)
    items = appraisal_items(request, assessment)
    held = typed_pop(request, f"{pk}:appraise:")
    for item in items:
        item.keep(held.get(item.code))
    context = {
        "assessment": assessment,
        "items": items,
        "decisions": Decision,
        "evidence_panel": evidence_panel_available(),
        "reopenings": selectors.reopenings_in_force(assessment),
        "why_empty": _why_empty(request, assessment, items),
        "remaining": any(i.can_act and i.appraisal is None for i in items),
    }
    return render(request, "assessments/appraisal.html", context)


def _why_empty(request: AuthenticatedRequest, assessment: Assessment, items) -> str:
    """Why nothing can be appraised here now ("" when something can)."""
    status = assessment.status
    if status in (AssessmentStatus.DRAFT, AssessmentStatus.PENDING):
        return _(
            "Đơn vị chưa gửi phiếu: thẩm định bắt đầu khi thủ trưởng đơn vị đã xác nhận phiếu "
            "và Thường trực CCHC bắt đầu thẩm định."
        )
    if status == AssessmentStatus.SUBMITTED:
        return _("Phiếu đã gửi; Thường trực CCHC chưa bắt đầu thẩm định.")
    if status not in APPRAISAL_STATUSES:
        return _("Đã chốt kết quả: không thẩm định thêm được.")
    if any(i.can_act for i in items):
        return ""
    parts = permissions.appraisable_parts(request.user, assessment)
    if parts is not None and not parts:
        return _("Bạn không được phân công thẩm định phiếu này; trang chỉ để xem.")
    return _("Đã quá hạn thẩm định; liên hệ Thường trực CCHC để được mở lại.")


@login_required
@require_POST
def item_appraise(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    assessment = _council(request, pk)
    form = AppraiseForm.posted(request)
    data = form.parsed
    saved = act(
        request,
        lambda: appraisal.item_appraise(
            assessment=assessment, node_code=code, actor=request.user, **data
        ),
        _("Đã lưu kết quả thẩm định %(code)s.") % {"code": code},
        keep=None if request.htmx else (f"{pk}:appraise:{code}", form),
    )
    if not request.htmx:
        url = reverse("assessments:appraisal", args=[pk])
        return redirect(f"{url}#{display.dom_id(code)}")
    held = {name: str(form.data.get(name, "")) for name in ("decision", "points", "reason")}
    context = _item_context(request, assessment, code, saved, held)
    return render(request, "assessments/appraisal.html#item", context)


@login_required
@require_GET
def returned_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    parts = permissions.editable_parts(request.user, assessment)
    if parts is not None and not parts and not permissions.is_council(request.user, assessment):
        raise PermissionDenied  # the unit's preparers answer; the council reads
    returned = assessment.appraisals.filter(decision=Decision.RETURN).values_list(
        "node_code", flat=True
    )
    codes = [c for c in returned if not parts or permissions.under(c, parts)]
    due = assessment.campaign.explanation_due
    items = _items(assessment, codes, {AssessmentStatus.RETURNED}, due, parts)
    held = typed_pop(request, f"{pk}:explain:")
    for item in items:
        item.keep(held.get(item.code), inputs=True)
    context = {
        "assessment": assessment,
        "items": items,
        "reopenings": selectors.reopenings_in_force(assessment),
        "evidence_panel": evidence_panel_available(),
    }
    return render(request, "assessments/returned.html", context)


@login_required
@require_POST
def item_explain(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    assessment = visible(request, pk)
    node = assessment.campaign.framework_version.framework().get(code)
    if node is None or not node.is_leaf:
        raise Http404
    form = ExplainForm.posted(request, node=node)
    data = form.parsed
    act(
        request,
        lambda: appraisal.item_explain(
            assessment=assessment, node_code=code, actor=request.user, **data
        ),
        _("Đã gửi giải trình %(code)s.") % {"code": code},
        keep=(f"{pk}:explain:{code}", form),
    )
    url = reverse("assessments:returned", args=[pk])
    return redirect(f"{url}#{display.dom_id(code)}")
