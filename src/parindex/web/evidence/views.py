"""Evidence pages: an assessment's panels, one node's actions, a unit's library, downloads."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.assessments.models import Assessment
from parindex.web.assessments.permissions import (
    assessments_visible_to,
    can_change_item,
    editable_parts,
    in_parts,
    visible_parts,
)
from parindex.web.evidence import blobs, forms, paging, panels, services
from parindex.web.evidence.models import Document, DocumentVersion, EvidenceLink
from parindex.web.evidence.permissions import (
    EDIT,
    can_edit_evidence,
    document_access,
    library_access,
)
from parindex.web.organisations.models import Unit
from parindex.web.site.http import HtmxRequest

Action = Callable[[], object]
Guard = forms.SizeLimitUploadHandler


def _assessment(request: HttpRequest, pk: int, *, edit: bool = False) -> Assessment:
    # Another unit's assessment is not found rather than forbidden: its existence is private.
    assessment = get_object_or_404(
        assessments_visible_to(request.user).select_related("campaign__framework_version", "unit"),
        pk=pk,
    )
    if edit and not can_edit_evidence(request.user, assessment):
        raise PermissionDenied
    return assessment


def _node(request: HttpRequest, assessment: Assessment, code: str, *, edit: bool = True) -> str:
    if code not in services.self_leaf_codes(assessment):
        raise Http404
    # A contributing agency prepares, and reads, only the areas assigned to it; in the
    # explanation round only the returned items change.
    if edit and not can_change_item(request.user, assessment, code):
        raise PermissionDenied
    if not in_parts(code, visible_parts(request.user, assessment)):
        raise PermissionDenied
    return code


def _next(request: HttpRequest, default: str) -> str:
    return forms.ReturnForm.posted(request).next_url(request, default)


def _run(action: Action) -> tuple[str, object]:
    """Call a service; a refusal becomes the user's message."""
    try:
        return "", action()
    except services.EvidenceError as exc:
        return forms.error_text(exc), None


def _upload(request: HttpRequest, guard: Guard, store: Callable[[UploadedFile], object]) -> str:
    """Store the posted file through ``store``; the user's message if refused, else ""."""
    upload = request.FILES.get("file")
    if guard.exceeded:
        return forms.error_text(services.EvidenceError("too_large", limit=guard.limit))
    if upload is None:
        return str(forms.MESSAGES["no_file"])
    return _run(lambda: store(upload))[0]


