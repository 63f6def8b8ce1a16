"""Writes for accounts: users with roles, and the audit of what happens to accounts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from parindex.web.accounts.models import Membership, Role, User
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit


def _role(membership: Membership) -> str:
    return f"{membership.role}@{membership.unit.code}"


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


@transaction.atomic
def user_delete(*, user: User, actor: User | None) -> None:
    """Delete a user, recording who did it; its audit events keep the actor's name."""
    roles = ", ".join(_role(m) for m in user.memberships.select_related("unit"))
    audit_record(
        actor=actor,
        action="user.delete",
        obj=user,
        object_type="user",
        before=f"{user.get_username()}: {roles}" if roles else user.get_username(),
    )
    user.delete()


@transaction.atomic
def user_changes_record(
    *,
    user: User,
    actor: User | None,
    changes: Iterable[tuple[str, str, str]],
    action: str = "user.change",
) -> None:
    """Record changes of a user's powers (``(field, before, after)``: staff, groups, …)."""
    for field, before, after in changes:
        audit_record(
            actor=actor,
            action=action,
            obj=user,
            object_type="user",
            field=field,
            before=before,
            after=after,
        )


@transaction.atomic
def memberships_record(
    *,
    user: User,
    actor: User | None,
    added: Iterable[Membership] = (),
    changed: Iterable[tuple[Membership, str]] = (),
    removed: Iterable[Membership] = (),
) -> None:
    """Record roles given, changed (with the role before) and taken away."""
    for membership in added:
        audit_record(
            actor=actor, action="role.add", obj=user, object_type="user", after=_role(membership)
        )
    for membership, before in changed:
        audit_record(
            actor=actor,
            action="role.change",
            obj=user,
            object_type="user",
            before=before,
            after=_role(membership),
        )
    for membership in removed:
        audit_record(
            actor=actor,
            action="role.remove",
            obj=user,
            object_type="user",
            before=_role(membership),
        )


def user_password_change_record(*, user: User, actor: object, how: str) -> None:
    """Record a password changed (``how``: change, reset, admin); its API tokens are revoked
    by the ``password_changed`` signal the save sent."""
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        action=f"user.password_{how}",
        obj=user,
        object_type="user",
    )
