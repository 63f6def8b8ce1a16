"""Who may see and run a province's surveys.

The secretariat of the province (Sở Nội vụ, whose unit is the province or lies directly
under it) and administrators manage; the province's viewers, and its own focal points and unit
heads, read every result; a department's focal point or unit head reads the results of the
survey units linked to its department. Anyone else gets 404: a survey's existence is not
disclosed. The public form is the only page without login.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from parindex.web.accounts.models import Role
from parindex.web.accounts.permissions import is_administrator, memberships
from parindex.web.surveys.models import Survey

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser

READERS = (Role.VIEWER, Role.FOCAL_POINT, Role.UNIT_HEAD)


def _active(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def managed_provinces(user: AnyUser) -> set[int]:
    """The provinces whose surveys the user runs (as the PAR secretariat)."""
    out: set[int] = set()
    for m in memberships(user):
        if m.role == Role.SECRETARIAT:
            out.add(m.unit_id)
            if m.unit.parent_id:
                out.add(m.unit.parent_id)
    return out


def _reader_units(user: AnyUser) -> set[int]:
    return {m.unit_id for m in memberships(user) if m.role in READERS}


def surveys_visible_to(user: AnyUser) -> QuerySet[Survey]:
    """Every survey the user may open."""
    if not _active(user):
        return Survey.objects.none()
    if is_administrator(user):
        return Survey.objects.all()
    units = _reader_units(user)
    scope = Q(province_id__in=managed_provinces(user) | units) | Q(quotas__org_unit_id__in=units)
    return Survey.objects.filter(scope).distinct()


def sees_surveys(user: AnyUser) -> bool:
    """Whether the header shows the survey link (from memberships already loaded)."""
    if not _active(user):
        return False
    return is_administrator(user) or any(
        m.role in (Role.SECRETARIAT, *READERS) for m in memberships(user)
    )


def survey_for(user: AnyUser, pk: int) -> Survey:
    """The survey ``pk`` if the user may see it, else 404."""
    survey = surveys_visible_to(user).select_related("province").filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey


def can_manage(user: AnyUser, survey: Survey) -> bool:
    return is_administrator(user) or survey.province_id in managed_provinces(user)


def can_create(user: AnyUser) -> bool:
    return is_administrator(user) or bool(managed_provinces(user))


def result_units(user: AnyUser, survey: Survey) -> set[str] | None:
    """The unit codes whose results the user reads: None for all of them."""
    if can_manage(user, survey):
        return None
    if any(m.role in READERS and m.unit_id == survey.province_id for m in memberships(user)):
        return None
    units = _reader_units(user)
    return set(survey.quotas.filter(org_unit_id__in=units).values_list("unit_code", flat=True))
