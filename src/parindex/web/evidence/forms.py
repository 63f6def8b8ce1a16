"""Evidence forms and the wording of refused changes (services speak in codes)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from parindex.presentation.numbers import fmt_number
from parindex.web.evidence.services import EvidenceError, max_bytes
from parindex.web.site.forms import PostedForm
from parindex.web.site.language import lang
from parindex.web.site.params import int_param

ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"

MESSAGES = {
    "too_large": _("Tệp vượt quá dung lượng cho phép (tối đa %(limit)s MB)."),
    "empty": _("Tệp rỗng."),
    "bad_type": _(
        "Định dạng tệp không được chấp nhận: chỉ nhận PDF, Word (.docx, .doc), "
        "Excel (.xlsx, .xls) và ảnh PNG, JPEG (kiểm tra theo nội dung tệp, không theo tên)."
    ),
    "no_file": _("Chưa chọn tệp."),
    "title_required": _("Cần nhập trích yếu (tên) tài liệu."),
    "title_too_long": _("Trích yếu dài quá %(limit)s ký tự."),
    "number_required": _("Cần nhập số, ký hiệu văn bản."),
    "bad_number": _(
        "Số, ký hiệu “%(number)s” không đúng dạng (ví dụ: 114/BC-UBND, 30/2020/NĐ-CP)."
    ),
    "date_required": _("Cần nhập ngày ban hành."),
    "future_date": _("Ngày ban hành không được sau ngày hôm nay."),
    "issuer_required": _("Cần nhập cơ quan ban hành."),
    "issuer_too_long": _("Tên cơ quan ban hành dài quá %(limit)s ký tự."),
    "reason_required": _("Cần nêu lý do thu hồi."),
    "reason_too_long": _("Lý do dài quá %(limit)s ký tự."),
    "note_too_long": _("Ghi chú dài quá %(limit)s ký tự."),
    "explanation_too_long": _("Nội dung giải trình dài quá %(limit)s ký tự."),
    "explanation_conflict": _(
        "Người khác vừa lưu giải trình của tiêu chí này; nội dung mới nhất đang hiển thị, "
        "hãy xem lại rồi lưu lại."
    ),
    "already_linked": _("Tài liệu này đã được gắn với tiêu chí."),
    "withdrawn": _("Tài liệu đã bị thu hồi."),
    "other_unit": _("Tài liệu không thuộc đơn vị được đánh giá."),
    "citation_has_no_file": _("Văn bản trích dẫn không có tệp để cập nhật phiên bản."),
    "unknown_node": _("Không có tiêu chí thành phần tự chấm “%(node)s”."),
    "no_previous": _("Đơn vị chưa có phiếu đánh giá của năm trước."),
    "locked": _("Phiếu đánh giá đang ở trạng thái không cho phép sửa."),
    "item_locked": _(
        "Tiêu chí %(node)s không bị trả lại để giải trình nên giữ nguyên như khi gửi; "
        "chỉ sửa được các tiêu chí bị trả lại."
    ),
    "linked_locked": _(
        "Tài liệu đang làm căn cứ cho tiêu chí %(node)s của phiếu đã gửi; "
        "không thu hồi được khi tiêu chí đó đang bị khoá."
    ),
}


def mib(limit: int) -> str:
    """The limit in MB as people write it: "20", "2,5" (Vietnamese decimal comma)."""
    value = round(limit / (1024 * 1024), 3)
    return fmt_number(Decimal(repr(value)), lang())


def error_text(exc: EvidenceError) -> str:
    """The user's wording of a refused change."""
    params = dict(exc.params)
    if "limit" in params and exc.code == "too_large":
        params["limit"] = mib(int(params["limit"]))  # type: ignore[call-overload]  # the limit is an int, set by the upload guard
    template = MESSAGES.get(exc.code)
    return str(template) % params if template is not None else exc.code


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop reading an uploaded file as soon as it passes the limit (nothing is kept)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = max_bytes()
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_uploads(request: HttpRequest) -> SizeLimitUploadHandler:
    """Put the size guard first in the request's upload handlers (before POST is read)."""
    handler = SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, handler)  # type: ignore[union-attr]  # before POST is read, the handlers are still a list
    return handler


class UploadForm(PostedForm):
    file = forms.FileField(label=_("Tệp"), required=False)
    title = forms.CharField(label=_("Trích yếu (tên tài liệu)"), max_length=500, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class VersionForm(PostedForm):
    file = forms.FileField(label=_("Tệp phiên bản mới"), required=False)


class CitationForm(PostedForm):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class LinkForm(PostedForm):
    document = forms.IntegerField(label=_("Tài liệu của đơn vị"))
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class ExplanationForm(PostedForm):
    text = forms.CharField(label=_("Nội dung giải trình"), max_length=4000, required=False)
    version = forms.IntegerField(min_value=0, required=False)


class WithdrawForm(PostedForm):
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=500, required=False)


class ReturnForm(PostedForm):
    """Where a form of a panel or of the library returns, as the page posted it."""

    next = forms.CharField(required=False, strip=False)
    code = forms.CharField(required=False, strip=False)  # the panel's sub-criterion
    assessment = forms.CharField(required=False, strip=False)  # the panel's assessment

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""

    def next_url(self, request: HttpRequest, default: str) -> str:
        """The posted ``next`` if it is a path of this site, else ``default``."""
        target = self.value("next")
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return target if safe and target.startswith("/") else default

    def assessment_pk(self) -> int | None:
        return int_param(self.value("assessment"))


def typed(form: forms.Form) -> dict[str, str]:
    """What the user typed, shown again next to the error (the CSRF token left out)."""
    return {k: str(v) for k, v in form.data.items() if k != "csrfmiddlewaretoken"}


def first_error(form: forms.Form) -> str:
    """One line naming what is wrong with a form (fields are few and labelled)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return ""
