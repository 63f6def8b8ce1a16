"""The irreversible steps, each asking for confirmation first (``parindex.web.site.confirm``):
submit, confirm, finalise, publish and "accept all remaining".

A GET shows what will happen (or, for submit, what still blocks it, item by item, each linking
to where it is fixed); the POST does it. Views parse, call a service and redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from parindex.presentation.numbers import fmt_datetime
from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments import permissions
from parindex.web.assessments.models import AssessmentStatus, Campaign
from parindex.web.assessments.refusals import WHAT, describe
from parindex.web.assessments.services import appraisal, selectors, workflow
from parindex.web.assessments.services.errors import (
    IncompleteError,
    NotAllowedError,
    ServiceError,
    WrongStatusError,
)
from parindex.web.assessments.views import display
from parindex.web.assessments.views.appraisal import appraisal_items
from parindex.web.assessments.views.shared import act, visible
from parindex.web.site.confirm import Line, Step, confirm_page
from parindex.web.site.language import lang


def _subject(assessment) -> str:
    return f"{assessment.unit.name} · {assessment.campaign.year}"


def _wrong_status(request: HttpRequest, assessment) -> HttpResponse:
    """Nothing to ask in this status: back to the assessment, saying so."""
    messages.error(request, describe(WrongStatusError(assessment.status)))
    return redirect(assessment)


def _lines(assessment, pairs: list[tuple[str, str]]) -> list[Line]:
    """(code, what) pairs as lines with the item's title, linking to where each is fixed."""
    framework = assessment.campaign.framework_version.framework()
    page = assessment.get_absolute_url()
    lines = []
    for code, what in pairs:
        node = framework.get(code)
        anchor = ("ev-" if what == "evidence" else "n-") + code.replace(".", "-")
        lines.append(
            Line(
                code=code,
                title=display.title_of(node) if node is not None else "",
                what=str(WHAT.get(what, what)),
                url=f"{page}#{anchor}",
            )
        )
    return lines


