"""Who may see and change evidence (rules in docs/evidence.md).

A unit's library: its focal point (and an administrator) changes it; its head and viewers
read it. Inside an assessment: whoever may edit the assessment (its unit's focal point while
it is open) uploads, links and explains; whoever may see it (assigned appraisers, the
secretariat) reads and downloads what is linked there. Anything else is not found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.web.accounts.models import Role
from parindex.web.accounts.permissions import is_administrator, memberships
from parindex.web.assessments.permissions import (
    assessments_visible_to,
    editable_parts,
    in_parts,
    visible_parts,
)
from parindex.web.evidence.models import Document, EvidenceLink
from parindex.web.evidence.services import evidence_open

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser
    from parindex.web.assessments.models import Assessment

EDIT = "edit"
VIEW = "view"


def library_access(user: AnyUser, unit_id: int) -> str | None:
    """'edit', 'view' or None for the unit's document library."""
    if is_administrator(user):
        return EDIT
    roles = {m.role for m in memberships(user) if m.unit_id == unit_id}
    if Role.FOCAL_POINT in roles:
        return EDIT
    if roles & {Role.UNIT_HEAD, Role.VIEWER}:
        return VIEW
    return None


def document_access(user: AnyUser, document: Document) -> str | None:
    """'edit', 'view' (through the library or a visible assessment linking it) or None.

    Linked in an assessment the user sees only in part (a contributing agency), the link
    must be in one of the user's areas.
    """
    access = library_access(user, document.unit_id)
    if access is not None:
        return access
    links = (
        EvidenceLink.objects.filter(
            document_id=document.pk, assessment__in=assessments_visible_to(user)
        )
        .select_related("assessment__campaign")
        .order_by("assessment_id")
    )
    parts: dict[int, frozenset[str] | None] = {}
    for link in links:  # a contributing agency reads only what is linked in its areas
        if link.assessment_id not in parts:
            parts[link.assessment_id] = visible_parts(user, link.assessment)
        if in_parts(link.node_code, parts[link.assessment_id]):
            return VIEW
    return None


def can_edit_evidence(user: AnyUser, assessment: Assessment) -> bool:
    """Attach evidence or explain (some part of) the assessment in its current status.

    Like ``can_edit_assessment`` but also during the explanation round (returned).
    """
    if not evidence_open(assessment):
        return False
    parts = editable_parts(user, assessment)
    return parts is None or bool(parts)
