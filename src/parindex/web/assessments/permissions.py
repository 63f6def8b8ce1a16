"""Who may see and do what in assessments and campaigns: plain functions the services call.

Rules (issue 3): an administrator sees everything; the secretariat (Sở Nội vụ) sees every
assessment of the campaigns its province organises; a focal point, a unit head and a viewer
see their own unit's assessments (a viewer at the organising unit sees its campaigns too); an
appraiser sees only the assessments assigned to it. A contributing agency (a unit that
prepares some areas of another unit's assessment) sees that assessment, but only its areas.
Only a focal point of the assessed unit (or an administrator) edits inputs, a contributing
agency's focal point its areas, and only while the assessment is open for editing.

The explanation round (status "returned") unlocks only the items the council returned: their
inputs (through the explanation), evidence and explanation change; every other item stays as
it was submitted (``open_items``, ``can_change_item``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from parindex.web.accounts.models import Role, User
from parindex.web.accounts.permissions import has_role, is_administrator, memberships
from parindex.web.assessments.models import (
    AreaAppraiser,
    Assessment,
    AssessmentAppraiser,
    AssessmentStatus,
    Contribution,
    Decision,
    ItemAppraisal,
)

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser
    from parindex.web.assessments.models import Campaign
    from parindex.web.organisations.models import Unit


PREPARERS = (Role.FOCAL_POINT, Role.UNIT_HEAD)


def _whole_scope(user: AnyUser) -> Q:
    """Assessments the user sees whole (every area)."""
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
            assigned = AssessmentAppraiser.objects.filter(user_id=user.pk).values("assessment_id")  # type: ignore[misc]  # a signed-in user has a pk
            scope |= Q(pk__in=assigned)
            by_area = AreaAppraiser.objects.filter(user_id=user.pk).values("campaign_id")  # type: ignore[misc]  # a signed-in user has a pk
            scope |= Q(campaign_id__in=by_area)
    return scope


def _sees_whole(user: AnyUser, assessment: Assessment) -> bool:
    """``_whole_scope`` for one assessment, from the memberships alone (appraisers aside)."""
    organiser = assessment.campaign.organiser_id
    for m in memberships(user):
        own_unit = m.unit_id == assessment.unit_id
        if m.role in (Role.FOCAL_POINT, Role.UNIT_HEAD, Role.VIEWER) and own_unit:
            return True
        if m.role == Role.VIEWER and m.unit_id == organiser:
            return True
        if m.role == Role.SECRETARIAT and organiser in (m.unit_id, m.unit.parent_id):
            return True
    return False


def _contributing_units(user: AnyUser) -> list[int]:
    return [m.unit_id for m in memberships(user) if m.role in PREPARERS]


def assessments_visible_to(user: AnyUser) -> QuerySet[Assessment]:
    """Every assessment the user may see (unit-scoped), whole or in part."""
    if not (user.is_authenticated and user.is_active):
        return Assessment.objects.none()
    if is_administrator(user):
        return Assessment.objects.all()
    scope = _whole_scope(user)
    units = _contributing_units(user)
    if units:  # a contributing agency sees the assessments it prepares a part of
        parts = Contribution.objects.filter(unit_id__in=units).values("assessment_id")
        scope |= Q(pk__in=parts)
    return Assessment.objects.filter(scope)


def can_view_assessment(user: AnyUser, assessment: Assessment) -> bool:
    return assessments_visible_to(user).filter(pk=assessment.pk).exists()


def visible_parts(user: AnyUser, assessment: Assessment) -> frozenset[str] | None:
    """The node codes a user sees: None for the whole assessment, else its agency's areas.

    A contributing agency sees only the areas or criteria assigned to its unit (empty: none,
    the assessment is not visible at all).
    """
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if is_administrator(user) or _sees_whole(user, assessment):
        return None
    whole = Assessment.objects.filter(_whole_scope(user), pk=assessment.pk)
    if has_role(user, Role.APPRAISER) and whole.exists():  # assigned by unit or by area
        return None
    units = _contributing_units(user)
    if not units:
        return frozenset()
    return frozenset(
        Contribution.objects.filter(assessment=assessment, unit_id__in=units).values_list(
            "node_code", flat=True
        )
    )


def under(code: str, prefixes: Iterable[str]) -> bool:
    """Whether node ``code`` is one of ``prefixes`` or lies below one of them."""
    return any(code == p or code.startswith(p + ".") for p in prefixes)


def overlaps(code: str, parts: Iterable[str]) -> bool:
    """Whether node ``code`` is in ``parts``, below one, or contains one (its area)."""
    return under(code, parts) or any(p.startswith(code + ".") for p in parts)


def in_parts(code: str, parts: frozenset[str] | None) -> bool:
    """Whether node ``code`` is in ``parts`` (None: everything)."""
    return parts is None or under(code, parts)


def is_unit_focal_point(user: AnyUser, assessment: Assessment) -> bool:
    """The assessed unit's own focal point (or an administrator): the whole assessment."""
    return is_administrator(user) or any(
        m.role == Role.FOCAL_POINT and m.unit_id == assessment.unit_id for m in memberships(user)
    )


def is_unit_head(user: AnyUser, assessment: Assessment) -> bool:
    return is_administrator(user) or any(
        m.role == Role.UNIT_HEAD and m.unit_id == assessment.unit_id for m in memberships(user)
    )


def is_campaign_secretariat(user: AnyUser, campaign: Campaign) -> bool:
    """The PAR secretariat of the organising province (or an administrator)."""
    if is_administrator(user):
        return True
    return any(
        m.role == Role.SECRETARIAT and campaign.organiser_id in (m.unit_id, m.unit.parent_id)
        for m in memberships(user)
    )


