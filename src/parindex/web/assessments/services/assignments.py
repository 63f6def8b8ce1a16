"""Who does what in a campaign: contributing agencies per area, appraisers per assessment or
per area; withdrawing an assignment keeps what was already recorded."""

from __future__ import annotations

from django.db import transaction

from parindex.web.accounts.models import Role, User
from parindex.web.accounts.permissions import has_role
from parindex.web.assessments import permissions
from parindex.web.assessments.models import (
    AreaAppraiser,
    Assessment,
    AssessmentAppraiser,
    Campaign,
    Contribution,
)
from parindex.web.assessments.services.errors import (
    CampaignInvalidError,
    IncompleteError,
    NotAllowedError,
)
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit


@transaction.atomic
def contribution_assign(
    *, assessment: Assessment, node_code: str, unit: Unit, actor: User | None = None
) -> Contribution:
    """Assign an area or criterion of an assessment to a contributing agency."""
    if actor is not None and not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("assign")
    node = assessment.campaign.framework_version.framework().get(node_code)
    if node is None or node.is_leaf:
        raise IncompleteError([(node_code, "unknown")])
    existing = Contribution.objects.filter(assessment=assessment, node_code=node_code).first()
    before = existing.unit.name if existing is not None else ""
    contribution, _created = Contribution.objects.update_or_create(
        assessment=assessment, node_code=node_code, defaults={"unit": unit}
    )
    audit_record(
        actor=actor,
        action="assessment.contribution",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        before=before,
        after=unit.name,
    )
    return contribution


@transaction.atomic
def area_appraiser_assign(
    *, campaign: Campaign, node_code: str, appraiser: User, actor: User | None = None
) -> AreaAppraiser:
    """Assign an appraiser to an area (or criterion) in every assessment of a campaign."""
    if actor is not None:
        if not permissions.is_campaign_secretariat(actor, campaign):
            raise NotAllowedError("assign")
        if not has_role(appraiser, Role.APPRAISER):
            raise CampaignInvalidError([("appraiser", "not_appraiser")])
        node = campaign.framework_version.framework().get(node_code)
        if node is None or node.is_leaf:
            raise IncompleteError([(node_code, "unknown")])
    link, created = AreaAppraiser.objects.get_or_create(
        campaign=campaign, node_code=node_code, user=appraiser
    )
    if created:
        audit_record(
            actor=actor,
            action="campaign.assign_appraiser",
            obj=campaign,
            object_type="campaign",
            field=node_code,
            after=appraiser.get_username(),
        )
    return link


# Removing an assignment ends only future access: the scores, inputs, explanations and audit
# events the appraiser or agency already recorded stay, with their author, and keep counting.


@transaction.atomic
def assessment_appraiser_remove(*, assessment: Assessment, appraiser: User, actor: User) -> None:
    """Withdraw an appraiser from an assessment; what the appraiser already scored is kept."""
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("unassign")
    removed, _kinds = AssessmentAppraiser.objects.filter(
        assessment=assessment, user=appraiser
    ).delete()
    if not removed:
        raise CampaignInvalidError([("appraiser", "not_assigned")])
    audit_record(
        actor=actor,
        action="assessment.unassign_appraiser",
        obj=assessment,
        object_type="assessment",
        field="appraisers",
        before=appraiser.get_username(),
    )


@transaction.atomic
def area_appraiser_remove(
    *, campaign: Campaign, node_code: str, appraiser: User, actor: User
) -> None:
    """Withdraw an appraiser from an area of a campaign; what was scored is kept."""
    if not permissions.is_campaign_secretariat(actor, campaign):
        raise NotAllowedError("unassign")
    removed, _kinds = AreaAppraiser.objects.filter(
        campaign=campaign, node_code=node_code, user=appraiser
    ).delete()
    if not removed:
        raise CampaignInvalidError([("appraiser", "not_assigned")])
    audit_record(
        actor=actor,
        action="campaign.unassign_appraiser",
        obj=campaign,
        object_type="campaign",
        field=node_code,
        before=appraiser.get_username(),
    )


@transaction.atomic
def contribution_remove(*, assessment: Assessment, node_code: str, actor: User) -> None:
    """Withdraw an area or criterion from its contributing agency; its inputs are kept.

    The assessed unit's own focal point still prepares the part (as before the assignment).
    """
    if not permissions.is_campaign_secretariat(actor, assessment.campaign):
        raise NotAllowedError("unassign")
    existing = (
        Contribution.objects.select_for_update()
        .select_related("unit")
        .filter(assessment=assessment, node_code=node_code)
        .first()
    )
    if existing is None:
        raise CampaignInvalidError([("unit", "not_assigned")])
    existing.delete()
    audit_record(
        actor=actor,
        action="assessment.contribution_remove",
        obj=assessment,
        object_type="assessment",
        field=node_code,
        before=existing.unit.name,
    )


@transaction.atomic
def assessment_appraiser_assign(
    *, assessment: Assessment, appraiser: User, actor: User | None = None
) -> None:
    """Assign an appraiser (council member) to an assessment."""
    if actor is not None:
        if not permissions.is_campaign_secretariat(actor, assessment.campaign):
            raise NotAllowedError("assign")
        if not has_role(appraiser, Role.APPRAISER):
            raise CampaignInvalidError([("appraiser", "not_appraiser")])
    _link, created = AssessmentAppraiser.objects.get_or_create(
        assessment=assessment, user=appraiser
    )
    if created:
        audit_record(
            actor=actor,
            action="assessment.assign_appraiser",
            obj=assessment,
            object_type="assessment",
            field="appraisers",
            after=appraiser.get_username(),
        )
