"""What an evidence panel shows: built once per assessment per request (constant queries)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse

from parindex.web.assessments.models import Assessment
from parindex.web.assessments.permissions import (
    can_view_assessment,
    editable_parts,
    in_parts,
    open_items,
    under,
)
from parindex.web.evidence.forms import ACCEPT, mib
from parindex.web.evidence.models import Document, DocumentVersion, EvidenceLink, Explanation
from parindex.web.evidence.permissions import EDIT, can_edit_evidence, library_access
from parindex.web.evidence.services import (
    documents_locked,
    evidenced_codes,
    explained_codes,
    max_bytes,
)


def dom_id(code: str) -> str:
    return "ev-" + code.replace(".", "-")


@dataclass
class AssessmentEvidence:
    """Links, explanations and the unit's library for one assessment, as the user may see."""

    assessment: Assessment
    can_view: bool
    can_edit: bool  # some part of it (a contributing agency edits only its areas)
    can_manage_library: bool
    parts: frozenset[str] | None = None  # what the user prepares; None: everything
    open_codes: frozenset[str] | None = None  # the items open now (the explanation round)
    links: dict[str, list[EvidenceLink]] = field(default_factory=dict)
    explanations: dict[str, list[Explanation]] = field(default_factory=dict)
    library: list[Document] = field(default_factory=list)


def _versions() -> Prefetch:
    return Prefetch(
        "document__versions",
        queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"),
    )


def load(request: HttpRequest, assessment: Assessment) -> AssessmentEvidence:
    """Everything the panels of one assessment need, in a fixed number of queries."""
    data = _rights(request.user, assessment)
    if not data.can_view:
        return data
    data.links = _links(assessment)
    data.explanations = _explanations(assessment)
    if data.can_edit and data.can_manage_library:
        # a document backing an item locked now is not offered for withdrawal (the service
        # refuses it): each link says which item holds its document
        linked = [link for links in data.links.values() for link in links]
        locked = documents_locked({link.document_id for link in linked})
        for link in linked:
            link.withdraw_locked_by = locked.get(link.document_id, "")  # type: ignore[attr-defined]  # a display attribute the panel reads
    if data.can_edit:
        data.library = list(
            Document.objects.filter(unit_id=assessment.unit_id, withdrawn_at__isnull=True)
            .order_by("-created_at", "-id")
            .only("id", "title", "number", "kind")
        )
    return data


def _rights(user: Any, assessment: Assessment) -> AssessmentEvidence:
    """What the user may see and do with the assessment's evidence (nothing loaded yet)."""
    can_view = can_view_assessment(user, assessment)
    can_edit = can_view and can_edit_evidence(user, assessment)
    return AssessmentEvidence(
        assessment=assessment,
        can_view=can_view,
        can_edit=can_edit,
        can_manage_library=library_access(user, assessment.unit_id) == EDIT,
        parts=editable_parts(user, assessment) if can_edit else frozenset(),
        open_codes=open_items(assessment) if can_edit else frozenset(),
    )


def _links(assessment: Assessment) -> dict[str, list[EvidenceLink]]:
    links = defaultdict(list)
    for link in (
        EvidenceLink.objects.filter(assessment=assessment)
        .select_related("document__withdrawn_by", "version", "created_by")
        .prefetch_related(_versions())
    ):
        links[link.node_code].append(link)
    return dict(links)


def _explanations(assessment: Assessment) -> dict[str, list[Explanation]]:
    """Each sub-criterion's explanations, the latest version first."""
    explanations = defaultdict(list)
    for row in (
        Explanation.objects.filter(assessment=assessment)
        .select_related("created_by")
        .order_by("node_code", "-version")
    ):
        explanations[row.node_code].append(row)
    return dict(explanations)


def can_edit_code(data: AssessmentEvidence, code: str) -> bool:
    """Whether the user may attach evidence and explain this sub-criterion (now: in the
    explanation round only a returned one)."""
    return (
        data.can_edit
        and (data.parts is None or under(code, data.parts))
        and in_parts(code, data.open_codes)
    )


def cached(request: HttpRequest, assessment: Assessment) -> AssessmentEvidence:
    """``load`` once per request and assessment (a page includes one panel per node)."""
    store: dict[int, AssessmentEvidence] = request.__dict__.setdefault("_parindex_evidence", {})
    if assessment.pk not in store:
        store[assessment.pk] = load(request, assessment)
    return store[assessment.pk]


