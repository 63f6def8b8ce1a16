"""Plan pages: list, draft from an assessment, edit per area, versions, approve/issue,
documents, and per period the agencies' reports and the secretariat's consolidated view."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.documents.convert import LibreOfficeMissing, docx_to_pdf
from parindex.documents.plan_docx import plan_docx
from parindex.documents.plan_xlsx import plan_xlsx
from parindex.plans import PlanError
from parindex.web.accounts.permissions import assessments_visible_to, is_campaign_secretariat
from parindex.web.evidence.models import Document
from parindex.web.organisations.models import Unit
from parindex.web.plans import exports, pages, services
from parindex.web.plans.diff import plan_diff
from parindex.web.plans.forms import (
    FormError,
    apply_area_edit,
    apply_general_edit,
    area_form,
    general_form,
)
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
from parindex.web.plans.text import describe, edit_conflict, risk_texts
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
    assessment = get_object_or_404(
        assessments_visible_to(request.user).select_related("campaign", "unit"),
        pk=int_param(request.POST.get("assessment"), 0),
    )
    try:
        plan = services.plan_generate(
            assessment=assessment,
            source=request.POST.get("source", PlanSource.SELF),
            actor=request.user,  # type: ignore[arg-type]
        )
    except services.NotAllowedError as exc:
        raise PermissionDenied from exc
    except (services.PlanServiceError, PlanError) as exc:
        messages.error(
            request, describe(exc) if isinstance(exc, services.PlanServiceError) else str(exc)
        )
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
    return render(request, "plans/detail.html", context)


def _posted_version(request: HttpRequest) -> int:
    return int_param(request.POST.get("version"), 0) or 0


def _refused(request: HttpRequest, plan: Plan, exc: Exception) -> tuple[dict[str, str], bool]:
    """A refused save as field errors ("" for the whole form), and whether it is a conflict."""
    if isinstance(exc, FormError):
        if plan.version == _posted_version(request):
            return exc.errors, False
        # a bad field on a stale form: say both, and show the newer version to merge with
        last = services.last_version(plan)
        newer = services.PlanConflictError(
            "conflict", by=str(last.by) if last and last.by else "", at=last.at if last else None
        )
        return {"": edit_conflict(newer), **exc.errors}, True
    if isinstance(exc, services.PlanServiceError):
        plan.refresh_from_db()
        if exc.code == "conflict":
            return {"": edit_conflict(exc)}, True
        return {"": describe(exc)}, False
    return {"": str(exc)}, False


def _edit_context(request: HttpRequest, plan: Plan, conflict: bool) -> dict[str, object]:
    """What every re-shown edit form needs: the version to post next and the refusal."""
    if not conflict and plan.is_editable:
        messages.error(
            request,
            _("Chưa lưu: có ô chưa hợp lệ (lỗi ghi dưới ô). Nội dung bạn nhập vẫn còn nguyên."),
        )
    return {
        # after a conflict the next save is made against the newer version (the user merged);
        # after a validation error the version the user loaded is kept, so a save made by
        # someone else meanwhile is still caught
        "version": plan.version if conflict else _posted_version(request),
        "conflict": conflict,
        "other": services.last_version(plan) if conflict else None,
        "editable": plan.is_editable,
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan_area_edit(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    plan = plan_for(request.user, pk)
    if not can_manage(request.user, plan):
        raise PermissionDenied
    pure = services.plan_current(plan)
    try:
        pure_area = pure.area(area)
    except PlanError as exc:
        raise Http404 from exc
    if not plan.is_editable and request.method != "POST":
        messages.error(request, describe(services.PlanServiceError("not_draft")))
        return redirect(plan.get_absolute_url())
    context: dict[str, object] = {"plan": plan, "pure": pure, "area": pure_area}
    if request.method != "POST":
        return render(request, "plans/area_edit.html", {**context, **area_form(pure, area)})
    try:
        services.plan_save(
            plan=plan,
            content=apply_area_edit(pure, area, request.POST),
            version=_posted_version(request),
            note=request.POST.get("note", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except (FormError, PlanError, services.PlanServiceError) as exc:
        errors, conflict = _refused(request, plan, exc)
    else:
        messages.success(request, _("Đã lưu phiên bản mới của kế hoạch."))
        return redirect(f"{plan.get_absolute_url()}#area-{area}")
    latest = services.plan_current(plan)
    base = services.version_content(plan, _posted_version(request))
    moved = base is None or base.area(area).tasks != latest.area(area).tasks
    form = area_form(
        latest,
        area,
        post=request.POST,
        errors=errors,
        theirs=latest if conflict else None,
        tasks_moved=moved,
    )
    context.update(pure=latest, area=latest.area(area))
    context.update(_edit_context(request, plan, conflict), **form)
    return render(request, "plans/area_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_general_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's general texts: preamble, purpose, requirements, duties, recipients."""
    plan = plan_for(request.user, pk)
    if not can_manage(request.user, plan):
        raise PermissionDenied
    if not plan.is_editable and request.method != "POST":
        messages.error(request, describe(services.PlanServiceError("not_draft")))
        return redirect(plan.get_absolute_url())
    pure = services.plan_current(plan)
    if request.method != "POST":
        context = {"plan": plan, "pure": pure, "version": plan.version, **general_form(pure)}
        return render(request, "plans/general_edit.html", context)
    try:
        services.plan_save(
            plan=plan,
            content=apply_general_edit(pure, request.POST),
            version=_posted_version(request),
            note=request.POST.get("note", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except (FormError, PlanError, services.PlanServiceError) as exc:
        errors, conflict = _refused(request, plan, exc)
    else:
        messages.success(request, _("Đã lưu phiên bản mới của kế hoạch."))
        return redirect(f"{plan.get_absolute_url()}#general")
    latest = services.plan_current(plan)
    form = general_form(
        latest, post=request.POST, errors=errors, theirs=latest if conflict else None
    )
    context = {"plan": plan, "pure": latest, **_edit_context(request, plan, conflict)}
    return render(request, "plans/general_edit.html", {**context, **form})


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
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    return _action(request, plan, lambda: services.plan_approve(plan=plan, actor=request.user))


def _date(text: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


@login_required
@require_POST
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    issued_on = _date(request.POST.get("issued_on", ""))
    if issued_on is None:
        if not can_manage(request.user, plan):
            raise PermissionDenied
        messages.error(request, _("Ngày ban hành không hợp lệ (dd/mm/yyyy)."))
        return redirect(plan.get_absolute_url())
    number = request.POST.get("number", "")
    return _action(
        request,
        plan,
        lambda: services.plan_issue(
            plan=plan, number=number, issued_on=issued_on, actor=request.user
        ),
    )


@login_required
@require_GET
def plan_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = plan_for(request.user, pk)
    if fmt not in ("docx", "xlsx", "pdf"):
        raise Http404
    pure = services.plan_current(plan)
    name = f"ke-hoach-cchc-{plan.year}-{plan.pk}"
    if fmt == "xlsx":
        return exports.download(plan_xlsx(pure), f"{name}.xlsx")
    word = plan_docx(pure)
    if fmt == "docx":
        return exports.download(word, f"{name}.docx", exports.DOCX)
    try:
        pdf = docx_to_pdf(word)
    except LibreOfficeMissing:
        messages.error(
            request,
            _(
                "Không tạo được bản PDF: máy chủ chưa cài LibreOffice. Hãy tải bản Word và "
                "chuyển sang PDF, hoặc đề nghị quản trị cài gói libreoffice-writer-nogui."
            ),
        )
        return redirect(plan.get_absolute_url())
    return exports.download(pdf, f"{name}.pdf", "application/pdf")


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
    deadline = _date(request.POST.get("deadline", ""))
    if deadline is None:
        messages.error(request, _("Hạn báo cáo không hợp lệ (dd/mm/yyyy)."))
    else:
        services.period_deadline_set(period=row, deadline=deadline, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Đã cập nhật hạn báo cáo."))
    return redirect("plans:period", pk=pk, period=period)


@login_required
@require_POST
def item_report(request: HttpRequest, pk: int, period: str) -> HttpResponse:
    row = _period(request, pk, period)
    plan = row.plan
    agencies = {u.pk: u for u in reporting_agencies(request.user, plan)}
    agency = agencies.get(int_param(request.POST.get("agency"), 0) or 0)
    if agency is None:
        raise PermissionDenied
    key = request.POST.get("item_key", "")
    prefix = "measured:"
    measured = {k[len(prefix) :]: v for k, v in request.POST.items() if k.startswith(prefix)}
    provenance = {}
    if request.POST.get("use_offer"):
        offer = pages.dossier_offers(plan, services.today()).get(key)
        if offer is not None and measured.get(offer.name, "").strip():
            provenance = offer.provenance
    try:
        services.item_report_submit(
            period=row,
            item_key=key,
            agency=agency,
            status=request.POST.get("status", ""),
            measured=measured,
            note=request.POST.get("note", ""),
            difficulties=request.POST.get("difficulties", ""),
            evidence=[i for i in map(int_param, request.POST.getlist("evidence")) if i is not None],
            provenance=provenance,
            version=_posted_version(request),
            actor=request.user,  # type: ignore[arg-type]
        )
    except services.NotAllowedError as exc:
        raise PermissionDenied from exc
    except services.PlanServiceError as exc:
        saved, text = False, describe(exc)
    else:
        saved, text = True, _("Đã gửi báo cáo mục %(key)s.") % {"key": key}
    if request.htmx:
        return _item_card(request, row, agency, key, saved, text)
    (messages.success if saved else messages.error)(request, text)
    url = reverse("plans:period", args=[plan.pk, row.period])
    return redirect(f"{url}#item-{dom(key)}")


def _card_context(
    request: HttpRequest, row: PlanReportingPeriod, view: pages.PeriodView, mine: list[pages.Row]
) -> dict[str, object]:
    plan = row.plan
    today = services.today()
    agencies = [r.agency for r in mine if r.agency is not None]
    return {
        "plan": plan,
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
