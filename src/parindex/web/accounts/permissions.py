"""Generic role helpers: a user's memberships, administrator and role checks.

What each role may see and do in an app lives with that app (assessments, evidence, plans,
dossiers, surveys, dashboards: each has its ``permissions`` module built on these).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.web.accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parindex.web.accounts.models import User

    AnyUser = User | AnonymousUser


def memberships(user: AnyUser) -> list[Membership]:
    """The user's roles (loaded once per request and kept on the user object).

    Units come with two levels of parents: enough to find the province of a commune without
    another query (the header's dossier link, ``dossiers.permissions``).
    """
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_parindex_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit__parent__parent"))
        user._parindex_memberships = cached  # type: ignore[attr-defined]  # a per-request memo kept on the user object
    return cached


def is_administrator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active) and (
        user.is_superuser or any(m.role == Role.ADMINISTRATOR for m in memberships(user))
    )


def has_role(user: AnyUser, role: Role) -> bool:
    return any(m.role == role for m in memberships(user))
