"""Excel workbooks of the survey pages: invitation codes, quota coverage, results."""

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

from parindex.io.xlsx import save_workbook
from parindex.surveys import SurveyResults, results_to_xlsx, write_xlsform
from parindex.web.surveys import pages
from parindex.web.surveys.models import ImportBatch, Survey, SurveyQuota, SurveyResponse
from parindex.web.surveys.services.questionnaire import form_of
from parindex.web.surveys.services.selectors import coverage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _book(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            # text typed by people (titles, file names) is never run as a formula
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
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
    return _response(_book(_("Mã mời"), header, rows), f"ma-moi-{survey.slug}.xlsx")


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
    return _response(_book(_("Khảo sát SIPAS"), header, rows), "khao-sat-sipas.xlsx")


def batches_xlsx(survey: Survey) -> HttpResponse:
    """Every file of responses imported into the survey."""
    rows: list[list[object]] = [
        [
            b.file_name,
            b.tool,
            b.rows,
            b.imported,
            b.skipped,
            b.sha256,
            b.created_by.get_username() if b.created_by else "",
            timezone.localtime(b.created_at).replace(tzinfo=None),
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
    return _response(
        _book(_("Các lượt nhập phiếu"), header, rows), f"nhap-phieu-{survey.slug}.xlsx"
    )


def coverage_xlsx(survey: Survey) -> HttpResponse:
    rows: list[list[object]] = [
        [
            r.quota.unit_code,
            r.quota.service_code or _("Mọi dịch vụ"),
            r.quota.population,
            r.quota.get_population_source_display(),
            r.quota.target,
            r.collected,
            r.shortfall,
            float(r.share),
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
    data = _book(_("Tiến độ thu phiếu"), header, rows)
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