def is_council(user: AnyUser, assessment: Assessment) -> bool:
    """The secretariat or a member of the appraisal council (reads the appraisal pages)."""
    return is_campaign_secretariat(user, assessment.campaign) or has_role(user, Role.APPRAISER)


def editable_parts(user: AnyUser, assessment: Assessment) -> frozenset[str] | None:
    """The node codes a user prepares: None for the whole assessment, else its areas/criteria.

    The unit's focal point prepares everything; a focal point of a contributing agency only
    the areas or criteria assigned to its unit (empty: nothing).
    """
    if is_unit_focal_point(user, assessment):
        return None
    units = [m.unit_id for m in memberships(user) if m.role == Role.FOCAL_POINT]
    if not units:
        return frozenset()
    return frozenset(
        Contribution.objects.filter(assessment=assessment, unit_id__in=units).values_list(
            "node_code", flat=True
        )
    )


def can_edit_node(user: AnyUser, assessment: Assessment, code: str) -> bool:
    """Prepare one sub-criterion: the unit's focal point, or the agency it is assigned to."""
    return in_parts(code, editable_parts(user, assessment))


def can_edit_assessment(user: AnyUser, assessment: Assessment) -> bool:
    """Enter or change self-assessment inputs (some of them), while the assessment is open."""
    if not assessment.is_editable:
        return False
    parts = editable_parts(user, assessment)
    return parts is None or bool(parts)


def returned_codes(assessment: Assessment) -> frozenset[str]:
    """The sub-criteria the council returned to the unit for explanation."""
    return frozenset(
        ItemAppraisal.objects.filter(assessment=assessment, decision=Decision.RETURN).values_list(
            "node_code", flat=True
        )
    )


def open_items(assessment: Assessment) -> frozenset[str] | None:
    """The items whose inputs, evidence and explanation may change in the assessment's status.

    None: every item (the unit prepares its draft); in the explanation round only the items
    returned to it; otherwise none (submitted, under appraisal, final, published).
    """
    if assessment.status == AssessmentStatus.DRAFT:
        return None
    if assessment.status == AssessmentStatus.RETURNED:
        return returned_codes(assessment)
    return frozenset()


def item_open(assessment: Assessment, code: str) -> bool:
    """Whether sub-criterion ``code`` may change now (see ``open_items``)."""
    return in_parts(code, open_items(assessment))


def can_change_item(user: AnyUser, assessment: Assessment, code: str) -> bool:
    """Change one item's evidence or explanation: its preparer, while the item is open."""
    return can_edit_node(user, assessment, code) and item_open(assessment, code)


def can_feed_inputs(user: AnyUser, assessment: Assessment) -> bool:
    """Fill inputs from a data source (dossier log, survey): the secretariat or the focal point."""
    return is_campaign_secretariat(user, assessment.campaign) or is_unit_focal_point(
        user, assessment
    )


def appraisable_parts(user: AnyUser, assessment: Assessment) -> frozenset[str] | None:
    """What a user appraises: None for everything (assigned by unit), else assigned areas."""
    if is_administrator(user):
        return None
    if not has_role(user, Role.APPRAISER):
        return frozenset()
    if AssessmentAppraiser.objects.filter(assessment=assessment, user_id=user.pk).exists():  # type: ignore[misc]  # a signed-in user has a pk
        return None
    return frozenset(
        AreaAppraiser.objects.filter(  # type: ignore[misc]  # a signed-in user has a pk
            campaign_id=assessment.campaign_id, user_id=user.pk
        ).values_list("node_code", flat=True)
    )


def assigned_appraisers(assessment: Assessment) -> list[User]:
    """The active council members assigned to ``assessment``, by unit or by area."""
    by_unit = AssessmentAppraiser.objects.filter(assessment=assessment).values("user_id")
    by_area = AreaAppraiser.objects.filter(campaign_id=assessment.campaign_id).values("user_id")
    return list(
        User.objects.filter(Q(pk__in=by_unit) | Q(pk__in=by_area), is_active=True).order_by("pk")
    )


def can_appraise_node(user: AnyUser, assessment: Assessment, code: str) -> bool:
    return in_parts(code, appraisable_parts(user, assessment))


def can_appeal(user: AnyUser, assessment: Assessment) -> bool:
    """The assessed unit's focal point or head files appeals (kiến nghị) for the unit."""
    return is_unit_focal_point(user, assessment) or is_unit_head(user, assessment)


def can_view_ranking(user: AnyUser, campaign: Campaign) -> bool:
    """The secretariat always; after publication, anyone of the province or a ranked unit."""
    if is_campaign_secretariat(user, campaign):
        return True
    if campaign.published_at is None or not (user.is_authenticated and user.is_active):
        return False
    units = {m.unit_id for m in memberships(user)}
    if campaign.organiser_id in units:
        return True
    return campaign.assessments.filter(unit_id__in=units).exists()


def can_create_campaign(user: AnyUser) -> bool:
    return is_administrator(user) or has_role(user, Role.SECRETARIAT)


def organised_unit_ids(user: AnyUser) -> set[int] | None:
    """Units whose campaigns the user may organise (its secretariat's province); None: any."""
    if is_administrator(user):
        return None
    return {m.unit.parent_id or m.unit_id for m in memberships(user) if m.role == Role.SECRETARIAT}


def can_organise(user: AnyUser, organiser: Unit) -> bool:
    """Whether the user may open and manage campaigns organised by ``organiser``."""
    allowed = organised_unit_ids(user)
    return allowed is None or organiser.pk in allowed
