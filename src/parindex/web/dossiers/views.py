"""Dossier log pages: upload, preview and mapping, import progress, results, apply, provenance."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from parindex.core.errors import InputError
from parindex.indicators import IndicatorError
from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments.models import Assessment
from parindex.web.assessments.permissions import assessments_visible_to
from parindex.web.assessments.refusals import input_problems
from parindex.web.assessments.services.errors import (
    AssessmentLockedError,
    DeadlinePassedError,
    NotAllowedError,
    ServiceError,
)
from parindex.web.dossiers import pages, results, services, text, uploading
from parindex.web.dossiers.conf import max_upload_bytes
from parindex.web.dossiers.forms import ApplyForm, MappingForm, UploadForm, versions_field
from parindex.web.dossiers.models import AppliedIndicator, DossierUpload, ImportJob
from parindex.web.dossiers.permissions import (
    assessments_of,
    can_manage,
    province_for,
    provinces_visible_to,
)
from parindex.web.dossiers.templatetags.dossiers import applied_words
from parindex.web.dossiers.uploading import DossierUploadHandler
from parindex.web.organisations.models import Unit
from parindex.web.organisations.selectors import province_of
from parindex.web.site.http import HtmxRequest
from parindex.web.site.language import lang

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _manage(request: HttpRequest, pk: int) -> Unit:
    province = province_for(request.user, pk)
    if not can_manage(request.user, province):
        raise PermissionDenied
    return province


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    provinces = list(provinces_visible_to(request.user))
    if len(provinces) == 1:
        return redirect("dossiers:index", provinces[0].pk)
    return render(request, "dossiers/home.html", {"provinces": provinces})


@login_required
@require_GET
def index(request: HttpRequest, pk: int) -> HttpResponse:
    province = province_for(request.user, pk)
    manage = can_manage(request.user, province)
    services.import_jobs_fail_stale(province=province)
    jobs = ImportJob.objects.filter(upload__province=province).select_related("upload")[:50]
    return render(
        request,
        "dossiers/index.html",
        {
            "province": province,
            "can_manage": manage,
            "form": UploadForm() if manage else None,
            "jobs": jobs,
            "uploads": DossierUpload.objects.filter(province=province)[:50],
            **pages.upload_limits(),
        },
    )


@login_required
@csrf_exempt  # checked by `_upload` once the streaming handler is in place (before any read)
@require_POST
def upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    province = _manage(request, pk)
    if uploading.announced_too_large(request, max_upload_bytes()):
        uploading.drain(request)  # refused before the CSRF check: it changes nothing
        return pages.upload_refused(request, province, UploadForm({}, {}, refused=True))
    handler = DossierUploadHandler(request, services.uploads_dir(province), max_upload_bytes())
    request.upload_handlers = [handler]
    try:
        return _upload(request, province, handler)
    finally:
        handler.discard()  # the temporary, unless the service moved it into place


@csrf_protect
def _upload(
    request: AuthenticatedRequest, province: Unit, handler: DossierUploadHandler
) -> HttpResponse:
    request.FILES  # noqa: B018  # read the body through the handler before asking what it refused
    form = UploadForm.posted(request, refused=handler.refused)
    if not form.is_valid():
        return pages.upload_refused(request, province, form)
    f = form.cleaned_data["file"]
    try:
        done = services.dossier_upload_stored(
            province=province,
            name=f.name,
            path=f.path,
            size=f.size,
            sha256=f.sha256,
            actor=request.user,
        )
    except services.DossierError as exc:
        return pages.upload_refused(request, province, form, str(text.ERRORS[exc.code]))
    if not done.created:
        messages.info(request, _("Tệp này đã được tải lên trước đây; dùng lại bản đã lưu."))
    return pages.upload_done(
        request, reverse("dossiers:preview", args=[province.pk, done.upload.pk])
    )


@login_required
def preview(request: HttpRequest, pk: int, upload_pk: int) -> HttpResponse:
    province = _manage(request, pk)
    upload = get_object_or_404(DossierUpload, pk=upload_pk, province=province)
    mapping = pages.preset_mapping(province, request.GET.get("mapping"))
    form = None
    if request.method == "POST":
        form = MappingForm.for_file(request, services.upload_path(upload))
        if form.is_valid():
            mapping = pages.mapping_of(form)
            _mapping_save(request, province, form, mapping)
            if form.starts_import:
                job = services.import_job_create(
                    upload=upload,
                    mapping=mapping,
                    max_bad_rows=form.cleaned_data["max_bad_rows"] or 0,
                    actor=request.user,  # type: ignore[arg-type]
                )
                return redirect(job.get_absolute_url())
    context = pages.preview_context(province, upload, mapping, form)
    return render(request, "dossiers/preview.html", context)


def _mapping_save(
    request: HttpRequest, province: Unit, form: MappingForm, mapping: dict[str, Any]
) -> None:
    """Save the mapping under the name the user gave, if any."""
    if form.cleaned_data["save_as"]:
        services.mapping_save(
            province=province,
            name=form.cleaned_data["save_as"],
            mapping=mapping,
            actor=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Đã lưu ánh xạ cột."))


@login_required
@require_GET
def job(request: HtmxRequest, pk: int, job_pk: int) -> HttpResponse:
    province = _manage(request, pk)
    services.import_jobs_fail_stale(province=province)
    found = get_object_or_404(
        ImportJob.objects.select_related("upload"), pk=job_pk, upload__province=province
    )
    context = pages.job_context(province, found)
    template = "dossiers/job.html#progress" if request.htmx else "dossiers/job.html"
    return render(request, template, context)


@login_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    province = province_for(request.user, pk)
    context = pages.results_context(request.user, province, request.GET)
    if context.get("inputs"):
        context["versions"] = versions_field(context["inputs"].versions)
    return render(request, "dossiers/results.html", context)


@login_required
@require_GET
def export(request: HttpRequest, pk: int, table: str) -> HttpResponse:
    province = province_for(request.user, pk)
    context = pages.results_context(request.user, province, request.GET, only=table)
    if context.get("empty"):
        raise Http404
    if table in context["grids"]:
        body = results.workbook([context["grids"][table]], text.headers())
    elif table in context["drills"]:
        # the package's own workbook: the same file `parindex indicators drilldown --xlsx` writes
        dd = context["drilldowns"][table]
        with tempfile.TemporaryDirectory() as tmpdir:
            body = results.drilldown_workbook(dd, lang(), tmpdir)
    elif table == "inputs" and context["inputs"]:
        assessment = context["inputs"].assessment
        rows = results.input_rows(assessment.campaign.framework_version.framework(), context)
        cols = ["node", "input", "value", "current"]
        body = results.workbook([results.Grid("inputs", cols, rows)], text.headers())
    else:
        raise Http404
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chi-so-{table}.xlsx"'
    return response


@login_required
@require_POST
def apply_inputs(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    province = province_for(request.user, pk)
    assessment = _assessment_of(request, province, assessment_pk)
    back = f"{reverse('dossiers:results', args=[province.pk])}?assessment={assessment.pk}"
    try:
        applied = services.dossier_inputs_apply(
            province=province,
            assessment=assessment,
            versions=ApplyForm.posted(request).seen_versions(),
            actor=request.user,  # type: ignore[arg-type]
        )
    except (services.DossierError, DeadlinePassedError) as exc:
        messages.error(request, _refusal(exc))
        return redirect(back)
    except (NotAllowedError, AssessmentLockedError):
        raise PermissionDenied from None  # the service's rule (dossiers.permissions.can_apply)
    except (ServiceError, IndicatorError, InputError) as exc:
        messages.error(request, _refusal(exc))
        return redirect(back)
    messages.success(
        request, _("Đã áp dụng %(n)s số liệu vào phiếu đánh giá.") % {"n": len(applied)}
    )
    return redirect(back)


def _assessment_of(request: HttpRequest, province: Unit, pk: int) -> Assessment:
    """One of the assessments the user may apply the province's figures to (else 404)."""
    found = next((a for a in assessments_of(request.user, province) if a.pk == pk), None)
    if found is None:
        raise Http404
    return found


def _refusal(exc: Exception) -> str:
    """The user's wording of a refused apply (the deadline's, the log's or the service's)."""
    if isinstance(exc, services.DossierError):
        nodes = ", ".join(exc.detail.get("nodes", []))  # type: ignore[arg-type]
        return str(text.ERRORS.get(exc.code, exc.code)) % {"nodes": nodes}
    if isinstance(exc, InputError):  # a value the framework refuses (numerator > denominator)
        return _("Không thể áp dụng: %(reason)s") % {"reason": input_problems(exc)}
    return _("Không thể áp dụng: %(reason)s") % {"reason": exc}


@login_required
@require_GET
def applied(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        AppliedIndicator.objects.select_related(
            "assessment__unit", "assessment__campaign__framework_version", "applied_by"
        ),
        pk=pk,
        assessment__in=assessments_visible_to(request.user),
    )
    words = applied_words(row.assessment, row.node_code, row)
    return render(
        request,
        "dossiers/applied.html",
        {
            "row": row,
            "label": words["label"],
            "value": words["value"],
            "indicator": words["indicator"],
            "p": row.provenance,
            "reading": pages.reading_of(row.provenance.get("reading")),
            "province": province_of(row.assessment.unit),
        },
    )