def _node_done(
    request: HtmxRequest,
    assessment: Assessment,
    code: str,
    error: str,
    done: str,
    typed: dict[str, str] | None = None,
) -> HttpResponse:
    """htmx: the refreshed panel; a plain post: a message and back to the page."""
    if request.htmx:
        data = panels.load(request, assessment)
        context = panels.panel_context(
            request, data, code, error=error, message="" if error else done, typed=typed
        )
        return render(request, "evidence/_panel.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    default = f"{assessment_page(assessment)}#{panels.dom_id(code)}"
    return redirect(_next(request, default))


def assessment_page(assessment: Assessment) -> str:
    return reverse("evidence:assessment", args=[assessment.pk])


@login_required
@require_GET
def assessment_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    parts = visible_parts(request.user, assessment)  # a contributing agency: its areas only
    codes = [c for c in services.self_leaf_codes(assessment) if in_parts(c, parts)]
    framework = assessment.campaign.framework_version.framework()
    page = paging.area_page(framework, codes, request.GET.get("area"))
    gaps = [g for g in services.submission_gaps(assessment) if in_parts(g.node_code, parts)]
    context = {
        "assessment": assessment,
        "nodes": [framework[c] for c in page.codes],
        "areas": page.areas,
        "gaps": [(g, page.anchor(g.node_code, panels.dom_id(g.node_code))) for g in gaps],
        # reuse touches every sub-criterion: the unit's own focal point only
        "editable": can_edit_evidence(request.user, assessment)
        and editable_parts(request.user, assessment) is None,
        # an appraiser reads the assessment's evidence, not the unit's whole library
        "library_open": library_access(request.user, assessment.unit_id) is not None,
    }
    return render(request, "evidence/assessment.html", context)


@login_required
@require_POST
def reuse_previous(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, edit=True)
    if editable_parts(request.user, assessment) is not None:
        raise PermissionDenied  # the whole assessment: the unit's own focal point only
    error, copied = _run(
        lambda: services.evidence_reuse_previous(assessment=assessment, actor=request.user)
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã dùng lại %(n)s tài liệu của năm trước.") % {"n": copied})
    return redirect(assessment_page(assessment))


@login_required
@require_GET
def node_panel(request: HtmxRequest, pk: int, code: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    code = _node(request, assessment, code, edit=False)
    context = {"assessment": assessment, "code": code}
    if request.htmx:  # a folded panel opened: its plain forms come back to it unfolded
        request.evidence_unfolded = code  # type: ignore[attr-defined]
    template = "evidence/_node_evidence.html" if request.htmx else "evidence/node.html"
    return render(request, template, context)


@csrf_exempt
@login_required
@require_POST
def node_upload(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    guard = forms.limit_uploads(request)  # before anything reads the body
    return csrf_protect(_node_upload)(request, pk, code, guard)


def _node_upload(request: AuthenticatedRequest, pk: int, code: str, guard: Guard) -> HttpResponse:
    assessment = _assessment(request, pk, edit=True)
    code = _node(request, assessment, code)
    form = forms.UploadForm.posted(request)
    form.is_valid()
    error = _upload(
        request,
        guard,
        lambda upload: services.document_upload(
            unit=assessment.unit,
            title=form.cleaned_data.get("title", ""),
            file=upload,
            original_name=upload.name or "",
            actor=request.user,
            assessment=assessment,
            node_code=code,
            note=form.cleaned_data.get("note", ""),
        ),
    )
    return _node_done(request, assessment, code, error, _("Đã tải lên tài liệu."))


@login_required
@require_POST
def node_cite(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    assessment = _assessment(request, pk, edit=True)
    code = _node(request, assessment, code)
    form = forms.CitationForm.posted(request)
    if not form.is_valid():
        error = forms.first_error(form)
    else:
        error, _v = _run(
            lambda: services.document_cite(
                unit=assessment.unit,
                actor=request.user,
                assessment=assessment,
                node_code=code,
                **form.cleaned_data,
            )
        )
    typed = forms.typed(form) if error else None
    return _node_done(request, assessment, code, error, _("Đã ghi văn bản trích dẫn."), typed)


@login_required
@require_GET
def node_link_form(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The form linking one of the unit's documents (loaded when the user opens it)."""
    assessment = _assessment(request, pk, edit=True)
    code = _node(request, assessment, code)
    context = panels.panel_context(request, panels.load(request, assessment), code)
    return render(request, "evidence/_link_form.html", context)


@login_required
@require_POST
def node_link(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    assessment = _assessment(request, pk, edit=True)
    code = _node(request, assessment, code)
    form = forms.LinkForm.posted(request)
    if not form.is_valid():
        error = forms.first_error(form)
    else:
        # Only the assessed unit's documents can be chosen; any other id is not found.
        document = get_object_or_404(
            Document, pk=form.cleaned_data["document"], unit_id=assessment.unit_id
        )
        error, _v = _run(
            lambda: services.evidence_link(
                assessment=assessment,
                node_code=code,
                version=document.versions.order_by("-number").first(),  # type: ignore[arg-type]  # the form only offers existing versions
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        )
    return _node_done(request, assessment, code, error, _("Đã gắn tài liệu."))


@login_required
@require_POST
def node_unlink(request: AuthenticatedRequest, pk: int, link_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, edit=True)
    link = get_object_or_404(EvidenceLink, pk=link_pk, assessment=assessment)
    _node(request, assessment, link.node_code)
    services.evidence_unlink(link=link, actor=request.user)
    return _node_done(request, assessment, link.node_code, "", _("Đã bỏ gắn tài liệu."))


@login_required
@require_POST
def node_explain(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    assessment = _assessment(request, pk, edit=True)
    code = _node(request, assessment, code)
    form = forms.ExplanationForm.posted(request)
    if not form.is_valid():
        error = forms.first_error(form)
    else:
        error, _v = _run(
            lambda: services.explanation_set(
                assessment=assessment,
                node_code=code,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"] or 0,
                actor=request.user,
            )
        )
    keep = error and "conflict" not in error
    typed = {"text": forms.typed(form).get("text", "")} if keep else None
    return _node_done(request, assessment, code, error, _("Đã lưu giải trình."), typed)


def _document(request: HttpRequest, pk: int, *, edit: bool = False) -> Document:
    document = get_object_or_404(Document, pk=pk)
    access = document_access(request.user, document)
    if access is None:
        raise Http404
    if edit and access != EDIT:
        raise PermissionDenied
    return document


def _posted_assessment(request: HttpRequest, document: Document) -> Assessment | None:
    """The assessment a document form was posted from, if visible and of the same unit."""
    pk = forms.ReturnForm.posted(request).assessment_pk()
    if pk is None:
        return None
    return (
        assessments_visible_to(request.user)
        .select_related("campaign__framework_version", "unit")
        .filter(pk=pk, unit_id=document.unit_id)
        .first()
    )


def _document_done(request: HtmxRequest, document: Document, error: str, done: str):
    """Back to the panel the form was in (htmx or plain) or to the unit's library."""
    code = forms.ReturnForm.posted(request).value("code")
    assessment = _posted_assessment(request, document)
    if assessment is not None and code:
        return _node_done(request, assessment, code, error, done)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(_next(request, reverse("evidence:library", args=[document.unit_id])))


@csrf_exempt
@login_required
@require_POST
def document_new_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    guard = forms.limit_uploads(request)
    return csrf_protect(_document_new_version)(request, pk, guard)


def _document_new_version(request: AuthenticatedRequest, pk: int, guard: Guard) -> HttpResponse:
    document = _document(request, pk, edit=True)
    assessment = _posted_assessment(request, document)
    if assessment is not None and not can_edit_evidence(request.user, assessment):
        assessment = None  # links move only in an assessment the user may edit
    error = _upload(
        request,
        guard,
        lambda upload: services.document_version_add(
            document=document,
            file=upload,
            original_name=upload.name or "",
            actor=request.user,
            assessment=assessment,
        ),
    )
    return _document_done(request, document, error, _("Đã tải lên phiên bản mới."))


@login_required
@require_POST
def document_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, edit=True)
    form = forms.WithdrawForm.posted(request)
    form.is_valid()
    error, _d = _run(
        lambda: services.document_withdraw(
            document=document, reason=form.cleaned_data.get("reason", ""), actor=request.user
        )
    )
    return _document_done(request, document, error, _("Đã thu hồi tài liệu."))


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=pk)
    if not version.has_file or document_access(request.user, version.document) is None:
        raise Http404
    response = FileResponse(
        blobs.storage().open(version.blob, "rb"),
        as_attachment=True,
        filename=services.download_name(version),
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _unit(request: HttpRequest, pk: int, *, edit: bool = False) -> Unit:
    unit = get_object_or_404(Unit, pk=pk)
    access = library_access(request.user, unit.pk)
    if access is None:
        raise Http404
    if edit and access != EDIT:
        raise PermissionDenied
    return unit


@login_required
@require_GET
def library(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    documents = list(
        Document.objects.filter(unit=unit)
        .select_related("withdrawn_by", "created_by")
        .prefetch_related("versions__uploaded_by", "links__assessment__campaign")
    )
    editable = library_access(request.user, unit.pk) == EDIT
    if editable:  # a document backing an item locked now is not offered for withdrawal
        locked = services.documents_locked(d.pk for d in documents)
        for document in documents:
            document.withdraw_locked_by = locked.get(document.pk, "")  # type: ignore[attr-defined]  # a display attribute the page reads
    context = {
        "unit": unit,
        "documents": documents,
        "editable": editable,
        "accept": forms.ACCEPT,
        "limit_mb": forms.mib(services.max_bytes()),
    }
    return render(request, "evidence/library.html", context)


@csrf_exempt
@login_required
@require_POST
def library_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    guard = forms.limit_uploads(request)
    return csrf_protect(_library_upload)(request, pk, guard)


def _library_upload(request: AuthenticatedRequest, pk: int, guard: Guard) -> HttpResponse:
    unit = _unit(request, pk, edit=True)
    form = forms.UploadForm.posted(request)
    form.is_valid()
    error = _upload(
        request,
        guard,
        lambda upload: services.document_upload(
            unit=unit,
            title=form.cleaned_data.get("title", ""),
            file=upload,
            original_name=upload.name or "",
            actor=request.user,
        ),
    )
    return _library_done(request, unit, error, _("Đã tải lên tài liệu."))


@login_required
@require_POST
def library_cite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk, edit=True)
    form = forms.CitationForm.posted(request)
    if not form.is_valid():
        error = forms.first_error(form)
    else:
        data = {k: v for k, v in form.cleaned_data.items() if k != "note"}
        error, _v = _run(lambda: services.document_cite(unit=unit, actor=request.user, **data))
    return _library_done(request, unit, error, _("Đã ghi văn bản trích dẫn."))


def _library_done(request: HttpRequest, unit: Unit, error: str, done: str) -> HttpResponse:
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(reverse("evidence:library", args=[unit.pk]))
