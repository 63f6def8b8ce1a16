"""Who sees which dashboard of which province.

- *full*: an administrator; the PAR secretariat of the province (its unit is the province or
  one of its agencies, e.g. Sở Nội vụ); the province's own leadership (viewer), focal point
  and unit head. They see the province dashboard, the national picture and the internal
  index; only the secretariat and administrators see final results not yet published.
- *own*: a focal point, unit head or viewer of a unit below the province (a department, a
  commune). Only the internal index, only published campaigns their unit was ranked in, and
  only their unit's own line: its rank and class, its row of the heat map, its own weakest
  criteria. The province and national pages answer 404.
- anyone else: 404 (the province's dashboards are not disclosed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from parindex.web.accounts.models import Role
from parindex.web.accounts.permissions import is_administrator, memberships
from parindex.web.organisations.models import Unit
from parindex.web.organisations.selectors import province_of

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser

OWN_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD, Role.VIEWER)


@dataclass(frozen=True)
class Access:
    full: bool
    unpublished: bool  # may see final results before publication
    own_units: frozenset[int] | None = None  # None: every unit; else only these


def user_province(user: AnyUser) -> Unit | None:
    """The province whose dashboards the user opens first."""
    for m in memberships(user):
        found = province_of(m.unit)
        if found is not None:
            return found
    if user.is_authenticated:
        return province_of(getattr(user, "unit", None))
    return None


def dashboard_access(user: AnyUser, province: Unit) -> Access | None:
    """What ``user`` may see of ``province``'s dashboards; None: nothing (404)."""
    if not (user.is_authenticated and user.is_active):
        return None
    if is_administrator(user):
        return Access(full=True, unpublished=True)
    full = unpublished = False
    own: set[int] = set()
    for m in memberships(user):
        if m.role == Role.SECRETARIAT and province.pk in (m.unit_id, m.unit.parent_id):
            full = unpublished = True
        elif m.role in OWN_ROLES and m.unit_id == province.pk:
            full = True
        elif m.role in OWN_ROLES and province_of(m.unit) == province:
            own.add(m.unit_id)
    if full:
        return Access(full=True, unpublished=unpublished)
    if own:
        return Access(full=False, unpublished=False, own_units=frozenset(own))
    return None


def can_import_national(user: AnyUser) -> bool:
    """National results are imported by the secretariat or an administrator."""
    return is_administrator(user) or any(m.role == Role.SECRETARIAT for m in memberships(user))
