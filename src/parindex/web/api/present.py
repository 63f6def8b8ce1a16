"""JSON shapes of the database objects the API returns (the core's come from serialize)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone

from parindex.core.errors import Problem
from parindex.core.model import Node
from parindex.presentation.serialize import plain, scorecard_dict
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Campaign,
    InputValue,
    NodeComment,
)
from parindex.web.assessments.refusals import input_problem
from parindex.web.assessments.services.inputs import COMMENT
from parindex.web.assessments.services.selectors import AssessmentShown
from parindex.web.organisations.models import Unit


def when(value: datetime.datetime | None) -> str | None:
    # In the site's time zone (Asia/Ho_Chi_Minh): deadlines read as the decisions state them.
    return timezone.localtime(value).isoformat() if value is not None else None


def unit(u: Unit) -> dict[str, Any]:
    return {"id": u.pk, "code": u.code, "name": u.name, "kind": u.kind}


def deadlines(c: Campaign) -> dict[str, str | None]:
    return {
        "self_assessment": when(c.self_assessment_due),
        "appraisal": when(c.appraisal_due),
        "explanation": when(c.explanation_due),
        "publication": when(c.publication_due),
        "appeal": when(c.appeal_due),
    }


def campaign(c: Campaign, counts: Mapping[str, int]) -> dict[str, Any]:
    # Every status is listed (0 if none), including statuses added later to the workflow.
    statuses = {s.value: counts.get(s.value, 0) for s in AssessmentStatus}
    statuses.update({k: v for k, v in counts.items() if k not in statuses})
    return {
        "id": c.pk,
        "name": c.name,
        "year": c.year,
        "framework": str(c.framework_version),
        "organiser": unit(c.organiser),
        "deadlines": deadlines(c),
        "published_at": when(c.published_at),
        "assessments": sum(counts.values()),
        "status_counts": statuses,
        "url": reverse("api:campaign", args=[c.pk]),
    }


def assessment_summary(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit": unit(a.unit),
        "status": a.status,
        "url": reverse("api:assessment", args=[a.pk]),
    }


def assessment(a: Assessment, editable: bool | None = None) -> dict[str, Any]:
    c = a.campaign
    data: dict[str, Any] = {
        "id": a.pk,
        "campaign": {"id": c.pk, "name": c.name, "year": c.year},
        "unit": unit(a.unit),
        "framework": str(c.framework_version),
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "deadlines": deadlines(c),
        "updated_at": when(a.updated_at),
        "links": {
            "self": reverse("api:assessment", args=[a.pk]),
            "scorecard": reverse("api:scorecard", args=[a.pk]),
            "inputs": reverse("api:inputs", args=[a.pk]),
            "page": a.get_absolute_url(),
        },
    }
    if editable is not None:
        data["editable"] = editable
    return data


def node_inputs(
    assessment_id: int, node: Node, stored: Mapping[str, InputValue], note: NodeComment | None
) -> dict[str, Any]:
    inputs = []
    for spec in node.inputs:
        row = stored.get(spec.name)
        inputs.append(
            {
                "name": spec.name,
                "kind": spec.kind,
                "title": spec.title,
                "unit": spec.unit,
                "value": row.value if row is not None else None,
                "version": row.version if row is not None else 0,
            }
        )
    return {
        "code": node.code,
        "title": node.title,
        "inputs": inputs,
        "comment": {
            "text": note.text if note is not None else "",
            "version": note.version if note is not None else 0,
        },
        "url": reverse("api:node_inputs", args=[assessment_id, node.code]),
    }


def problem(p: Problem) -> dict[str, Any]:
    """A core problem as an error detail: node, input, code, message."""
    name = str(p.params.get("input", ""))
    detail = {
        "node": p.node,
        "input": "" if name == COMMENT else name,
        "code": p.code,
        "message": input_problem(p),
        "reason": p.message,
    }
    return {**detail, "field": "comment"} if name == COMMENT else detail


def conflict(
    node: str, name: str, row: InputValue | None, note: NodeComment | None
) -> dict[str, Any]:
    """What is stored now for an input (or the comment) someone else changed."""
    if name == COMMENT:
        return {
            "node": node,
            "field": "comment",
            "current_value": note.text if note is not None else "",
            "current_version": note.version if note is not None else 0,
        }
    return {
        "node": node,
        "input": name,
        "current_value": row.value if row is not None else None,
        "current_version": row.version if row is not None else 0,
    }


def scorecard(shown: AssessmentShown, lang: str) -> dict[str, Any]:
    """The scorecard as ``parindex score --format json`` prints it, of the nodes shown.

    A contributing agency gets its areas only: their nodes, and totals over them.
    """
    comments = {c: n.text for c, n in shown.comments.items()}
    data = scorecard_dict(shown.scorecard, lang, comments)
    if shown.whole:
        return data
    score, maximum = shown.total()
    self_score, self_max = shown.total("self")
    blocks = {b.code: shown.total_block(b.code) for b in shown.scorecard.framework.blocks}
    data["nodes"] = [n for n in data["nodes"] if shown.shows(n["code"])]
    data.update(
        plain(
            {
                "self": {"score": self_score, "max": self_max},
                "total": {"score": score, "max": maximum},
                "blocks": {k: {"score": s, "max": m} for k, (s, m) in blocks.items()},
            }
        )
    )
    return data