def submit_step(assessment) -> Step:
    totals = display.totals_view(selectors.assessment_score(assessment=assessment), lang())
    missing = _lines(assessment, workflow.submission_missing(assessment))
    return Step(
        title=_("Gửi phiếu tự đánh giá"),
        subject=_subject(assessment),
        action=reverse("assessments:submit", args=[assessment.pk]),
        button=_("Xác nhận gửi phiếu"),
        cancel=assessment.get_absolute_url(),
        happens=[
            _("Phiếu được gửi đến thủ trưởng đơn vị để xác nhận."),
            _("Điểm tự đánh giá hiện tại (%(score)s/%(max)s) được ghi lại cho từng tiêu chí.")
            % {"score": totals.score, "max": totals.max},
            _(
                "Từ lúc này không sửa được số liệu, tài liệu kiểm chứng và giải trình, trừ khi "
                "thủ trưởng đơn vị trả lại phiếu."
            ),
        ],
        missing=missing,
        missing_title=ngettext(
            "Chưa gửi được: còn %(n)s tiêu chí cần hoàn thiện",
            "Chưa gửi được: còn %(n)s tiêu chí cần hoàn thiện",
            len(missing),
        )
        % {"n": len(missing)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    if not permissions.is_unit_focal_point(request.user, assessment):
        raise PermissionDenied
    if request.method == "GET":
        if assessment.status != AssessmentStatus.DRAFT:
            return _wrong_status(request, assessment)
        return confirm_page(request, submit_step(assessment))
    try:
        workflow.assessment_submit(assessment=assessment, actor=request.user)
    except NotAllowedError:
        raise PermissionDenied from None
    except IncompleteError:  # the page lists the items, each linking to where it is fixed
        messages.error(request, _("Chưa gửi được phiếu: còn tiêu chí cần hoàn thiện."))
        return redirect("assessments:submit", pk)
    except ServiceError as exc:
        messages.error(request, describe(exc))
        return redirect(assessment)
    messages.success(request, _("Đã gửi phiếu; chờ thủ trưởng đơn vị xác nhận."))
    return redirect(assessment)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = visible(request, pk)
    if request.method == "GET":
        if not permissions.is_unit_head(request.user, assessment):
            raise PermissionDenied
        if assessment.status != AssessmentStatus.PENDING:
            return _wrong_status(request, assessment)
        step = Step(
            title=_("Xác nhận và gửi Hội đồng thẩm định"),
            subject=_subject(assessment),
            action=reverse("assessments:confirm", args=[pk]),
            button=_("Xác nhận và gửi"),
            cancel=assessment.get_absolute_url(),
            happens=[
                _("Phiếu được gửi đến Hội đồng thẩm định (Thường trực CCHC)."),
                _("Sau bước này không trả lại đầu mối được nữa; đơn vị không sửa phiếu."),
                _("Đơn vị chỉ giải trình những tiêu chí Hội đồng trả lại."),
            ],
        )
        return confirm_page(request, step)
    act(
        request,
        lambda: workflow.assessment_confirm(assessment=assessment, actor=request.user),
        _("Đã xác nhận và gửi phiếu đến Hội đồng thẩm định."),
    )
    return redirect(assessment)


def finalise_step(request: HttpRequest, assessment) -> Step:
    pk = assessment.pk
    return Step(
        title=_("Chốt kết quả cuối cùng"),
        subject=_subject(assessment),
        action=reverse("assessments:finalise", args=[pk]),
        button=_("Xác nhận chốt kết quả"),
        cancel=reverse("assessments:finalise", args=[pk]),
        happens=[
            _(
                "Điểm cuối cùng của từng tiêu chí được chốt theo kết luận thẩm định và giải "
                "trình của đơn vị."
            ),
            _("Sau khi chốt không thẩm định hay giải trình thêm được; đơn vị chỉ còn kiến nghị."),
        ],
        items=[
            Line(code=i.code, title=i.title, what=i.final or "—")
            for i in appraisal_items(request, assessment)
        ],
        items_title=_("Điểm cuối cùng (dự kiến) từng tiêu chí"),
    )


def publish_step(campaign: Campaign) -> Step:
    count = campaign.assessments.count()
    return Step(
        title=_("Công bố kết quả"),
        subject=campaign.name,
        action=reverse("assessments:publish", args=[campaign.pk]),
        button=_("Xác nhận công bố"),
        cancel=reverse("assessments:publish", args=[campaign.pk]),
        happens=[
            ngettext(
                "Kết quả của %(n)s đơn vị được công bố; bảng xếp hạng hiện cho các đơn vị.",
                "Kết quả của %(n)s đơn vị được công bố; bảng xếp hạng hiện cho các đơn vị.",
                count,
            )
            % {"n": count},
            _("Sau khi công bố kết quả không thay đổi được và không nhận kiến nghị mới."),
            *_appeal_window(campaign),
        ],
    )


def _appeal_window(campaign: Campaign) -> list[str]:
    """A warning when publishing would close the units' appeal window before its deadline."""
    due = campaign.appeal_due
    if due is None or due <= timezone.now():
        return []
    return [
        _("Hạn kiến nghị (%(due)s) chưa hết: công bố bây giờ thì các đơn vị hết quyền kiến nghị.")
        % {"due": fmt_datetime(timezone.localtime(due), lang())}
    ]


@login_required
@require_http_methods(["GET", "POST"])
def accept_remaining(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The appraiser accepts every item of its scope not yet decided, after confirming."""
    assessment = visible(request, pk)
    if not permissions.is_council(request.user, assessment):
        raise PermissionDenied
    page = reverse("assessments:appraisal", args=[pk])
    if request.method == "POST":
        act(
            request,
            lambda: appraisal.items_accept_remaining(assessment=assessment, actor=request.user),
            _("Đã chấp nhận mọi tiêu chí còn lại."),
        )
        return redirect(page)
    codes = set(appraisal.remaining_items(assessment, request.user))
    items = [i for i in appraisal_items(request, assessment) if i.code in codes and i.can_act]
    step = Step(
        title=_("Chấp nhận mọi tiêu chí còn lại"),
        subject=_subject(assessment),
        action=reverse("assessments:accept_remaining", args=[pk]),
        button=_("Xác nhận chấp nhận"),
        cancel=page,
        happens=[
            ngettext(
                "%(n)s tiêu chí chưa thẩm định được chấp nhận với điểm tự đánh giá.",
                "%(n)s tiêu chí chưa thẩm định được chấp nhận với điểm tự đánh giá.",
                len(items),
            )
            % {"n": len(items)},
            _("Mỗi tiêu chí được ghi vào nhật ký như một kết luận riêng; vẫn sửa được sau."),
        ],
        items=[Line(code=i.code, title=i.title, what=i.self_points) for i in items],
        items_title=_("Các tiêu chí sẽ được chấp nhận"),
    )
    if not items:
        messages.info(
            request, _("Không còn tiêu chí nào chưa thẩm định trong phạm vi được phân công.")
        )
        return redirect(page)
    return confirm_page(request, step)
