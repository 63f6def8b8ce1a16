"""Append to the audit trail (called inside the services that change things)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.web.audit.models import AuditEvent

if TYPE_CHECKING:
    # The user model's base, not accounts.User: the audit trail sits below the accounts app.
    from django.contrib.auth.base_user import AbstractBaseUser as User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: object,
    object_type: str,
    field: str = "",
    before: str = "",
    after: str = "",
) -> AuditEvent:
    """Append one event to the audit trail."""
    return AuditEvent.objects.create(  # type: ignore[misc]  # the stubs' model typing is narrower than what the code passes (see the line)
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        object_type=object_type,
        object_id=str(getattr(obj, "pk", "")),
        object_repr=str(obj)[:255],
        field=field,
        before=before,
        after=after,
    )
