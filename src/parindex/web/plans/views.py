"""Plan pages: list, draft from an assessment, edit per area, versions, approve/issue,
documents, and per period the agencies' reports and the secretariat's consolidated view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.documents.plan_docx import plan_docx
from parindex.documents.plan_xlsx import plan_xlsx
from parindex.plans import PlanError
from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments.permissions import assessments_visible_to, is_campaign_secretariat
from parindex.web.evidence.models import Document
from parindex.web.organisations.models import Unit
from parindex.web.plans import exports, follow, pages, pdf, services, steps
from parindex.web.plans.diff import plan_diff, readable
from parindex.web.plans.forms.actions import (
    DeadlineForm,
    GenerateForm,
    IssueForm,
    ItemReportForm,
)
from parindex.web.plans.forms.area import AreaForm
from parindex.web.plans.forms.edit import PlanEditForm
from parindex.web.plans.forms.general import GeneralForm
from parindex.web.plans.models import (
    ItemStatus,
    Period,
    Plan,
    PlanReportingPeriod,
    PlanSource,
    PlanStatus,
)
from parindex.web.plans.permissions import (
    can_manage,
    can_manage_province,
    is_viewer,
    plan_for,
    plans_visible_to,
    reporting_agencies,
)
from parindex.web.plans.templatetags.plans import dom
from parindex.web.plans.text import describe, plan_error, risk_texts
from parindex.web.site.confirm import confirm_page
from parindex.web.site.http import HtmxRequest
from parindex.web.site.language import lang
from parindex.web.site.params import int_param


def _plans(request: HttpRequest) -> list[Plan]:
    return list(plans_visible_to(request.user).select_related("unit").order_by("-year", "-id"))


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    sources = [
        a
        for a in assessments_visible_to(request.user).select_related("campaign__organiser", "unit")
        if is_campaign_secretariat(request.user, a.campaign)
        and can_manage_province(request.user, a.unit)
    ]
    context = {"plans": _plans(request), "sources": sources, "choices": PlanSource.choices}
    return render(request, "plans/list.html", context)


@login_required
@require_GET
def plan_list_export(request: HttpRequest) -> HttpResponse:
    data = exports.workbook([exports.plans_sheet(_plans(request))])
    return exports.download(data, "ke-hoach.xlsx")


@login_required
@require_POST
def plan_generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm.posted(
        request,
        assessments=assessments_visible_to(request.user).select_related("campaign", "unit"),
    )
    if not form.is_valid():
        raise Http404
    try:
        plan = services.plan_generate(
            assessment=form.cleaned_data["assessment"],
            source=form.cleaned_data["source"],
            actor=request.user,  # type: ignore[arg-type]
            despite_issued=request.POST.get("despite_issued") == "1",
        )
    except services.NotAllowedError as exc:
        raise PermissionDenied from exc
    except services.PlanServiceError as exc:
        if exc.code == "issued_exists":  # warn, and ask before drafting a second plan
            return confirm_page(request, steps.generate_step(form, describe(exc)))
        messages.error(request, describe(exc))
        return redirect("plans:list")
    except PlanError as exc:
        messages.error(request, plan_error(exc))
        return redirect("plans:list")
    messages.success(request, _("Đã tạo dự thảo kế hoạch."))
    return redirect(plan.get_absolute_url())


def _periods(plan: Plan) -> list[PlanReportingPeriod]:
    return list(plan.periods.all())


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    context = {
        "plan": plan,
        "pure": services.plan_current(plan),
        "periods": _periods(plan),
        "manage": can_manage(request.user, plan),
        "agencies": reporting_agencies(request.user, plan),
        "today": services.today(),
    }
    # the same rule as period_detail's: a reader who neither oversees nor reports sees the
    # periods and their deadlines, without links that would answer 403
    context["follow"] = _overview(request, plan) or bool(context["agencies"])
    return render(request, "plans/detail.html", context)


def _edit_form(
    request: HttpRequest, pk: int, form_class: type[PlanEditForm], **kwargs: str
) -> tuple[Plan, PlanEditForm]:
    """The plan the secretariat edits and its form, bound to what was posted (if anything)."""
    plan = plan_for(request.user, pk)
    if not can_manage(request.user, plan):
        raise PermissionDenied
    try:
        if request.method == "POST":
            return plan, form_class.posted(request, plan=services.plan_current(plan), **kwargs)
        return plan, form_class(services.plan_current(plan), **kwargs)
    except PlanError as exc:  # no such area
        raise Http404 from exc


def _edit_page(
    request: HttpRequest,
    pk: int,
    form_class: type[PlanEditForm],
    template: str,
    anchor: str,
    **kwargs: str,
) -> HttpResponse:
    """A plan edit page: show its form, save it as a new version, or re-show it with every
    refusal next to its field (nothing the user typed is lost)."""
    plan, form = _edit_form(request, pk, form_class, **kwargs)
    if not form.is_bound and not plan.is_editable:
        messages.error(request, describe(services.PlanServiceError("not_draft")))
        return redirect(plan.get_absolute_url())
    if form.is_bound:
        if form.save(plan=plan, actor=request.user):  # type: ignore[arg-type]
            messages.success(request, _("Đã lưu phiên bản mới của kế hoạch."))
            return redirect(f"{plan.get_absolute_url()}#{anchor}")
        if not form.conflict and plan.is_editable:
            messages.error(
                request,
                _("Chưa lưu: có ô chưa hợp lệ (lỗi ghi dưới ô). Nội dung bạn nhập vẫn còn nguyên."),
            )
    return render(request, template, form.context(plan))


@login_required
@require_http_methods(["GET", "POST"])
def plan_area_edit(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    """An area's targets, lead agencies, goal and tasks."""
    return _edit_page(request, pk, AreaForm, "plans/area_edit.html", f"area-{area}", area=area)


