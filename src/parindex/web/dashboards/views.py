"""Dashboard pages, their Excel exports and chart PNGs; the national results import page."""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook

from parindex.charts import render_png, tables_to_xlsx
from parindex.io.xlsx import save_workbook
from parindex.national import NationalImportError
from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments.exports import XLSX
from parindex.web.assessments.views.display import lang
from parindex.web.dashboards import build, services
from parindex.web.dashboards.access import (
    Access,
    can_import_national,
    dashboard_access,
    user_province,
)
from parindex.web.dashboards.forms import ConfirmForm, NationalImportForm
from parindex.web.dashboards.models import NationalResultSet
from parindex.web.dashboards.problems import describe
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.site.params import int_param

SESSION_KEY = "dashboards_national_import"


def _province(request: HttpRequest, pk: int, *, full: bool) -> tuple[Unit, Access]:
    province = get_object_or_404(Unit, pk=pk, kind=UnitKind.PROVINCE)
    access = dashboard_access(request.user, province)
    if access is None or (full and not access.full):
        raise Http404
    return province, access


def _province_data(request: HttpRequest, province: Unit, access: Access) -> dict[str, Any]:
    view = build.province_view(
        province,
        year=int_param(request.GET.get("year")),
        framework_id=int_param(request.GET.get("framework")),
        lang=lang(),
    )
    shown = view.panels()
    return {"view": view, "panels": shown, "export": lambda: shown}


def _internal_data(request: HttpRequest, province: Unit, access: Access) -> dict[str, Any]:
    view = build.internal_view(
        province,
        access,
        year=int_param(request.GET.get("year")),
        framework_id=int_param(request.GET.get("framework")),
        kind=request.GET.get("kind") or None,
        page=int_param(request.GET.get("page")) or 1,
        lang=lang(),
    )
    return {"view": view, "panels": view.panels, "export": lambda: build.panels(view.export_charts)}


def _national_data(request: HttpRequest, province: Unit, access: Access) -> dict[str, Any]:
    view = build.national_view(province, year=int_param(request.GET.get("year")), lang=lang())
    return {"view": view, "panels": view.panels, "export": lambda: view.panels}


# name → (needs full access, data builder, template)
PAGES: dict[str, tuple[bool, Callable[..., dict[str, Any]], str]] = {
    "province": (True, _province_data, "dashboards/province.html"),
    "internal": (False, _internal_data, "dashboards/internal.html"),
    "national": (True, _national_data, "dashboards/national.html"),
}


def _page_data(request: HttpRequest, pk: int, name: str) -> tuple[Unit, Access, dict[str, Any]]:
    if name not in PAGES:
        raise Http404
    full, builder, _template = PAGES[name]
    province, access = _province(request, pk, full=full)
    return province, access, builder(request, province, access)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's province: its dashboard, or the internal index for a unit below it."""
    province = user_province(request.user)
    access = dashboard_access(request.user, province) if province is not None else None
    if province is None or access is None:
        raise Http404
    name = "dashboards:province" if access.full else "dashboards:internal"
    return redirect(name, pk=province.pk)


@login_required
@require_GET
def page(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    province, access, data = _page_data(request, pk, name)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **data,
        "province": province,
        "access": access,
        "page_name": name,
        "can_import": can_import_national(request.user),
        "query": request.GET.urlencode(),
        "filter_query": query.urlencode(),
    }
    return render(request, PAGES[name][2], context)


