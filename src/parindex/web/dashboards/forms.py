from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.web.site.forms import PostedForm

MAX_BYTES = 5 * 1024 * 1024


class NationalImportForm(PostedForm):
    file = forms.FileField(
        label=_("Tệp kết quả (Excel .xlsx hoặc CSV)"),
        help_text=_(
            "Các cột: Tỉnh/thành phố (hoặc Mã), Năm, Điểm thẩm định, Điểm điều tra XHH, "
            "Tổng điểm, Xếp hạng. Một tệp cho các năm trước 2025 hoặc từ 2025."
        ),
    )
    year = forms.IntegerField(
        label=_("Năm (khi tệp không có cột Năm)"), required=False, min_value=1990, max_value=2100
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."))
        return upload


class ConfirmForm(PostedForm):
    """The preview's "import" button: its value is the SHA-256 of the file previewed."""

    confirm = forms.CharField(required=False, strip=False)

    @property
    def requested(self) -> bool:
        return bool(self.data.get("confirm"))

    def confirms(self, held: dict[str, Any] | None) -> bool:
        """Whether ``held`` (the preview kept in the session) is the file the user confirmed."""
        return bool(held) and self.is_valid() and held.get("sha256") == self.cleaned_data["confirm"]  # type: ignore[union-attr]  # checked just before (bool(held) / the signal's answers are lists)
