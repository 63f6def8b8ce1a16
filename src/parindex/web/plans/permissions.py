"""Who may see and do what with a province's improvement plans.

The PAR secretariat of the province (and an administrator) drafts, edits, approves and issues
its plans and sees them all; a viewer (leadership) of the province reads them all; anyone
else with a role in the province (agencies' focal points) sees its issued plans, and a focal
point reports only on the items its agency leads. Another province's plan answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from parindex.web.accounts.models import Role
from parindex.web.accounts.permissions import is_administrator, memberships
from parindex.web.organisations.selectors import province_of
from parindex.web.plans.models import Plan, PlanStatus

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser
    from parindex.web.organisations.models import Unit


def _provinces(user: AnyUser, roles: set[str] | None = None) -> set[int]:
    return {
        p.pk
        for m in memberships(user)
        if roles is None or m.role in roles
        for p in [province_of(m.unit)]
        if p is not None
    }


def plans_visible_to(user: AnyUser) -> QuerySet[Plan]:
    """The plans a user may read."""
    if not (user.is_authenticated and user.is_active):
        return Plan.objects.none()
    if is_administrator(user):
        return Plan.objects.all()
    full = _provinces(user, {Role.SECRETARIAT, Role.VIEWER})
    issued = _provinces(user)
    return Plan.objects.filter(unit_id__in=full) | Plan.objects.filter(
        unit_id__in=issued, status=PlanStatus.ISSUED
    )


def sees_plans(user: AnyUser) -> bool:
    """Whether the plans link belongs in the header (from the memberships already loaded)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_administrator(user) or bool(_provinces(user))


def plan_for(user: AnyUser, pk: int) -> Plan:
    """The plan ``pk`` if the user may read it, else 404."""
    plan = plans_visible_to(user).select_related("unit", "assessment__campaign").filter(pk=pk)
    found = plan.first()
    if found is None:
        raise Http404
    return found


def can_manage_province(user: AnyUser, province: Unit) -> bool:
    """Draft, edit, approve, issue plans and set deadlines: the secretariat or an admin."""
    return is_administrator(user) or province.pk in _provinces(user, {Role.SECRETARIAT})


def can_manage(user: AnyUser, plan: Plan) -> bool:
    return can_manage_province(user, plan.unit)


def reporting_agencies(user: AnyUser, plan: Plan) -> list[Unit]:
    """The agencies of the plan's province for which the user is a focal point."""
    return [
        m.unit
        for m in memberships(user)
        if m.role == Role.FOCAL_POINT
        and (p := province_of(m.unit)) is not None
        and p.pk == plan.unit_id
    ]


def is_viewer(user: AnyUser, plan: Plan) -> bool:
    """A viewer (leadership) of the plan's province: reads every plan and period."""
    return plan.unit_id in _provinces(user, {Role.VIEWER})
