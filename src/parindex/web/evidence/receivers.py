"""The evidence app's answers to the assessments' signals (connected in ``EvidenceConfig``)."""

from __future__ import annotations

from typing import Any

from parindex.web.assessments.models import Assessment
from parindex.web.evidence.models import EvidenceLink, Explanation
from parindex.web.evidence.services import submission_gaps


def submission_gap_pairs(sender: object, assessment: Assessment, **kwargs: Any) -> list:
    """Claimed sub-criteria with neither evidence nor explanation: (code, "evidence")."""
    return [(gap.node_code, gap.missing) for gap in submission_gaps(assessment)]


def evidence_started(sender: object, assessment: Assessment, **kwargs: Any) -> bool:
    """Whether the unit has linked a document or written an explanation on the assessment."""
    return (
        EvidenceLink.objects.filter(assessment=assessment).exists()
        or Explanation.objects.filter(assessment=assessment).exists()
    )
