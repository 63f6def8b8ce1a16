"""The framework pages' forms: the uploaded file with the identity a criteria table lacks,
the plan defaults, and the assessment a table's self-scores go into."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.core.model import UNIT_KINDS
from parindex.io.criteria_table import TableIdentity
from parindex.io.framework_file import TABLE, layout_of
from parindex.web.assessments.models import Assessment
from parindex.web.frameworks.selectors import unit_kind_label
from parindex.web.frameworks.services import MAX_UPLOAD_BYTES
from parindex.web.site.forms import PostedForm

_CODE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
IDENTITY_FIELDS = ("code", "title", "version", "years", "unit_kind", "legal_basis")


class ImportForm(PostedForm):
    file = forms.FileField(
        label=_("Tệp bộ tiêu chí"),
        help_text=_(
            "Tệp YAML, sổ Excel của parindex, hoặc bảng tiêu chí theo mẫu của Bộ Nội vụ "
            "(Word .docx hoặc Excel .xlsx)."
        ),
    )
    code = forms.CharField(
        label=_("Mã bộ tiêu chí"),
        max_length=64,
        required=False,
        help_text=_("Chỉ cần cho bảng tiêu chí, ví dụ so-nganh-lao-cai."),
    )
    title = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=255, required=False)
    version = forms.CharField(
        label=_("Phiên bản"), max_length=32, required=False, help_text=_("Ví dụ 2025.1.")
    )
    years = forms.CharField(
        label=_("Năm áp dụng"), max_length=64, required=False, help_text=_("Ví dụ 2025, 2026.")
    )
    unit_kind = forms.ChoiceField(label=_("Loại đơn vị"), required=False)
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ QĐ 123/QĐ-UBND ngày 15/01/2025."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_kind"].choices = [("", "—")] + [  # type: ignore[attr-defined]  # a ModelChoiceField / ChoiceField: the stubs type it as Field
            (kind, unit_kind_label(kind)) for kind in UNIT_KINDS
        ]
        self.data_bytes = b""
        self.layout = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá 10 MB."))
        self.data_bytes = upload.read()
        return upload

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code and not _CODE.match(code):
            raise forms.ValidationError(_("Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch."))
        return code

    def clean_years(self) -> tuple[int, ...]:
        raw = self.cleaned_data["years"].strip()
        if not raw:
            return ()
        parts = [p for p in re.split(r"[,;\s]+", raw) if p]
        if not all(p.isdigit() and 2000 <= int(p) <= 2100 for p in parts):
            raise forms.ValidationError(
                _("Viết các năm cách nhau bằng dấu phẩy, ví dụ 2025, 2026.")
            )
        return tuple(int(p) for p in parts)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        try:
            self.layout = layout_of(self.data_bytes, upload.name)
        except Exception:  # the service reports the file kind with the other problems
            self.layout = ""
        if self.layout == TABLE:
            for name in IDENTITY_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Bảng tiêu chí không ghi mục này: hãy nhập."))
        return data

    def identity(self) -> TableIdentity | None:
        if self.layout != TABLE:
            return None
        data = self.cleaned_data
        return TableIdentity(
            code=data["code"],
            title=data["title"].strip(),
            version=data["version"].strip(),
            years=data["years"],
            unit_kind=data["unit_kind"],
            legal_basis=data["legal_basis"].strip(),
        )


class PlanDefaultsForm(PostedForm):
    text = forms.CharField(
        label=_("Mặc định của kế hoạch (YAML)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        max_length=200_000,
        strip=False,  # the text is stored as typed (YAML keeps its last newline)
    )


class SelfScoresForm(PostedForm):
    """Which uploaded table and which assessment of this version the self-scores go into."""

    upload = forms.IntegerField(widget=forms.HiddenInput)
    assessment = forms.ModelChoiceField(label=_("Phiếu đánh giá"), queryset=Assessment.objects)

    def __init__(self, *args, assessments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments  # type: ignore[attr-defined]  # a ModelChoiceField / ChoiceField: the stubs type it as Field
        self.fields["assessment"].label_from_instance = lambda a: f"{a.unit.name} · {a.campaign}"  # type: ignore[attr-defined]  # a ModelChoiceField / ChoiceField: the stubs type it as Field
