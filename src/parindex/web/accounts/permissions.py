"""Who may see and do what: plain functions every view calls, and unit-scoped querysets.

Rules (issue 3): an administrator sees everything; the secretariat (Sở Nội vụ) sees every
assessment of the campaigns its province organises; a focal point, a unit head and a viewer
see their own unit's assessments (a viewer at the organising unit sees its campaigns too); an
appraiser sees only the assessments assigned to it. Only a focal point of the assessed unit
(or an administrator) edits inputs, and only while the assessment is open for editing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from parindex.web.accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parindex.web.accounts.models import User
    from parindex.web.assessments.models import Assessment

    AnyUser = User | AnonymousUser


def memberships(user: AnyUser) -> list[Membership]:
    """The user's roles (loaded once per request and kept on the user object)."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_parindex_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit"))
        user._parindex_memberships = cached  # type: ignore[union-attr]
    return cached


def is_administrator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active) and (
        user.is_superuser or any(m.role == Role.ADMINISTRATOR for m in memberships(user))
    )


def has_role(user: AnyUser, role: Role) -> bool:
    return any(m.role == role for m in memberships(user))


def assessments_visible_to(user: AnyUser) -> QuerySet[Assessment]:
    """Every assessment the user may see (unit-scoped)."""
    from parindex.web.assessments.models import Assessment, AssessmentAppraiser

    if not (user.is_authenticated and user.is_active):
        return Assessment.objects.none()
    if is_administrator(user):
        return Assessment.objects.all()
    scope = Q(pk__in=[])
    for m in memberships(user):
        if m.role in (Role.FOCAL_POINT, Role.UNIT_HEAD, Role.VIEWER):
            scope |= Q(unit_id=m.unit_id)
        if m.role == Role.VIEWER:
            scope |= Q(campaign__organiser_id=m.unit_id)
        if m.role == Role.SECRETARIAT:
            organisers = [m.unit_id] + ([m.unit.parent_id] if m.unit.parent_id else [])
            scope |= Q(campaign__organiser_id__in=organisers)
        if m.role == Role.APPRAISER:
            assigned = AssessmentAppraiser.objects.filter(user_id=user.pk).values("assessment_id")
            scope |= Q(pk__in=assigned)
    return Assessment.objects.filter(scope)


def can_view_assessment(user: AnyUser, assessment: Assessment) -> bool:
    return assessments_visible_to(user).filter(pk=assessment.pk).exists()


def can_edit_assessment(user: AnyUser, assessment: Assessment) -> bool:
    """Enter or change self-assessment inputs: the unit's focal point, while it is open."""
    if not assessment.is_editable:
        return False
    if is_administrator(user):
        return True
    return any(
        m.role == Role.FOCAL_POINT and m.unit_id == assessment.unit_id for m in memberships(user)
    )


def can_create_campaign(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, Role.SECRETARIAT)
