"""``GET /api/v1/frameworks``: every framework version the caller may see, with its status.

The secretariat and administrators see every version (as on the page); anyone else the
versions used by a campaign in which they see an assessment (the rule of the existing
``/frameworks/{code}@{version}`` detail). The OpenAPI fragment lives here, beside the view.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest

from parindex.presentation.serialize import framework_dict, plain
from parindex.web.assessments.models import FrameworkVersion
from parindex.web.assessments.permissions import assessments_visible_to
from parindex.web.frameworks.permissions import can_manage_frameworks
from parindex.web.frameworks.selectors import VersionRow, version_row


def _version(row: VersionRow) -> dict[str, Any]:
    return {
        **framework_dict(row.framework, with_nodes=False),
        "status": row.status,
        "frozen": row.version.frozen,
        "campaigns": row.campaigns,
        "counts": {
            "areas": row.counts.areas,
            "criteria": row.counts.criteria,
            "sub_criteria": row.counts.sub_criteria,
        },
        "created_at": row.version.created_at.isoformat(),
        "url": f"/api/v1/frameworks/{row.version.code}@{row.version.version}",
    }


def framework_list(request: HttpRequest) -> dict[str, Any]:
    versions = FrameworkVersion.objects.annotate(campaign_count=Count("campaigns"))
    if not can_manage_frameworks(request.user):
        used = assessments_visible_to(request.user).values("campaign__framework_version_id")
        versions = versions.filter(pk__in=used)
    frameworks: dict[str, dict[str, Any]] = {}
    for version in versions.order_by("code", "-created_at", "-pk"):
        row = version_row(version)
        entry = frameworks.setdefault(
            version.code, {"code": version.code, "title": version.title, "versions": []}
        )
        entry["versions"].append(_version(row))
    return plain({"frameworks": list(frameworks.values())})


#: The OpenAPI schema of the listing, merged into ``parindex.web.api.openapi``.
SCHEMAS: dict[str, Any] = {
    "FrameworkVersion": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "version": {"type": "string"},
            "title": {"type": "string"},
            "legal_basis": {"type": "string"},
            "years": {"type": "array", "items": {"type": "integer"}},
            "unit_kind": {
                "type": "string",
                "enum": ["province", "ministry", "department", "district", "commune"],
            },
            "status": {"type": "string", "enum": ["draft", "active", "frozen", "retired"]},
            "frozen": {"type": "boolean"},
            "campaigns": {"type": "integer", "minimum": 0},
            "max": {"type": "number"},
            "blocks": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "max": {"type": "number"},
                    },
                },
            },
            "counts": {
                "type": "object",
                "properties": {
                    k: {"type": "integer", "minimum": 0}
                    for k in ("areas", "criteria", "sub_criteria")
                },
            },
            "leaves": {"type": "integer"},
            "unpublished": {"type": "integer"},
            "created_at": {"type": "string", "format": "date-time"},
            "url": {"type": "string"},
        },
    },
    "FrameworkList": {
        "type": "object",
        "properties": {
            "frameworks": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "versions": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/FrameworkVersion"},
                        },
                    },
                },
            }
        },
    },
}
