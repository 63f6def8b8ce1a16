"""The plan's PDF pages: ask for it, watch it being made (htmx), download it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_tasks import TaskResult, TaskResultStatus

from parindex.web.plans.models import Plan
from parindex.web.plans.permissions import plan_for
from parindex.web.plans.tasks import PDF_LIMIT, plan_pdf
from parindex.web.site.tasks import is_lost, result_fail_lost, result_of

MISSING = gettext_lazy(
    "Không tạo được bản PDF: máy chủ chưa cài LibreOffice. Hãy tải bản Word và "
    "chuyển sang PDF, hoặc đề nghị quản trị cài gói libreoffice-writer-nogui."
)


def pdf_request(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Queue the PDF and show its page (or, with the in-request backend, the file itself)."""
    result = plan_pdf.enqueue(plan.pk)
    if result.is_finished:  # TASKS_BACKEND=immediate: it ran just now
        return _outcome(request, plan, result)
    return redirect("plans:pdf", plan.pk, result.id)


def _result(plan: Plan, task_id: str) -> TaskResult:
    result = result_of(task_id)
    if result is None or list(result.args) != [plan.pk]:
        raise Http404
    return result


def _outcome(request: HttpRequest, plan: Plan, result: TaskResult) -> HttpResponse:
    value = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
    if not value or "name" not in value:
        messages.error(request, str(MISSING) if value else _("Không tạo được bản PDF."))
        return redirect(plan.get_absolute_url())
    name = f"ke-hoach-cchc-{plan.year}-{plan.pk}.pdf"
    return FileResponse(default_storage.open(value["name"]), as_attachment=True, filename=name)  # type: ignore[return-value]  # a FileResponse is the HttpResponse the view returns (the stubs split the classes)


@login_required
@require_GET
def pdf_status(request: HttpRequest, pk: int, task_id: str) -> HttpResponse:
    plan = plan_for(request.user, pk)
    result = _result(plan, task_id)
    lost = is_lost(result, limit=PDF_LIMIT)
    if lost:
        result_fail_lost(task_id)
    value = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
    context = {
        "plan": plan,
        "task_id": task_id,
        "finished": result.is_finished or lost,
        "ready": bool(value and "name" in value),
        "missing": bool(value and value.get("error") == "libreoffice_missing"),
        "running": result.status == TaskResultStatus.RUNNING and not lost,
        "lost": lost,
    }
    template = "plans/pdf.html#status" if request.htmx else "plans/pdf.html"  # type: ignore[attr-defined]  # the stubs type the field as Field; it is a ModelChoiceField / QueryDict here
    return render(request, template, context)


@login_required
@require_GET
def pdf_download(request: HttpRequest, pk: int, task_id: str) -> HttpResponse:
    plan = plan_for(request.user, pk)
    result = _result(plan, task_id)
    if not result.is_finished:
        raise Http404
    return _outcome(request, plan, result)
