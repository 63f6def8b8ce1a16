"""Forms of the dossier pages: upload, column mapping, filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parindex.presentation.numbers import fmt_number
from parindex.web.dossiers import conf, raw
from parindex.web.dossiers.results import LEVELS
from parindex.web.site.forms import PostedForm
from parindex.web.site.language import lang
from parindex.web.site.params import int_param

# The normalised log's columns (docs/indicators.md) with their Vietnamese labels.
FIELDS: dict[str, Any] = {
    "dossier_id": _("Mã hồ sơ"),
    "procedure_code": _("Mã thủ tục"),
    "procedure_name": _("Tên thủ tục"),
    "field": _("Lĩnh vực"),
    "agency_code": _("Mã cơ quan"),
    "agency_name": _("Cơ quan tiếp nhận"),
    "level": _("Cấp"),
    "channel": _("Hình thức nộp"),
    "returned_by_bcci": _("Trả kết quả qua BCCI"),
    "apology_sent": _("Đã xin lỗi"),
    "received_date": _("Ngày tiếp nhận"),
    "due_date": _("Hạn xử lý"),
    "resolved_date": _("Ngày có kết quả"),
    "returned_date": _("Ngày trả kết quả"),
    "status": _("Trạng thái"),
}
LEVEL_LABELS = {"province": _("Cấp tỉnh"), "district": _("Cấp huyện"), "commune": _("Cấp xã")}
#: how a dossier was filed, and where it stands (indicators/schema.py CHANNELS, STATUSES)
CHANNEL_LABELS = {
    "direct": _("Trực tiếp"),
    "online": _("Trực tuyến"),
    "bcci": _("Bưu chính công ích"),
}
STATUS_LABELS = {
    "received": _("Đã tiếp nhận"),
    "in_progress": _("Đang giải quyết"),
    "supplement_requested": _("Yêu cầu bổ sung"),
    "suspended": _("Tạm dừng"),
    "resolved": _("Đã có kết quả"),
    "returned": _("Đã trả kết quả"),
    "rejected": _("Từ chối"),
    "cancelled": _("Đã hủy"),
    "withdrawn": _("Đã rút"),
}
VALUE_LABELS = {"level": LEVEL_LABELS, "channel": CHANNEL_LABELS, "status": STATUS_LABELS}


def too_large_message() -> str:
    """The refusal of a file over the maximum upload size (``conf.max_upload_bytes``)."""
    mb = conf.max_upload_bytes() // (1024 * 1024)
    return _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": fmt_number(mb, lang())}


class UploadForm(PostedForm):
    """The uploaded export; ``refused``: the streaming handler dropped it for its size."""

    file = forms.FileField(label=_("Tệp nhật ký hồ sơ (CSV, XLSX, Parquet)"))

    def __init__(self, *args: Any, refused: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > conf.max_upload_bytes():
            raise forms.ValidationError(too_large_message())
        if not f.name.lower().endswith((".csv", ".xlsx", ".parquet")):
            raise forms.ValidationError(_("Chỉ nhận tệp CSV, XLSX hoặc Parquet."))
        return f

    def clean(self) -> dict[str, Any]:
        if self.refused:  # the file was dropped while it arrived, not left out by the user
            self.errors.pop("file", None)
            self.add_error("file", too_large_message())
        return self.cleaned_data


class MappingForm(PostedForm):
    """Each field of the log → a column of the file (blank: recognised automatically)."""

    header_row = forms.IntegerField(
        label=_("Dòng tiêu đề"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Để trống để tự nhận diện."),
    )
    default_level = forms.ChoiceField(
        label=_("Cấp (nếu tệp không có cột Cấp)"),
        required=False,
        choices=[("", "—"), *LEVEL_LABELS.items()],
    )
    max_bad_rows = forms.IntegerField(
        label=_("Số dòng lỗi chấp nhận (bỏ qua)"), min_value=0, initial=0, required=False
    )
    save_as = forms.CharField(label=_("Lưu ánh xạ với tên"), max_length=100, required=False)

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(tự nhận diện)")), *((h, h) for h in headers)]
        for name, label in FIELDS.items():
            # the choices are the file's own column headings: its data, in its language
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"translate": "no"}),
            )

    @classmethod
    def for_file(cls, request: HttpRequest, path: Path) -> MappingForm:
        """The posted mapping, offering the file's headers read at the posted header row."""
        row = request.POST.get("header_row", "")
        return cls.posted(request, headers=raw.headers(path, int_param(row)))

    @property
    def starts_import(self) -> bool:
        """Whether the user pressed "import" (not only saved or previewed the mapping)."""
        return "import" in self.data

    @staticmethod
    def initial_from(mapping: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {"header_row": mapping.get("header_row")}
        for name, headers in (mapping.get("columns") or {}).items():
            if headers:
                initial[f"col_{name}"] = headers[0] if isinstance(headers, list) else headers
        initial["default_level"] = (mapping.get("defaults") or {}).get("level", "")
        return initial

    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"col_{name}") or "" for name in FIELDS}

    def header_fields(self):
        return [self[f"col_{name}"] for name in FIELDS]


class FilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    level = forms.ChoiceField(
        label=_("Cấp"), required=False, choices=[("", _("Tất cả")), *LEVEL_LABELS.items()]
    )
    agency = forms.ChoiceField(label=_("Cơ quan"), required=False)
    assessment = forms.TypedChoiceField(label=_("Phiếu đánh giá"), coerce=int, required=False)

    def __init__(
        self,
        *args: Any,
        years: list[int],
        agencies: list[tuple[str, str]],
        assessments: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]  # type: ignore[attr-defined]  # the field is a ChoiceField
        self.fields["agency"].choices = [("", _("Tất cả")), *agencies]  # type: ignore[attr-defined]  # the field is a ChoiceField
        self.fields["assessment"].choices = [("", "—"), *assessments]  # type: ignore[attr-defined]  # the field is a ChoiceField


class ApplyForm(PostedForm):
    """The versions of the inputs the user saw next to the computed ones (stale: refused)."""

    versions = forms.CharField(required=False, strip=False)

    def clean_versions(self) -> dict[str, dict[str, int]]:
        return parse_versions(self.cleaned_data["versions"])

    def seen_versions(self) -> dict[str, dict[str, int]]:
        return self.cleaned_data["versions"] if self.is_valid() else {}


def versions_field(versions: dict[str, dict[str, int]]) -> str:
    return json.dumps(versions, sort_keys=True)


def parse_versions(text: str) -> dict[str, dict[str, int]]:
    try:
        data = json.loads(text or "{}")
        return {str(n): {str(k): int(v) for k, v in d.items()} for n, d in data.items()}
    except (ValueError, AttributeError, TypeError):
        return {}


__all__ = ["FIELDS", "LEVELS", "ApplyForm", "FilterForm", "MappingForm", "UploadForm"]
