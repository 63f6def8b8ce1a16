"""Synthetic published internal-index results, for the demo, tests and the benchmark only.

Real results come from the assessment workflow (finalise, publish). This writes the same rows
the workflow leaves behind (final ``ItemScore`` per sub-criterion, ``final_total``,
``final_max``, status, ``published_at``) in bulk, so a dashboard over thousands of units can be
shown and measured. Every sub-criterion gets a final score (internal frameworks are scored
wholly by the province's council), so the percentages equal the ranking page's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from parindex.core.numbers import ZERO
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Campaign,
    FrameworkVersion,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.campaigns import campaign_create
from parindex.web.organisations.models import Unit

FOUR = Decimal("0.0001")

#: (position of the unit in ``units``, sub-criterion code) → share of the maximum, 0 to 1
Share = Callable[[int, str], Decimal]


@transaction.atomic
def published_results_create(
    *,
    name: str,
    organiser: Unit,
    framework_version: FrameworkVersion,
    year: int,
    units: Sequence[Unit],
    share: Share,
    publish: bool = True,
) -> Campaign:
    """A campaign whose assessments are final (and published) with the given shares."""
    campaign = campaign_create(
        name=name,
        framework_version=framework_version,
        year=year,
        organiser=organiser,
        units=units,
    )
    leaves = list(framework_version.framework().leaves())
    maximum = sum((leaf.max for leaf in leaves), ZERO)
    position = {unit.pk: i for i, unit in enumerate(units)}
    assessments = list(campaign.assessments.all())
    now = timezone.now()
    scores = []
    for assessment in assessments:
        index = position[assessment.unit_id]
        total = ZERO
        for leaf in leaves:
            points = (leaf.max * share(index, leaf.code)).quantize(FOUR, ROUND_HALF_UP)
            points = min(max(points, ZERO), leaf.max)
            total += points
            scores.append(
                ItemScore(
                    assessment=assessment,
                    node_code=leaf.code,
                    stage=ItemStage.FINAL,
                    points=points,
                    at=now,
                )
            )
        assessment.final_total, assessment.final_max = total, maximum
        assessment.status = AssessmentStatus.PUBLISHED if publish else AssessmentStatus.FINAL
    ItemScore.objects.bulk_create(scores, batch_size=5000)
    Assessment.objects.bulk_update(
        assessments, ["final_total", "final_max", "status"], batch_size=1000
    )
    if publish:
        campaign.published_at = now
        campaign.save(update_fields=["published_at"])
    return campaign
