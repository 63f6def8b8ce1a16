"""The login form refuses a locked-out username or address before checking the password."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from parindex.web.accounts.services import (
    lockout_until,
    login_failure_record,
    login_failures_clear,
)


def client_ip(request: object) -> str | None:
    # REMOTE_ADDR only: behind a proxy, the proxy sets it (docs/deploy.md); X-Forwarded-For
    # is client-controlled and would let an attacker dodge the per-address count.
    meta = getattr(request, "META", {})
    return meta.get("REMOTE_ADDR") or None


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked_out": _(
            "Tài khoản tạm thời bị khóa do đăng nhập sai quá nhiều lần. "
            "Vui lòng thử lại sau %(time)s (sau %(minutes)s phút)."
        ),
    }

    def clean(self) -> dict[str, object]:
        username = (self.cleaned_data.get("username") or "").strip()
        ip_address = client_ip(self.request)
        self._raise_if_locked(username, ip_address)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(username=username, ip_address=ip_address)
            self._raise_if_locked(username, ip_address)
            raise
        login_failures_clear(username=username)
        return cleaned

    def _raise_if_locked(self, username: str, ip_address: str | None) -> None:
        until = lockout_until(username=username, ip_address=ip_address)
        if until is None:
            return
        minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
        raise forms.ValidationError(
            self.error_messages["locked_out"],
            code="locked_out",
            params={"time": time_format(timezone.localtime(until), "H:i"), "minutes": minutes},
        )
