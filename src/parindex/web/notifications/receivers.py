"""The notifications app's answers to the assessments' signals (``NotificationsConfig``).

Each hand-off tells whoever must act next, with a link straight to the item:

| signal | who is told | link |
|---|---|---|
| sent back | the unit's focal points | the assessment |
| submitted | the unit's heads | the assessment |
| confirmed | the secretariat of the organising province | the assessment |
| appraisal started | appraisers assigned to it or to an area of its campaign | the appraisal |
| item returned | the unit's focal points and the item's contributing agency's | the returned item |
| item explained | the appraiser who returned it | the item on the appraisal page |
| finalised, appeal decided | the unit's focal points and heads | the assessment, the appeals |
| appeal filed | the secretariat of the organising province | the item on the appeals page |
| published | every assessed unit's focal points and heads | each unit's assessment |
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import override

from parindex.web.accounts.models import Membership, Role, User
from parindex.web.assessments.models import (
    Assessment,
    Campaign,
    Contribution,
    ItemAppeal,
    ItemAppraisal,
)
from parindex.web.assessments.permissions import assigned_appraisers, under
from parindex.web.assessments.views.display import dom_id
from parindex.web.notifications.handoffs import display_name, notify
from parindex.web.notifications.models import Kind

UNIT = (Role.FOCAL_POINT, Role.UNIT_HEAD)


def members(unit_ids: Iterable[int], roles: Iterable[str]) -> list[User]:
    """Active users holding one of ``roles`` in one of the units."""
    found = Membership.objects.filter(
        unit_id__in=list(unit_ids), role__in=list(roles), user__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in found}.values())


def secretariat(campaign: Campaign) -> list[User]:
    """The PAR secretariat of the organising province (as ``is_campaign_secretariat``)."""
    found = Membership.objects.filter(
        Q(unit_id=campaign.organiser_id) | Q(unit__parent_id=campaign.organiser_id),
        role=Role.SECRETARIAT,
        user__is_active=True,
    ).select_related("user")
    return list({m.user_id: m.user for m in found}.values())


appraisers = assigned_appraisers  # the appraisal page's own rule: one place


def item_preparers(assessment: Assessment, code: str) -> list[User]:
    """The unit's focal points and those of the agency that prepares item ``code``."""
    agencies = [
        c.unit_id
        for c in Contribution.objects.filter(assessment=assessment)
        if under(code, [c.node_code])
    ]
    return members([assessment.unit_id, *agencies], [Role.FOCAL_POINT])


def _about(assessment: Assessment, actor: User | None, code: str = "") -> dict[str, Any]:
    """The names a notification quotes: who acted, the unit, the campaign, the item."""
    params: dict[str, Any] = {
        "actor": display_name(actor),
        "unit": assessment.unit.name,
        "campaign": assessment.campaign.name,
    }
    if code:
        node = assessment.campaign.framework_version.framework().get(code)
        title = node.title if node is not None else ""
        en = (node.title_en or node.title) if node is not None else ""
        params.update(item=code, title={"vi": title, "en": en})
    return params


def tell_focal_points(
    sender: object, assessment: Assessment, message: str, actor: User | None = None, **kwargs: Any
) -> None:
    """The unit head sent the submission back: its focal points read why."""
    notify(
        users=members([assessment.unit_id], [Role.FOCAL_POINT]),
        kind=Kind.SENT_BACK,
        link=assessment.get_absolute_url(),
        params=_about(assessment, actor),
        actor=actor,
        text=message,
    )


def tell_unit_head(sender: object, assessment: Assessment, actor: User, **kwargs: Any) -> None:
    notify(
        users=members([assessment.unit_id], [Role.UNIT_HEAD]),
        kind=Kind.SUBMITTED,
        link=assessment.get_absolute_url(),
        params=_about(assessment, actor),
        actor=actor,
    )


def tell_secretariat(sender: object, assessment: Assessment, actor: User, **kwargs: Any) -> None:
    notify(
        users=secretariat(assessment.campaign),
        kind=Kind.CONFIRMED,
        link=assessment.get_absolute_url(),
        params=_about(assessment, actor),
        actor=actor,
    )


def tell_appraisers(sender: object, assessment: Assessment, actor: User, **kwargs: Any) -> None:
    notify(
        users=appraisers(assessment),
        kind=Kind.APPRAISAL_STARTED,
        link=reverse("assessments:appraisal", args=[assessment.pk]),
        params=_about(assessment, actor),
        actor=actor,
    )


def tell_item_preparers(
    sender: object, assessment: Assessment, appraisal: ItemAppraisal, actor: User, **kwargs: Any
) -> None:
    code = appraisal.node_code
    params = _about(assessment, actor, code)
    params["reason"] = appraisal.reason[:500]
    notify(
        users=item_preparers(assessment, code),
        kind=Kind.RETURNED,
        link=f"{reverse('assessments:returned', args=[assessment.pk])}#{dom_id(code)}",
        params=params,
        actor=actor,
    )


def tell_appraiser(
    sender: object, assessment: Assessment, appraisal: ItemAppraisal, actor: User, **kwargs: Any
) -> None:
    code = appraisal.node_code
    returned_by = [appraisal.appraised_by] if appraisal.appraised_by is not None else []
    notify(
        users=returned_by,
        kind=Kind.EXPLAINED,
        link=f"{reverse('assessments:appraisal', args=[assessment.pk])}#{dom_id(code)}",
        params=_about(assessment, actor, code),
        actor=actor,
    )


def tell_unit_final(sender: object, assessment: Assessment, actor: User, **kwargs: Any) -> None:
    notify(
        users=members([assessment.unit_id], UNIT),
        kind=Kind.FINALISED,
        link=assessment.get_absolute_url(),
        params=_about(assessment, actor),
        actor=actor,
    )


def tell_units_published(sender: object, campaign: Campaign, actor: User, **kwargs: Any) -> None:
    for assessment in campaign.assessments.select_related("unit", "campaign"):
        notify(
            users=members([assessment.unit_id], UNIT),
            kind=Kind.PUBLISHED,
            link=assessment.get_absolute_url(),
            params=_about(assessment, actor),
            actor=actor,
        )


def tell_secretariat_appeal(
    sender: object, assessment: Assessment, appeal: ItemAppeal, actor: User, **kwargs: Any
) -> None:
    """The unit appealed an item's score: the secretariat puts it to the council, answers."""
    code = appeal.node_code
    params = _about(assessment, actor, code)
    params["reason"] = appeal.reason[:500]
    notify(
        users=secretariat(assessment.campaign),
        kind=Kind.APPEAL_FILED,
        # the appeals page's article for the item (its id: "appeal-" and the slugified code)
        link=f"{reverse('assessments:appeals', args=[assessment.pk])}#appeal-{slugify(code)}",
        params=params,
        actor=actor,
    )


def tell_unit_appeal(
    sender: object, assessment: Assessment, appeal: ItemAppeal, actor: User, **kwargs: Any
) -> None:
    code = appeal.node_code
    params = _about(assessment, actor, code)
    # the council's decision in words, in both languages (read in the reader's)
    params["decision"] = {"vi": _label_in(appeal, "vi"), "en": _label_in(appeal, "en")}
    notify(
        users=members([assessment.unit_id], UNIT),
        kind=Kind.APPEAL_DECIDED,
        link=reverse("assessments:appeals", args=[assessment.pk]),
        params=params,
        actor=actor,
    )


def _label_in(appeal: ItemAppeal, language: str) -> str:
    with override(language):
        return str(appeal.get_decision_display())
