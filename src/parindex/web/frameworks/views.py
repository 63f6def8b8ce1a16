"""The framework pages: list, import, a version's tree and difference, activate, retire.

For the secretariat and administrators (others 403; anonymous users go to the login page).
Every write goes through ``services``, which checks the actor again.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parindex.core.errors import FrameworkError, InputError
from parindex.web.assessments.models import FrameworkVersion
from parindex.web.assessments.permissions import assessments_visible_to
from parindex.web.assessments.refusals import input_problems
from parindex.web.assessments.services.errors import NotAllowedError, ServiceError
from parindex.web.frameworks import selectors, services
from parindex.web.frameworks.forms import ImportForm, PlanDefaultsForm, SelfScoresForm
from parindex.web.frameworks.models import FrameworkUpload
from parindex.web.frameworks.permissions import can_manage_frameworks
from parindex.web.frameworks.plan_forms import PlanAreaForm
from parindex.web.frameworks.presenting import detail_context
from parindex.web.frameworks.text import problem_sentence, refusal

OUTCOMES = {
    "created": gettext_lazy(
        "Đã nhập phiên bản mới (bản nháp). Hãy xem lại cây tiêu chí và khác biệt."
    ),
    "replaced": gettext_lazy("Đã thay nội dung bản nháp. Hãy xem lại cây tiêu chí và khác biệt."),
    "unchanged": gettext_lazy("Nội dung không đổi so với phiên bản đã có; đã lưu tệp."),
    "translated": gettext_lazy(
        "Phiên bản đã khóa chỉ được cập nhật phần tiếng Anh; điểm, cách chấm và nội dung "
        "tiếng Việt giữ nguyên."
    ),
}


def _manager(request: HttpRequest) -> None:
    if not can_manage_frameworks(request.user):
        raise PermissionDenied


def _version(request: HttpRequest, pk: int) -> FrameworkVersion:
    _manager(request)
    return get_object_or_404(FrameworkVersion, pk=pk)


def _run(request: HttpRequest, action, done: str) -> bool:
    try:
        action()
    except NotAllowedError:
        raise PermissionDenied from None
    except ServiceError as exc:
        messages.error(request, refusal(exc))
        return False
    except InputError as exc:  # imported self-scores the framework refuses
        messages.error(request, input_problems(exc))
        return False
    messages.success(request, done)
    return True


@login_required
@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    return render(request, "frameworks/list.html", {"rows": selectors.version_rows()})


@login_required
@require_http_methods(["GET", "POST"])
def framework_import(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = ImportForm.posted(request) if request.method == "POST" else ImportForm()
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.framework_import(
                data=form.data_bytes,
                name=upload.name,
                actor=request.user,  # type: ignore[arg-type]  # login_required: a User here
                identity=form.identity(),
            )
        except FrameworkError as exc:
            problems = [problem_sentence(p) for p in exc.problems]
        except NotAllowedError:
            raise PermissionDenied from None
        except ServiceError as exc:
            problems = [refusal(exc)]
        else:
            messages.success(request, OUTCOMES[result.outcome])
            return redirect("frameworks:detail", result.version.pk)
    return render(request, "frameworks/import.html", {"form": form, "problems": problems})


@login_required
@require_GET
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    return render(request, "frameworks/detail.html", detail_context(request.user, version))


@login_required
@require_http_methods(["GET", "POST"])
def framework_activate(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if request.method == "POST":
        done = _("Đã kích hoạt phiên bản; các đợt đánh giá mới có thể dùng phiên bản này.")
        _run(
            request,
            lambda: services.framework_activate(version=version, actor=request.user),  # type: ignore[arg-type]  # login_required: a User here
            done,
        )
        return redirect("frameworks:detail", version.pk)
    context = {"version": version, "replaced": services.replaced_by(version)}
    return render(request, "frameworks/activate.html", context)


@login_required
@require_POST
def framework_retire(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    done = _("Đã thôi áp dụng phiên bản; các đợt đánh giá đang dùng giữ nguyên.")
    _run(request, lambda: services.framework_retire(version=version, actor=request.user), done)  # type: ignore[arg-type]  # login_required: request.user is a User here
    return redirect("frameworks:detail", version.pk)


@login_required
@require_POST
def framework_plan_defaults(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    form = PlanDefaultsForm.posted(request)
    if form.is_valid():
        text = form.cleaned_data["text"].replace("\r\n", "\n")
        saved = _run(
            request,
            lambda: services.framework_plan_defaults_set(
                version=version,
                text=text,
                actor=request.user,  # type: ignore[arg-type]  # login_required: request.user is a User here
            ),
            _("Đã lưu mặc định của kế hoạch."),
        )
        if saved:
            return redirect("frameworks:detail", version.pk)
    context = detail_context(request.user, version, plan_form=form)
    return render(request, "frameworks/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def framework_plan_area(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    version = _version(request, pk)
    node = selectors.plan_area(version, area)
    if node is None:
        raise Http404
    defaults = version.plan_defaults()
    kwargs: dict[str, Any] = {
        "area": node,
        "defaults": defaults,
        "agencies": selectors.agency_names(defaults),
    }
    post = request.method == "POST"
    form = PlanAreaForm.posted(request, **kwargs) if post else PlanAreaForm(**kwargs)
    if post and form.is_valid() and _save_area(request, version, form):
        return redirect(reverse("frameworks:detail", args=[version.pk]) + "#plan")
    context = {"version": version, "area": node, "form": form, "agencies": form.agencies}
    return render(request, "frameworks/plan_area.html", context)


def _save_area(request: HttpRequest, version: FrameworkVersion, form: PlanAreaForm) -> bool:
    """Save the area through the service; its refusals go on the form's fields."""
    try:
        services.framework_plan_area_set(version=version, edit=form.edit(), actor=request.user)  # type: ignore[arg-type]  # login_required: a User here
    except services.PlanAreaInvalidError as exc:
        form.refused(exc.problems)
        return False
    except NotAllowedError:
        raise PermissionDenied from None
    except ServiceError as exc:
        messages.error(request, refusal(exc))
        return False
    done = _("Đã lưu mặc định của kế hoạch cho lĩnh vực %(code)s.") % {"code": form.area.code}
    messages.success(request, done)
    return True


@login_required
@require_POST
def framework_self_scores(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    visible = assessments_visible_to(request.user).filter(campaign__framework_version=version)
    form = SelfScoresForm.posted(request, assessments=visible)
    if form.is_valid():
        upload = get_object_or_404(version.uploads, pk=form.cleaned_data["upload"])
        assessment = form.cleaned_data["assessment"]
        _run(
            request,
            lambda: services.framework_self_assessment_load(
                upload=upload,
                assessment=assessment,
                actor=request.user,  # type: ignore[arg-type]  # login_required: request.user is a User here
            ),
            _("Đã nhập điểm tự đánh giá của bảng vào phiếu."),
        )
        return redirect(assessment.get_absolute_url())
    messages.error(request, _("Hãy chọn phiếu đánh giá."))
    return redirect("frameworks:detail", version.pk)


@login_required
@require_GET
def framework_upload_file(request: HttpRequest, pk: int, upload_pk: int) -> HttpResponse:
    version = _version(request, pk)
    upload: FrameworkUpload = get_object_or_404(version.uploads, pk=upload_pk)
    return FileResponse(  # type: ignore[return-value]  # a FileResponse is the HttpResponse the view returns (the stubs split the classes)
        io.BytesIO(bytes(upload.content)),
        as_attachment=True,
        filename=upload.name,
        content_type="application/octet-stream",
    )
