"""Survey pages of the secretariat and readers; the public form lives in ``public_views``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.core.errors import InputError
from parindex.web.assessments.permissions import assessments_visible_to
from parindex.web.assessments.services.errors import ServiceError
from parindex.web.organisations.models import Unit
from parindex.web.organisations.selectors import province_of
from parindex.web.surveys import exports, pages, permissions, text
from parindex.web.surveys.forms import (
    ApplyForm,
    CodesForm,
    ImportForm,
    LogMapForm,
    QuotaForm,
    StatusForm,
    SurveyCreateForm,
)
from parindex.web.surveys.models import Survey
from parindex.web.surveys.permissions import can_manage, survey_for, surveys_visible_to
from parindex.web.surveys.services.apply import (
    ApplyConflictError,
    ApplyNotAllowedError,
    survey_apply,
)
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.invitations import invitation_codes_generate
from parindex.web.surveys.services.questionnaire import survey_status_set
from parindex.web.surveys.services.results import survey_results
from parindex.web.surveys.services.sampling import quota_set, quotas_from_log


def _managed(request: HttpRequest, pk: int) -> Survey:
    survey = survey_for(request.user, pk)
    if not can_manage(request.user, survey):
        raise PermissionDenied
    return survey


def _province(request: HttpRequest):  # type: ignore[no-untyped-def]
    provinces = permissions.managed_provinces(request.user)
    unit = request.user.unit  # type: ignore[union-attr]
    province = province_of(unit)
    if province is not None and (province == unit or province.pk in provinces):
        return province
    return Unit.objects.filter(pk__in=provinces, kind="province").first()


def _public_url(request: HttpRequest, survey: Survey) -> str:
    return request.build_absolute_uri(reverse("surveys:public", args=[survey.slug]))


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
    province = _province(request) if permissions.can_create(request.user) else None
    if province is None:
        raise PermissionDenied
    form = SurveyCreateForm.posted(request) if request.method == "POST" else SurveyCreateForm()
    if request.method == "POST":
        survey = form.create(province=province, actor=request.user)  # type: ignore[arg-type]
        if survey is not None:
            messages.success(request, _("Đã tạo cuộc khảo sát."))
            return redirect("surveys:detail", survey.pk)
    context = {"form": form, "problems": getattr(form, "problems", []), "province": province}
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/new.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request.user, pk)
    if not can_manage(request.user, survey):
        return redirect("surveys:results", survey.pk)
    context = pages.detail_context(survey, _public_url(request, survey))
    return render(request, "surveys/detail.html", context)


@login_required
@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = StatusForm.posted(request)
    if form.is_valid():
        survey_status_set(
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
    form = QuotaForm.posted(request)
    if not form.is_valid():
        messages.error(request, _("Số liệu không hợp lệ: N phải là số nguyên không âm."))
        return redirect("surveys:detail", survey.pk)
    data, actor = form.cleaned_data, request.user
    try:
        if data["from_log"]:
            done = quotas_from_log(survey=survey, actor=actor)  # type: ignore[arg-type]
            message = _("Đã lấy N từ nhật ký hồ sơ cho %(n)s cơ quan.") % {"n": len(done)}
        else:
            fields = {k: data[k] for k in ("unit_code", "service_code", "population")}
            quota_set(survey=survey, actor=actor, **fields)  # type: ignore[arg-type]
            message = _("Đã cập nhật cỡ mẫu.")
    except SurveyServiceError as e:
        messages.error(request, text.service_error(e))
    else:
        messages.success(request, message)
    return redirect("surveys:detail", survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def log_map(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = LogMapForm.for_survey(survey, request if request.method == "POST" else None)
    if request.method == "POST" and form.save(survey=survey, actor=request.user):  # type: ignore[arg-type]
        messages.success(request, _("Đã lưu ánh xạ với nhật ký hồ sơ."))
        return redirect("surveys:detail", survey.pk)
    context = {"survey": survey, "form": form, "problem": getattr(form, "problem", "")}
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/log_map.html", context, status=status)


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
    form = CodesForm.posted(request) if request.method == "POST" else CodesForm()
    if request.method == "POST" and form.is_valid():
        count, actor = form.cleaned_data["count"], request.user
        try:
            made = invitation_codes_generate(survey=survey, count=count, actor=actor)  # type: ignore[arg-type]
        except SurveyServiceError as e:
            messages.error(request, text.service_error(e))
        else:
            messages.success(request, _("Đã tạo %(n)s mã mời.") % {"n": len(made)})
        return redirect("surveys:codes", survey.pk)
    codes = survey.codes.all()[:2000]
    context = {"survey": survey, "form": form, "codes": codes}
    return render(
        request, "surveys/codes.html", context | {"public_url": _public_url(request, survey)}
    )


@login_required
@require_GET
def codes_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    return exports.codes_xlsx(survey, _public_url(request, survey))


@login_required
@require_http_methods(["GET", "POST"])
def import_responses(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    form = ImportForm.posted(request) if request.method == "POST" else ImportForm()
    if request.method == "POST":
        outcome = form.save(survey=survey, actor=request.user)  # type: ignore[arg-type]
        if outcome is not None:
            if outcome.created:
                b = outcome.batch
                done = _("Đã nhập %(new)s phiếu mới; %(old)s phiếu đã có được bỏ qua.")
                messages.success(
                    request, done % {"new": pages.num(b.imported), "old": pages.num(b.skipped)}
                )
            else:
                messages.info(request, _("Tệp này đã được nhập trước đây; không có gì thay đổi."))
            return redirect("surveys:detail", survey.pk)
    context = {"survey": survey, "form": form, "problems": getattr(form, "problems", [])}
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/import.html", context, status=status)


def _results_page(request: HttpRequest, survey: Survey, status: int = 200) -> HttpResponse:
    context = pages.results_context(survey, permissions.result_units(request.user, survey))
    context["can_manage"] = manage = can_manage(request.user, survey)
    if manage:
        assessments = (
            assessments_visible_to(request.user)
            .filter(campaign__year=survey.year, unit_id=survey.province_id)
            .select_related("campaign__framework_version")
        )
        context["choices"] = pages.apply_choices(request.user, assessments)
        context["applied"] = survey.applied.select_related(
            "assessment__campaign__framework_version"
        )[:20]
    return render(request, "surveys/results.html", context, status=status)


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    return _results_page(request, survey_for(request.user, pk))


@login_required
@require_GET
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_for(request.user, pk)
    units = permissions.result_units(request.user, survey)
    return exports.results_xlsx(survey, survey_results(survey, units))


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    visible = assessments_visible_to(request.user).select_related("campaign__framework_version")
    form = ApplyForm.posted(request, assessments=visible)
    if not form.is_valid():
        raise PermissionDenied
    try:
        rows = survey_apply(survey=survey, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    except ApplyNotAllowedError as e:
        raise PermissionDenied from e
    except ApplyConflictError as e:
        messages.error(request, text.service_error(e))
        return _results_page(request, survey, status=409)
    except (SurveyServiceError, ServiceError, InputError) as e:
        messages.error(request, text.apply_error(e))
    else:
        done = _("Đã chuyển %(n)s số liệu sang phiếu đánh giá, kèm nguồn gốc.")
        messages.success(request, done % {"n": pages.num(len(rows))})
    return redirect("surveys:results", survey.pk)