@login_required
@require_http_methods(["GET", "POST"])
def plan_general_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's general texts: preamble, purpose, requirements, duties, recipients."""
    return _edit_page(request, pk, GeneralForm, "plans/general_edit.html", "general")


@login_required
@require_GET
def plan_versions(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    versions = list(plan.versions.select_related("by"))
    by_number = {v.number: v for v in versions}
    chosen = by_number.get(int_param(request.GET.get("v"), plan.version) or 0) or (
        versions[0] if versions else None
    )
    base = by_number.get(int_param(request.GET.get("against"), 0) or 0) if chosen else None
    if chosen is not None and base is None:
        base = by_number.get(chosen.number - 1)
    changes = plan_diff(base.content, chosen.content) if chosen and base else []
    changes = [readable(c, lang()) for c in changes]
    if request.GET.get("format") == "xlsx":
        data = exports.workbook([exports.versions_sheet(plan, versions)])
        return exports.download(data, f"ke-hoach-{plan.pk}-phien-ban.xlsx")
    context = {
        "plan": plan,
        "versions": versions,
        "chosen": chosen,
        "base": base,
        "changes": changes,
    }
    return render(request, "plans/versions.html", context)


def _action(request: HttpRequest, plan: Plan, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        action()
    except services.NotAllowedError as exc:
        raise PermissionDenied from exc
    except services.PlanServiceError as exc:
        messages.error(request, describe(exc))
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def plan_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    return _action(request, plan, lambda: services.plan_approve(plan=plan, actor=request.user))


@login_required
@require_http_methods(["GET", "POST"])
def plan_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: what issuing will do (the number, date and deadlines typed); POST: issue."""
    plan = plan_for(request.user, pk)
    form = IssueForm.posted(request) if request.method == "POST" else IssueForm(request.GET)
    if not can_manage(request.user, plan):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Ngày ban hành không hợp lệ (ngày/tháng/năm)."))
        return redirect(plan.get_absolute_url())
    if request.method == "GET":
        return confirm_page(request, steps.issue_step(plan, form.cleaned_data))
    return _action(
        request,
        plan,
        lambda: services.plan_issue(plan=plan, **form.cleaned_data, actor=request.user),
    )


@login_required
@require_GET
def plan_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = plan_for(request.user, pk)
    if fmt not in ("docx", "xlsx", "pdf"):
        raise Http404
    if fmt == "pdf":  # LibreOffice takes seconds: a background task (web/plans/tasks.py)
        return pdf.pdf_request(request, plan)
    pure = services.plan_current(plan)
    name = f"ke-hoach-cchc-{plan.year}-{plan.pk}"
    if fmt == "xlsx":
        return exports.download(plan_xlsx(pure, lang()), f"{name}.xlsx")
    return exports.download(plan_docx(pure), f"{name}.docx", exports.DOCX)


def _period(request: HttpRequest, pk: int, period: str) -> PlanReportingPeriod:
    plan = plan_for(request.user, pk)
    if period not in Period.values:
        raise Http404
    found = get_object_or_404(PlanReportingPeriod, plan=plan, period=period)
    found.plan = plan
    return found


def _overview(request: HttpRequest, plan: Plan) -> bool:
    """The whole period (every agency): the secretariat, an administrator, a viewer."""
    return can_manage(request.user, plan) or is_viewer(request.user, plan)


@login_required
@require_GET
def period_detail(request: HttpRequest, pk: int, period: str) -> HttpResponse:
    row = _period(request, pk, period)
    plan = row.plan
    agencies = reporting_agencies(request.user, plan)
    overview = _overview(request, plan)
    if not overview and not agencies:
        raise PermissionDenied
    today = services.today()
    view = pages.period_view(plan, row, services.plan_current(plan), today)
    mine = view.rows_of(agencies)
    context = {
        **_card_context(request, row, view, mine),
        "view": view,
        "cons": view.consolidation,
        "overview": overview,
        "manage": can_manage(request.user, plan),
        "mine": mine,
        "risk_texts": {p.item.key: risk_texts(p) for p in view.consolidation.at_risk},
    }
    return render(request, "plans/period.html", context)


def _documents(agencies: list[Unit]) -> dict[int, list[Document]]:
    found: dict[int, list[Document]] = {}
    rows = Document.objects.filter(unit__in=agencies, withdrawn_at__isnull=True).order_by("title")
    for doc in rows:
        found.setdefault(doc.unit_id, []).append(doc)
    return found


@login_required
@require_POST
def period_deadline(request: HttpRequest, pk: int, period: str) -> HttpResponse:
    row = _period(request, pk, period)
    if not can_manage(request.user, row.plan):
        raise PermissionDenied
    form = DeadlineForm.posted(request)
    if not form.is_valid():
        messages.error(request, _("Hạn báo cáo không hợp lệ (ngày/tháng/năm)."))
    else:
        services.period_deadline_set(period=row, **form.cleaned_data, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Đã cập nhật hạn báo cáo."))
    return redirect("plans:period", pk=pk, period=period)


@login_required
@require_POST
def item_report(request: HtmxRequest, pk: int, period: str) -> HttpResponse:
    row = _period(request, pk, period)
    form = ItemReportForm.posted(request, agencies=reporting_agencies(request.user, row.plan))
    if not form.is_valid():  # an agency the user does not report for
        raise PermissionDenied
    report = form.submission()
    if form.cleaned_data["use_offer"]:
        report["provenance"] = pages.offer_provenance(row.plan, report, services.today())
    try:
        services.item_report_submit(period=row, actor=request.user, **report)  # type: ignore[arg-type]
    except services.NotAllowedError as exc:
        raise PermissionDenied from exc
    except services.PlanServiceError as exc:
        saved, text = False, describe(exc)
    else:
        saved, text = True, _("Đã gửi báo cáo mục %(key)s.") % {"key": report["item_key"]}
    if request.htmx:
        return _item_card(request, row, report["agency"], report["item_key"], saved, text)
    (messages.success if saved else messages.error)(request, text)
    url = reverse("plans:period", args=[row.plan.pk, row.period])
    return redirect(f"{url}#item-{dom(report['item_key'])}")


def _card_context(
    request: HttpRequest, row: PlanReportingPeriod, view: pages.PeriodView, mine: list[pages.Row]
) -> dict[str, object]:
    plan = row.plan
    today = services.today()
    agencies = [r.agency for r in mine if r.agency is not None]
    return {
        "plan": plan,
        "framework": follow.framework_of(plan),  # its titles in the reader's language
        "period": row,
        "offers": pages.dossier_offers(plan, today) if mine else {},
        "statuses": ItemStatus.choices,
        "documents": _documents(agencies),
        "chosen": {r.item.key: [d.pk for d in r.report.evidence.all()] for r in mine if r.report},
        "open": plan.status == PlanStatus.ISSUED and today <= row.deadline,
    }


def _item_card(
    request: HttpRequest, row: PlanReportingPeriod, agency: Unit, key: str, saved: bool, text: str
) -> HttpResponse:
    """The item's card alone (htmx): the saved report, or the refusal, in place."""
    view = pages.period_view(row.plan, row, services.plan_current(row.plan), services.today())
    found = [r for r in view.rows_of([agency]) if r.item.key == key]
    if not found:
        raise Http404
    context = {
        **_card_context(request, row, view, found),
        "row": found[0],
        "saved": saved,
        "messages_now": [text],
        "framework": follow.framework_of(row.plan),  # its titles in the reader's language
    }
    return render(request, "plans/period.html#item-card", context)


@login_required
@require_GET
def period_export(request: HttpRequest, pk: int, period: str, fmt: str) -> HttpResponse:
    row = _period(request, pk, period)
    plan = row.plan
    if fmt not in ("docx", "xlsx"):
        raise Http404
    overview = _overview(request, plan)
    agencies = reporting_agencies(request.user, plan)
    if not overview and not (agencies and fmt == "xlsx"):
        raise PermissionDenied
    view = pages.period_view(plan, row, services.plan_current(plan), services.today())
    name = f"bao-cao-ke-hoach-{plan.year}-{row.period}"
    if not overview:  # a focal point: the items its agency leads
        data = exports.workbook([exports.rows_sheet(view.rows_of(agencies))])
        return exports.download(data, f"{name}-co-quan.xlsx")
    if fmt == "xlsx":
        return exports.download(exports.consolidated_xlsx(view), f"{name}.xlsx")
    return exports.download(exports.consolidated_docx(view), f"{name}.docx", exports.DOCX)
