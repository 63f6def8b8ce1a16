"""The notifications app's answers to the assessments' signals (``NotificationsConfig``)."""

from __future__ import annotations

from typing import Any

from parindex.web.accounts.models import Membership, Role
from parindex.web.assessments.models import Assessment
from parindex.web.notifications.services import notification_create


def tell_focal_points(sender: object, assessment: Assessment, message: str, **kwargs: Any) -> None:
    """The unit head sent the submission back: its focal points read why in the application."""
    focal_points = Membership.objects.filter(
        unit_id=assessment.unit_id, role=Role.FOCAL_POINT, user__is_active=True
    ).select_related("user")
    for membership in focal_points:
        notification_create(user=membership.user, text=message, link=assessment.get_absolute_url())
