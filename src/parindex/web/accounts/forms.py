"""The one-time code typed after the password (two-factor) or to confirm a new device."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.web.accounts import twofactor
from parindex.web.site.forms import PostedForm

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from parindex.web.accounts.models import User


class NextForm(PostedForm):
    """Where the page returns after the code, as the page posted it."""

    next = forms.CharField(required=False, strip=False)

    def value(self) -> str:
        return self.cleaned_data["next"] if self.is_valid() else ""


class TokenForm(PostedForm):
    token = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())

    def reject(self) -> None:
        """Mark the typed code as wrong (or expired)."""
        self.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))

    def confirms(self, *, user: User, device: TOTPDevice) -> bool:
        """Whether the typed code confirms ``user``'s new device; if not, the code is marked."""
        if not self.is_valid():
            return False
        if twofactor.otp_device_confirm(user=user, device=device, token=self.cleaned_data["token"]):
            return True
        self.reject()
        return False
