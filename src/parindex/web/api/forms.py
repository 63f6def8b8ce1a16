from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.web.api.services import NAME_MAX
from parindex.web.site.forms import PostedForm
from parindex.web.site.text import TextError


class TokenCreateForm(PostedForm):
    name = forms.CharField(
        label=_("Tên khóa"),
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX}),  # the service checks the length
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

    @staticmethod
    def refusal(error: TextError) -> str:
        """The service's refusal of the name, worded."""
        return _("Tên khóa dài quá %(limit)s ký tự.") % error.params

    def expires_at(self) -> datetime.datetime | None:
        """When a token created now from this valid form expires (None: never)."""
        days = self.cleaned_data["days"]
        return timezone.now() + datetime.timedelta(days=days) if days else None


class TokenRevokeForm(PostedForm):
    """The "revoke" button of a token's row: its value is the token's id."""

    revoke = forms.IntegerField(required=False)

    @property
    def requested(self) -> bool:
        return "revoke" in self.data

    def token_pk(self) -> int:
        """The token to revoke (0, found by no one, when the value is not an id)."""
        return (self.cleaned_data["revoke"] or 0) if self.is_valid() else 0
