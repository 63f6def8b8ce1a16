"""Excel workbooks of the survey pages: invitation codes, quota coverage, results.

Every figure is a typed cell with the number format of its kind (``parindex.io.xlsx.put_row``;
docs/web.md, "Excel"); units and services are named by their labels, never their form codes.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from parindex.io.xlsx import put_row, save_workbook
from parindex.surveys import SurveyResults, results_to_xlsx, write_xlsform
from parindex.web.surveys import pages
from parindex.web.surveys.forms import ImportForm
from parindex.web.surveys.models import ImportBatch, Survey, SurveyQuota, SurveyResponse
from parindex.web.surveys.pages import choice_label
from parindex.web.surveys.services.questionnaire import form_of
from parindex.web.surveys.services.selectors import coverage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _book(title: str, header: list[str], kinds: list[str], rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # text typed by people (titles, file names) is never run as a formula (save_workbook)
        put_row(ws, row, kinds)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    save_workbook(wb, out)
    return out.getvalue()


def codes_xlsx(survey: Survey, base_url: str) -> HttpResponse:
    """Every code with the form's address: printed on the slips handed with the results."""
    rows: list[list[object]] = [
        [c.code, base_url, _("Đã dùng") if c.response_id else _("Chưa dùng")]
        for c in survey.codes.all()
    ]
    header = [_("Mã mời"), _("Địa chỉ phiếu khảo sát"), _("Trạng thái")]
    kinds = ["text"] * 3
    return _response(_book(_("Mã mời"), header, kinds, rows), f"ma-moi-{survey.slug}.xlsx")


def surveys_xlsx(surveys: QuerySet[Survey]) -> HttpResponse:
    """The survey list as the user sees it, with each survey's sample and responses so far."""
    responses = (
        SurveyResponse.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("id"))
        .values("n")
    )
    sample = (
        SurveyQuota.objects.filter(survey=OuterRef("pk"), service_code="")
        .order_by()
        .values("survey")
        .annotate(n=Sum("target"))
        .values("n")
    )
    rows: list[list[object]] = [
        [
            s.title,
            s.year,
            s.province.name,
            s.get_status_display(),
            s.get_access_display(),
            s.sample or 0,
            s.collected or 0,
            _("Có") if s.is_demo else "",
        ]
        for s in surveys.select_related("province").annotate(
            collected=Subquery(responses), sample=Subquery(sample)
        )
    ]
    header = [
        _("Cuộc khảo sát"),
        _("Năm"),
        _("Tỉnh"),
        _("Trạng thái"),
        _("Hình thức trả lời"),
        _("Cỡ mẫu n"),
        _("Đã thu"),
        _("Dữ liệu minh họa"),
    ]
    kinds = ["text", "year", "text", "text", "text", "count", "count", "text"]
    return _response(_book(_("Khảo sát SIPAS"), header, kinds, rows), "khao-sat-sipas.xlsx")


def tool_label(tool: str) -> str:
    """The survey tool a file came from by its name ('KoboToolbox'), never its code."""
    names = {code: str(name) for code, name in ImportForm.base_fields["tool"].choices if code}  # type: ignore[attr-defined]
    return names.get(tool) or _("Tệp chung")


def batches_xlsx(survey: Survey) -> HttpResponse:
    """Every file of responses imported into the survey."""
    rows: list[list[object]] = [
        [
            b.file_name,
            tool_label(b.tool),
            b.rows,
            b.imported,
            b.skipped,
            b.sha256,
            b.created_by.get_username() if b.created_by else "",
            timezone.localtime(b.created_at),
        ]
        for b in ImportBatch.objects.filter(survey=survey).select_related("created_by")
    ]
    header = [
        _("Tên tệp"),
        _("Công cụ"),
        _("Số dòng"),
        _("Số phiếu mới"),
        _("Số phiếu đã có"),
        _("SHA-256"),
        _("Người nhập"),
        _("Nhập lúc"),
    ]
    kinds = ["text", "text", "count", "count", "count", "text", "text", "datetime"]
    return _response(
        _book(_("Các lượt nhập phiếu"), header, kinds, rows), f"nhap-phieu-{survey.slug}.xlsx"
    )


def coverage_xlsx(survey: Survey) -> HttpResponse:
    """Responses so far against each quota, units and services named as the page names them."""
    form = form_of(survey)

    def label(question: str, code: str) -> str:
        return choice_label(form, question, code) if code else ""

    rows: list[list[object]] = [
        [
            label(form.unit_question, r.quota.unit_code),
            label(form.service_question, r.quota.service_code) or _("Mọi dịch vụ"),
            r.quota.population,
            r.quota.get_population_source_display(),
            r.quota.target,
            r.collected,
            r.shortfall,
            r.share,
        ]
        for r in coverage(survey)
    ]
    header = [
        _("Cơ quan"),
        _("Dịch vụ"),
        _("Số hồ sơ N"),
        _("Nguồn của N"),
        _("Cỡ mẫu n"),
        _("Đã thu"),
        _("Còn thiếu"),
        _("Tỷ lệ đạt"),
    ]
    kinds = ["text", "text", "count", "text", "count", "count", "count", "fraction"]
    data = _book(_("Tiến độ thu phiếu"), header, kinds, rows)
    return _response(data, f"tien-do-{survey.slug}.xlsx")


def results_xlsx(survey: Survey, results: SurveyResults) -> HttpResponse:
    with tempfile.TemporaryDirectory() as tmp:
        path = results_to_xlsx(results, form_of(survey), Path(tmp) / "r.xlsx", lang=pages.lang())
        data = path.read_bytes()
    return _response(data, f"ket-qua-{survey.slug}.xlsx")


def form_xlsx(survey: Survey) -> HttpResponse:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsform(form_of(survey), Path(tmp) / "form.xlsx")
        data = path.read_bytes()
    return _response(data, f"xlsform-{survey.slug}.xlsx")
