"""Survey pages of the secretariat and readers; the public form lives in ``public_views``."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.core.errors import InputError
from parindex.surveys import FormError, ResponsesRejected, SourceError, compute_results
from parindex.web.assessments.permissions import assessments_visible_to
from parindex.web.assessments.services.errors import ServiceError
from parindex.web.surveys import exports, pages, permissions, services, text
from parindex.web.surveys.forms import (
    ApplyForm,
    CodesForm,
    ImportForm,
    LogMapForm,
    QuotaForm,
    StatusForm,
    SurveyCreateForm,
)
from parindex.web.surveys.models import ImportBatch, Survey
from parindex.web.surveys.permissions import can_manage, survey_for, surveys_visible_to


def _managed(request: HttpRequest, pk: int) -> Survey:
    survey = survey_for(request.user, pk)
    if not can_manage(request.user, survey):
        raise PermissionDenied
    return survey


def _province(request: HttpRequest):  # type: ignore[no-untyped-def]
    from parindex.web.organisations.models import Unit

    provinces = permissions.managed_provinces(request.user)
    unit = request.user.unit  # type: ignore[union-attr]
    if unit is not None and unit.kind != "province" and unit.parent_id in provinces:
        return unit.parent
    if unit is not None and unit.kind == "province":
        return unit
    return Unit.objects.filter(pk__in=provinces, kind="province").first()


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = surveys_visible_to(request.user).select_related("province")
    return render(
        request,
        "surveys/list.html",
        {"surveys": surveys, "can_create": permissions.can_create(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create(request.user):
        raise PermissionDenied
    province = _province(request)
    if province is None:
        raise PermissionDenied
    form = SurveyCreateForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data["form_file"]
            parsed = services.read_uploaded_form(upload.name, upload.read()) if upload else None
            survey = services.survey_create(
                province=province,
                title=data["title"],
                year=data["year"],
                form=parsed,
                form_name=upload.name if upload else "",
                margin=data["margin"],
                access=data["access"],
                target=_share(data["target"]),
                previous_index=_share(data["previous_index"]),
                actor=request.user,  # type: ignore[arg-type]
            )
        except FormError as e:
            problems = [text.form_problem(p) for p in e.problems]
        except services.SurveyServiceError as e:
            problems = [text.service_error(e)]
        else:
            messages.success(request, _("Đã tạo cuộc khảo sát."))
            return redirect("surveys:detail", survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "surveys/new.html",
        {"form": form, "problems": problems, "province": province},
        status=status,
    )


def _share(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else (percent / 100).quantize(Decimal("0.0001"))


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request.user, pk)
    manage = can_manage(request.user, survey)
    if not manage:
        return redirect("surveys:results", survey.pk)
    rows = services.coverage(survey)
    service_map = services.service_map_of(survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "rows": rows,
            "total_target": services.coverage_total(rows),
            "mapped_services": [
                s for s, e in service_map["services"].items() if e["fields"] or e["procedures"]
            ],
            "rest_service": service_map.get("rest") or "",
            "total_collected": survey.responses.count(),
            "status_form": StatusForm(initial={"status": survey.status}),
            "quota_form": QuotaForm(),
            "batches": ImportBatch.objects.filter(survey=survey)[:20],
            "batches_total": ImportBatch.objects.filter(survey=survey).count(),
            "public_url": request.build_absolute_uri(reverse("surveys:public", args=[survey.slug])),
            "codes_total": survey.codes.count(),
            "codes_used": survey.codes.filter(response__isnull=False).count(),
        },
    )


@login_required
@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.survey_status_set(
            survey=survey,
            status=form.cleaned_data["status"],
            actor=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Đã cập nhật trạng thái."))
    return redirect("surveys:detail", survey.pk)


@login_required
@require_POST
def quota(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    try:
        if "from_log" in request.POST:
            done = services.quotas_from_log(survey=survey, actor=request.user)  # type: ignore[arg-type]
            messages.success(
                request, _("Đã lấy N từ nhật ký hồ sơ cho %(n)s cơ quan.") % {"n": len(done)}
            )
        else:
            form = QuotaForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Số liệu không hợp lệ: N phải là số nguyên không âm."))
                return redirect("surveys:detail", survey.pk)
            services.quota_set(
                survey=survey,
                unit_code=form.cleaned_data["unit_code"],
                service_code=form.cleaned_data["service_code"],
                population=form.cleaned_data["population"],
                actor=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Đã cập nhật cỡ mẫu."))
    except services.SurveyServiceError as e:
        messages.error(request, text.service_error(e))
    return redirect("surveys:detail", survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def log_map(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form_def = services.form_of(survey)
    choices = {
        q: [(c, pages.choice_label(form_def, q, c)) for c in services._codes(form_def, q)]
        for q in (form_def.unit_question, form_def.service_question)
    }
    agencies = dict(survey.quotas.filter(service_code="").values_list("unit_code", "log_agency"))
    form = LogMapForm(
        request.POST or None,
        services=choices[form_def.service_question],
        units=choices[form_def.unit_question],
        initial=LogMapForm.initial_for(services.service_map_of(survey), agencies),
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.service_map_set(
                survey=survey,
                service_map=form.service_map(),
                agencies=form.agencies(),
                actor=request.user,  # type: ignore[arg-type]
            )
        except services.SurveyServiceError as e:
            problem = text.service_error(e)
        else:
            messages.success(request, _("Đã lưu ánh xạ với nhật ký hồ sơ."))
            return redirect("surveys:detail", survey.pk)
    return render(
        request,
        "surveys/log_map.html",
        {"survey": survey, "form": form, "problem": problem},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def list_export(request: HttpRequest) -> HttpResponse:
    return exports.surveys_xlsx(surveys_visible_to(request.user))


@login_required
@require_GET
def batches_export(request: HttpRequest, pk: int) -> HttpResponse:
    return exports.batches_xlsx(_managed(request, pk))


@login_required
@require_GET
def coverage_export(request: HttpRequest, pk: int) -> HttpResponse:
    return exports.coverage_xlsx(_managed(request, pk))


@login_required
@require_GET
def form_export(request: HttpRequest, pk: int) -> HttpResponse:
    return exports.form_xlsx(_managed(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.invitation_codes_generate(
                survey=survey,
                count=form.cleaned_data["count"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except services.SurveyServiceError as e:
            messages.error(request, text.service_error(e))
        else:
            messages.success(request, _("Đã tạo %(n)s mã mời.") % {"n": len(made)})
        return redirect("surveys:codes", survey.pk)
    return render(
        request,
        "surveys/codes.html",
        {
            "survey": survey,
            "form": form,
            "codes": survey.codes.all()[:2000],
            "public_url": request.build_absolute_uri(reverse("surveys:public", args=[survey.slug])),
        },
    )


@login_required
@require_GET
def codes_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    url = request.build_absolute_uri(reverse("surveys:public", args=[survey.slug]))
    return exports.codes_xlsx(survey, url)


@login_required
@require_http_methods(["GET", "POST"])
def import_responses(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            outcome = services.responses_import(
                survey=survey,
                file_name=f.name,
                content=f.read(),
                tool=form.cleaned_data["tool"] or None,
                actor=request.user,  # type: ignore[arg-type]
            )
        except ResponsesRejected as e:
            problems = [text.row_problem(p) for p in e.problems[:200]]
        except SourceError as e:
            problems = [text.source_error(e)]
        except services.SurveyServiceError as e:
            problems = [text.service_error(e)]
        else:
            b = outcome.batch
            if outcome.created:
                messages.success(
                    request,
                    _("Đã nhập %(new)s phiếu mới; %(old)s phiếu đã có được bỏ qua.")
                    % {"new": b.imported, "old": b.skipped},
                )
            else:
                messages.info(request, _("Tệp này đã được nhập trước đây; không có gì thay đổi."))
            return redirect("surveys:detail", survey.pk)
    return render(
        request,
        "surveys/import.html",
        {"survey": survey, "form": form, "problems": problems},
        status=400 if problems or (request.method == "POST" and not form.is_valid()) else 200,
    )


def _results_context(request: HttpRequest, survey: Survey) -> dict[str, object]:
    units = permissions.result_units(request.user, survey)
    form = services.form_of(survey)
    responses = services.core_responses(survey, units)
    results = compute_results(form, responses)
    overall = results.overall
    comparison = services.comparisons(survey, overall.overall) if units is None else None
    return {
        "survey": survey,
        "restricted": units is not None,
        "results": results,
        "overall": pages.line("overall", _("Chỉ số hài lòng chung"), overall.overall),
        "overall_item": overall.overall_item
        and pages.line("overall_sat", "", overall.overall_item),
        "factors": pages.factor_lines(overall),
        "units": pages.level_lines(form, results.by_unit, form.unit_question),
        "services": pages.level_lines(form, results.by_service, form.service_question),
        "priorities": pages.priority_lines(form, results),
        "comments": pages.comment_lines(form, responses),
        "comparison": comparison,
        "pct": pages.pct,
    }


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request.user, pk)
    context = _results_context(request, survey)
    manage = can_manage(request.user, survey)
    if manage:
        context["assessments"] = list(
            assessments_visible_to(request.user)
            .filter(campaign__year=survey.year, unit_id=survey.province_id)
            .select_related("campaign")
        )
        context["applied"] = survey.applied.select_related("assessment__campaign")[:20]
    context["can_manage"] = manage
    cmp = context["comparison"]
    if cmp is not None:
        context["previous_diff"] = cmp.previous and pages.pct(cmp.previous.difference)
        context["previous_value"] = cmp.previous and pages.pct(cmp.previous.previous)
        context["target_value"] = cmp.target and pages.pct(cmp.target.target)
        context["target_gap"] = cmp.target and pages.pct(cmp.target.gap)
    return render(request, "surveys/results.html", context)


@login_required
@require_GET
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request.user, pk)
    units = permissions.result_units(request.user, survey)
    return exports.results_xlsx(survey, services.survey_results(survey, units))


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    assessment = (
        assessments_visible_to(request.user)
        .filter(pk=form.cleaned_data["assessment"])
        .select_related("campaign__framework_version")
        .first()
    )
    if assessment is None or assessment.unit_id != survey.province_id:
        raise PermissionDenied
    try:
        rows = services.survey_apply(
            survey=survey,
            assessment=assessment,
            actor=request.user,  # type: ignore[arg-type]
        )
    except services.SurveyServiceError as e:
        messages.error(request, text.service_error(e))
    except (ServiceError, InputError) as e:
        messages.error(request, _("Không áp dụng được: %(e)s") % {"e": e})
    else:
        messages.success(
            request,
            _("Đã chuyển %(n)s số liệu sang phiếu đánh giá, kèm nguồn gốc.") % {"n": len(rows)},
        )
    return redirect("surveys:results", survey.pk)
