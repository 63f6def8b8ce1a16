"""Who may use a province's dossier logs.

Everyone with a role in a province reads its results; its PAR secretariat (and an
administrator) uploads and imports. A value is applied to an assessment of the province by its
secretariat or the assessment's focal point while the assessment is editable. Another
province's pages answer 404: their existence is not disclosed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from parindex.web.accounts.models import Role
from parindex.web.accounts.permissions import is_administrator, memberships
from parindex.web.assessments.permissions import assessments_visible_to, can_feed_inputs
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.organisations.selectors import province_of

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from parindex.web.accounts.permissions import AnyUser
    from parindex.web.assessments.models import Assessment


def _provinces(user: AnyUser, roles: set[str] | None = None) -> set[int]:
    return {
        p.pk
        for m in memberships(user)
        if roles is None or m.role in roles
        for p in [province_of(m.unit)]
        if p is not None
    }


def provinces_visible_to(user: AnyUser) -> QuerySet[Unit]:
    """The provinces whose dossier results the user reads."""
    if is_administrator(user):
        return Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to__isnull=True)
    return Unit.objects.filter(pk__in=_provinces(user))


def sees_dossiers(user: AnyUser) -> bool:
    """Whether the dossier-log pages have anything for the user (the header's link).

    From the memberships already loaded for the request (units with two levels of parents), so
    the header adds no query on pages that checked a permission.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    return is_administrator(user) or bool(_provinces(user))


def province_for(user: AnyUser, pk: int) -> Unit:
    """The province ``pk`` if the user belongs to it, else 404."""
    if not (user.is_authenticated and user.is_active):
        raise Http404
    unit = Unit.objects.filter(pk=pk, kind=UnitKind.PROVINCE).first()
    if unit is None or not (is_administrator(user) or unit.pk in _provinces(user)):
        raise Http404
    return unit


def can_manage(user: AnyUser, province: Unit) -> bool:
    """Upload, map and import the province's logs: its secretariat or an administrator."""
    return is_administrator(user) or province.pk in _provinces(user, {Role.SECRETARIAT})


def assessments_of(user: AnyUser, province: Unit) -> list[Assessment]:
    """The assessments of units in the province that the user sees."""
    rows = assessments_visible_to(user).select_related(
        "campaign__framework_version", "unit__parent__parent"
    )
    return [a for a in rows if (p := province_of(a.unit)) is not None and p.pk == province.pk]


def can_apply(user: AnyUser, assessment: Assessment) -> bool:
    """Fill an assessment's inputs from the log: its secretariat or focal point, while open."""
    return assessment.is_editable and can_feed_inputs(user, assessment)
