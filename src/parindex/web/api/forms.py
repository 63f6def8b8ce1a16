from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên khóa"),
        max_length=100,
        help_text=_("Dùng để làm gì, ví dụ: “Đồng bộ với phần mềm một cửa”."),
    )
    days = forms.IntegerField(
        label=_("Hết hạn sau (ngày)"),
        min_value=1,
        max_value=3650,
        initial=365,
        required=False,
        help_text=_("Để trống: không hết hạn."),
    )
