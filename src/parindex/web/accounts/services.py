"""Writes for accounts: login failures and lockout, users with roles."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from parindex.web.accounts.models import LoginFailure, Membership, Role, User
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.PARINDEX_LOCKOUT_MINUTES)


def lockout_until(*, username: str, ip_address: str | None) -> datetime.datetime | None:
    """When the lockout of this username or address ends, or None if not locked out."""
    since = timezone.now() - _window()
    limit = settings.PARINDEX_LOCKOUT_ATTEMPTS
    ip_limit = getattr(settings, "PARINDEX_LOCKOUT_IP_ATTEMPTS", limit * 4)
    recent = LoginFailure.objects.filter(at__gte=since)
    candidates: list[datetime.datetime] = []
    by_user = list(
        recent.filter(username__iexact=username)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if username and len(by_user) >= limit:
        candidates.append(by_user[-1] + _window())
    if ip_address:
        by_ip = list(
            recent.filter(ip_address=ip_address)
            .order_by("-at")
            .values_list("at", flat=True)[:ip_limit]
        )
        if len(by_ip) >= ip_limit:
            candidates.append(by_ip[-1] + _window())
    return max(candidates) if candidates else None


@transaction.atomic
def login_failure_record(*, username: str, ip_address: str | None) -> None:
    """Record a failed login and forget failures older than the lockout window."""
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address)
    LoginFailure.objects.filter(at__lt=timezone.now() - _window()).delete()


@transaction.atomic
def login_failures_clear(*, username: str) -> None:
    """A successful login forgives the username's earlier failures."""
    LoginFailure.objects.filter(username__iexact=username).delete()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    unit: Unit | None,
    roles: Sequence[tuple[Role, Unit]] = (),
    full_name: str = "",
    email: str = "",
    actor: User | None = None,
) -> User:
    """Create a user in a unit with roles, each role for a unit."""
    first, _, last = full_name.rpartition(" ")
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        unit=unit,
        first_name=first,
        last_name=last or full_name,
    )
    for role, role_unit in roles:
        Membership.objects.create(user=user, unit=role_unit, role=role)
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        object_type="user",
        after=", ".join(f"{role}@{role_unit.code}" for role, role_unit in roles),
    )
    return user
