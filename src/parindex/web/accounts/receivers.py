"""The audit trail of logins, logouts and failed logins (Django's auth signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from parindex.web.accounts.middleware import session_started
from parindex.web.audit.services import audit_record
from parindex.web.site.network import client_address


def _address(request: Any) -> str:
    return (client_address(request) if request is not None else None) or ""


@receiver(user_logged_in, dispatch_uid="parindex-audit-login")
def _logged_in(sender: object, request: Any, user: Any, **kwargs: object) -> None:
    if request is not None:
        session_started(request=request)
    audit_record(
        actor=user, action="user.login", obj=user, object_type="user", after=_address(request)
    )


@receiver(user_logged_out, dispatch_uid="parindex-audit-logout")
def _logged_out(sender: object, request: Any, user: Any, **kwargs: object) -> None:
    if user is None:
        return  # nobody was logged in
    reason = getattr(request, "parindex_logout_reason", "")
    audit_record(
        actor=user,
        action="user.logout",
        obj=user,
        object_type="user",
        field=reason,
        after=_address(request),
    )


@receiver(user_login_failed, dispatch_uid="parindex-audit-login-failed")
def _login_failed(
    sender: object, credentials: dict[str, Any], request: Any = None, **kwargs: object
) -> None:
    username = str(credentials.get("username") or "")[:150]
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_record(
        actor=None,
        action="user.login_failed",
        obj=username,
        object_type="user",
        field="locked_out" if locked else "",
        after=_address(request),
    )