@login_required
@require_GET
def export(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Every chart of the view as one sheet with its data table (every unit the user may see)."""
    province, _access, data = _page_data(request, pk, name)
    tables = [p.table for p in data["export"]()]
    body = tables_to_xlsx(tables) if tables else _empty_workbook()
    response = HttpResponse(body, content_type=XLSX)
    filename = f"bang-dieu-khien-{name}-{province.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _empty_workbook() -> bytes:
    book = Workbook()
    book.active.title = _("Không có số liệu")[:31]
    book.active.append([_("Không có số liệu cho các điều kiện đã chọn.")])
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    return buffer.getvalue()


@login_required
@require_GET
def chart_png(request: HttpRequest, pk: int, name: str, key: str) -> HttpResponse:
    """One chart as shown on the page, as a PNG (for Word and slides)."""
    _province_unit, _access, data = _page_data(request, pk, name)
    found = build.find_panel(data["panels"], key)
    if found is None:
        raise Http404
    response = HttpResponse(render_png(found.chart), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{key}.png"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def national_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload → preview (or every problem by row and column) → confirm: all or nothing."""
    if not can_import_national(request.user):
        raise PermissionDenied
    confirm = ConfirmForm.posted(request) if request.method == "POST" else None
    if confirm is not None and confirm.requested:
        return _confirm(request, confirm)
    context: dict[str, Any] = {"form": NationalImportForm()}
    if request.method == "POST":
        context.update(_preview(request, NationalImportForm.posted(request)))
    context["sets"] = NationalResultSet.objects.select_related("imported_by")[:20]
    return render(request, "dashboards/national_import.html", context)


def _preview(request: HttpRequest, form: NationalImportForm) -> dict[str, Any]:
    """The posted file as it would be imported (or its problems), held in the session."""
    if not form.is_valid():
        return {"form": form}
    upload = form.cleaned_data["file"]
    data, year = upload.read(), form.cleaned_data["year"]
    try:
        parsed = services.national_results_read(data=data, file_name=upload.name, year=year)
    except NationalImportError as error:
        return {"form": form, "problems": [describe(p) for p in error.problems]}
    digest = hashlib.sha256(data).hexdigest()
    request.session[SESSION_KEY] = {
        "sha256": digest,
        "name": upload.name,
        "year": year,
        "data": base64.b64encode(data).decode("ascii"),
    }
    known = NationalResultSet.objects.filter(sha256=digest).first()
    return {
        "form": form,
        "preview": parsed,
        "sha256": digest,
        "file_name": upload.name,
        "known": known,
    }


def _confirm(request: HttpRequest, confirm: ConfirmForm) -> HttpResponse:
    held = request.session.get(SESSION_KEY)
    if not confirm.confirms(held):
        messages.error(request, _("Tệp xem trước không còn: hãy tải tệp lên lại."))
        return redirect("dashboards:national_import")
    try:
        outcome = services.national_results_import(
            data=base64.b64decode(held["data"]),  # type: ignore[index]  # checked just before by confirms(): the session holds the preview
            file_name=held["name"],  # type: ignore[index]  # checked just before by confirms(): the session holds the preview
            actor=request.user,  # type: ignore[arg-type]  # the view is login_required: request.user is a User here
            year=held["year"],  # type: ignore[index]  # checked just before by confirms(): the session holds the preview
        )
    except NationalImportError:
        messages.error(request, _("Tệp có lỗi, không nhập dòng nào: hãy tải tệp lên lại."))
        return redirect("dashboards:national_import")
    del request.session[SESSION_KEY]
    _imported(request, outcome)
    return redirect(_after_import(request.user))


def _imported(request: HttpRequest, outcome: services.ImportOutcome) -> None:
    """Tell the user what the import changed (a file imported before changes nothing)."""
    if outcome.created:
        messages.success(
            request,
            _("Đã nhập %(rows)s dòng kết quả (năm %(years)s).")
            % {"rows": outcome.result_set.rows_count, "years": outcome.result_set.years},
        )
    else:
        messages.info(request, _("Tệp này đã được nhập trước đây: không có gì thay đổi."))


def _after_import(user: Any) -> str:
    """The national dashboard of the user's province, or the import page without one."""
    province = user_province(user)
    if province is not None and dashboard_access(user, province):
        return reverse("dashboards:national", args=[province.pk])
    return reverse("dashboards:national_import")