OPEN = "evidence"  # ?evidence=<code>: the page shows that row's panel unfolded


def back_url(request: HttpRequest) -> str:
    """Where a plain form in the panel returns: the page the panel was shown on.

    A folded panel opened by htmx returns with ``?evidence=<code>``: the page then shows that
    panel unfolded, with what the form changed.
    """
    htmx = getattr(request, "htmx", None)
    if not (htmx and htmx.current_url_abs_path):
        return request.get_full_path()
    opened = getattr(request, "evidence_unfolded", "")
    if not opened:
        return htmx.current_url_abs_path
    parts = urlsplit(htmx.current_url_abs_path)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != OPEN] + [(OPEN, opened)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def answered_elsewhere(page: str) -> bool:
    """Whether the panel is shown on the returned-items page, where the unit's one text box is
    its answer to the appraiser's reason: the panel then offers no second explanation box."""
    try:
        match = resolve(urlsplit(page).path)
    except Resolver404:
        return False
    return match.view_name == "assessments:returned"


def panel_context(
    request: HttpRequest,
    data: AssessmentEvidence,
    code: str,
    *,
    error: str = "",
    message: str = "",
    typed: dict[str, str] | None = None,
    lazy: bool = False,
) -> dict[str, object]:
    """The context of ``evidence/_panel.html`` for one sub-criterion.

    ``lazy``: leave the library's documents out (the page lists them when the user opens the
    link form); a page of many panels would otherwise repeat the whole library on every row.
    """
    back = back_url(request)
    return {
        **_evidence_of(data, code, lazy=lazy),
        **_explanation_of(data, code, typed),
        "answered_elsewhere": answered_elsewhere(back),
        "error": error,
        "message": message,
        "typed": typed or {},
        "next": back,
        "accept": ACCEPT,
        "limit_mb": mib(max_bytes()),
    }


@dataclass(frozen=True)
class Statuses:
    """Which sub-criteria of an assessment have evidence, or an explanation (two queries)."""

    can_view: bool
    evidenced: frozenset[str]
    explained: frozenset[str]


def statuses(request: HttpRequest, assessment: Assessment) -> Statuses:
    """``Statuses`` once per request and assessment (a page shows one per node)."""
    store: dict[int, Statuses] = request.__dict__.setdefault("_parindex_evidence_status", {})
    if assessment.pk not in store:
        can_view = can_view_assessment(request.user, assessment)
        store[assessment.pk] = Statuses(
            can_view,
            frozenset(evidenced_codes(assessment)) if can_view else frozenset(),
            frozenset(explained_codes(assessment)) if can_view else frozenset(),
        )
    return store[assessment.pk]


def summary_context(request: HttpRequest, assessment: Assessment, code: str) -> dict[str, object]:
    """The context of ``evidence/_panel_summary.html``: the title, the status, the panel's URL."""
    found = statuses(request, assessment)
    return {
        "unfolded": request.GET.get(OPEN) == code,
        "can_view": found.can_view,
        "code": code,
        "ev_id": dom_id(code),
        "evidenced": code in found.evidenced,
        "explained": code in found.explained,
        "panel_url": reverse("evidence:node", args=[assessment.pk, code]),
    }


def _evidence_of(data: AssessmentEvidence, code: str, *, lazy: bool) -> dict[str, object]:
    """The sub-criterion's linked documents and the library's others (left out if lazy)."""
    links = data.links.get(code, [])
    linked = {link.document_id for link in links}
    library = [d for d in data.library if d.pk not in linked]
    return {
        "ev": data,
        "can_edit": can_edit_code(data, code),
        "assessment": data.assessment,
        "code": code,
        "ev_id": dom_id(code),
        "links": links,
        "evidenced": any(not link.document.is_withdrawn for link in links),
        "library": [] if lazy else library,
        "has_library": bool(library),
    }


def _explanation_of(
    data: AssessmentEvidence, code: str, typed: dict[str, str] | None
) -> dict[str, object]:
    """The current explanation, its history, and the text the form shows (typed wins)."""
    history = data.explanations.get(code, [])
    current = history[0] if history else None
    return {
        "explanation": current,
        "explanation_text": (typed or {}).get("text", current.text if current else ""),
        "explanation_history": history,
    }
