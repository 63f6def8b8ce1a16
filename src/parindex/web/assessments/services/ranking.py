"""The published ranking and last year's figures (with the units' lineage): reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, When

from parindex.core.analysis import Comparison, compare
from parindex.core.numbers import ZERO
from parindex.core.ranking import Classification, Ranked, lineage_mean, rank
from parindex.core.ranking import Entry as RankEntry
from parindex.web.assessments.models import Assessment, Campaign
from parindex.web.assessments.services.selectors import assessment_score
from parindex.web.organisations.models import UnitChange


@dataclass(frozen=True)
class RankRow:
    ranked: Ranked
    assessment: Assessment
    previous_total: Decimal | None
    previous_rank: int | None
    #: names of the units last year's figure comes from, when not (only) this unit: its
    #: predecessors in the organisations lineage (merged, split or renamed units)
    previous_from: tuple[str, ...] = ()

    @property
    def delta(self) -> Decimal | None:
        if self.previous_total is None:
            return None
        return self.ranked.total - self.previous_total


def campaign_bands(campaign: Campaign) -> list[Classification]:
    return [Classification(str(code), Decimal(str(low))) for code, low in campaign.bands]


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """Last year's published campaign of the same organiser (or of its predecessors), if any.

    A province formed by a merger compares with the campaign its predecessor organised.
    """
    organisers = Q(organiser_id=campaign.organiser_id) | Q(
        organiser__changes_as_predecessor__successor_id=campaign.organiser_id
    )
    return (
        Campaign.objects.filter(organisers, year=campaign.year - 1, published_at__isnull=False)
        .order_by(
            # the organiser's own campaign first, then a predecessor's
            Case(When(organiser_id=campaign.organiser_id, then=0), default=1),
            "-published_at",
        )
        .first()
    )


def lineage_previous(
    unit_id: int, before: Mapping[int, tuple[Decimal, int, str]], predecessors: Iterable[int]
) -> tuple[Decimal, int | None, tuple[str, ...]] | None:
    """Last year's figure of a unit from ``before`` (unit id → total, rank, name).

    The rule for merged units is the core's (:func:`parindex.core.ranking.lineage_mean`): the
    unweighted mean of the final totals of the unit itself (if it was ranked last year) and of
    all its ``predecessors``, half up to 4 decimals, and none when a predecessor was not
    ranked; the rank is carried only when the figure comes from one unit. A unit split from a
    predecessor inherits its figure.
    """
    own = [unit_id] if unit_id in before else []
    olds = sorted({p for p in predecessors if p != unit_id})
    if own and not olds:
        return before[unit_id][0], before[unit_id][1], ()
    total = lineage_mean([before[u][0] if u in before else None for u in own + olds])
    if total is None:
        return None
    sources = own + olds
    rank = before[sources[0]][1] if len(sources) == 1 else None
    return total, rank, tuple(before[u][2] for u in sources)


def lineage_predecessors(units: Iterable[int]) -> dict[int, list[int]]:
    """Each unit's direct predecessors (``UnitChange``), ranked last year or not, in one query.

    unit id → predecessor ids, the input :func:`lineage_previous` takes for each unit.
    """
    found: dict[int, list[int]] = {}
    for successor_id, predecessor_id in UnitChange.objects.filter(
        successor_id__in=list(units)
    ).values_list("successor_id", "predecessor_id"):
        found.setdefault(successor_id, []).append(predecessor_id)
    return found


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The same unit's assessment in last year's published campaign, if there is one."""
    last = previous_campaign(assessment.campaign)
    if last is None:
        return None
    return (
        last.assessments.select_related("campaign__framework_version", "unit")
        .filter(unit_id=assessment.unit_id)
        .first()
    )


def assessment_compare(assessment: Assessment) -> Comparison | None:
    """Last year's self-scores against this year's, node by node (core ``analysis.compare``)."""
    previous = previous_assessment(assessment)
    if previous is None:
        return None
    return compare(assessment_score(assessment=previous), assessment_score(assessment=assessment))


def _ranked(campaign: Campaign) -> list[tuple[Ranked, Assessment]]:
    finals = [a for a in campaign.assessments.select_related("unit") if a.final_total is not None]
    keys = {f"{a.unit.name} [{a.unit.code}]": a for a in finals}
    entries = [
        RankEntry(key, a.final_total, a.final_max or ZERO)  # type: ignore[arg-type]
        for key, a in keys.items()
    ]
    return [(r, keys[r.unit]) for r in rank(entries, campaign_bands(campaign))]


_LOOK_UP: Any = object()  # campaign_ranking's default: find last year's campaign


def campaign_ranking(campaign: Campaign, last: Campaign | None = _LOOK_UP) -> list[RankRow]:
    """Final totals ranked (ties share a rank), classified, with last year where it exists.

    ``last`` is last year's campaign when the caller already has it (None: there is none).
    """
    if last is _LOOK_UP:
        last = previous_campaign(campaign)
    before: dict[int, tuple[Decimal, int, str]] = {}
    if last is not None:
        before = {a.unit_id: (r.total, r.rank, a.unit.name) for r, a in _ranked(last)}
    current = _ranked(campaign)
    lineage: dict[int, list[int]] = {}
    if before:
        lineage = lineage_predecessors([a.unit_id for _r, a in current])
    rows = []
    for ranked, assessment in current:
        found = lineage_previous(assessment.unit_id, before, lineage.get(assessment.unit_id, []))
        if found is None:
            rows.append(RankRow(ranked, assessment, None, None))
        else:
            rows.append(RankRow(ranked, assessment, *found))
    return rows
