"""The OpenAPI 3.1 document of the API, written by hand next to the views it describes.

A test walks the URL patterns and this document's paths and methods, so they cannot drift.

Just over 500 lines: one document, its schemas beside the paths that use them; split it by
resource (assessments, campaigns, frameworks) when the next resource is added.
"""

from __future__ import annotations

from typing import Any

from parindex.web.frameworks import api as frameworks_api

VERSION = "1.0.0"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return {"$ref": f"#/components/responses/{description}"}


ERRORS = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "403": "Forbidden",
    "404": "NotFound",
    "405": "MethodNotAllowed",
    "409": "Conflict",
    "413": "PayloadTooLarge",
    "415": "UnsupportedMediaType",
    "429": "RateLimited",
    "500": "ServerError",
}


def _responses(ok: dict[str, Any], *codes: str) -> dict[str, Any]:
    found = {"200": ok}
    for code in ("401", *codes, "405", "429", "500"):
        found[code] = _error(ERRORS[code])
    return found


ID = {"type": "integer", "minimum": 1}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}


def _path_id(name: str = "id", description: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": ID,
        "description": description,
    }


CAMPAIGN_PROPERTIES: dict[str, Any] = {
    "id": ID,
    "name": {"type": "string"},
    "year": {"type": "integer"},
    "framework": {"type": "string", "examples": ["par-province-1149@2020.1"]},
    "organiser": _ref("Unit"),
    "deadlines": _ref("Deadlines"),
    "published_at": NULLABLE_TIME,
    "status_counts": {
        "type": "object",
        "description": "Assessments the caller sees, by status (every status listed).",
        "additionalProperties": {"type": "integer"},
    },
    "url": {"type": "string"},
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "details"],
                "properties": {
                    "code": {
                        "type": "string",
                        "description": "Stable, machine-readable: unauthorized, invalid_token, "
                        "forbidden, locked, deadline_passed, not_self_assessed, csrf_failed, "
                        "not_found, invalid, bad_request, bad_parameter, bad_value, "
                        "malformed_json, bad_body, "
                        "conflict, "
                        "method_not_allowed, payload_too_large, unsupported_media_type, "
                        "rate_limited, server_error.",
                    },
                    "message": {
                        "type": "string",
                        "description": "For people, in the request's language (Vietnamese "
                        "by default).",
                    },
                    "details": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/ErrorDetail"},
                    },
                },
            }
        },
    },
    "ErrorDetail": {
        "type": "object",
        "description": "One problem: which sub-criterion (node) and input or field, and why.",
        "properties": {
            "node": {"type": "string"},
            "input": {"type": "string"},
            "field": {"type": "string"},
            "parameter": {"type": "string"},
            "code": {"type": "string"},
            "message": {"type": "string"},
            "reason": {"type": "string", "description": "The scoring core's own wording."},
            "value": {},
            "current_value": {"type": ["string", "null"]},
            "current_version": {"type": "integer"},
        },
        "additionalProperties": True,
    },
    "Unit": {
        "type": "object",
        "required": ["id", "code", "name", "kind"],
        "properties": {
            "id": ID,
            "code": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"type": "string"},
        },
    },
    "Deadlines": {
        "type": "object",
        "properties": {
            "self_assessment": NULLABLE_TIME,
            "appraisal": NULLABLE_TIME,
            "explanation": NULLABLE_TIME,
            "publication": NULLABLE_TIME,
            "appeal": NULLABLE_TIME,
        },
    },
    "Campaign": {
        "type": "object",
        "required": ["id", "name", "year", "framework", "status_counts"],
        "properties": {
            **CAMPAIGN_PROPERTIES,
            "assessments": {
                "type": "integer",
                "description": "How many of its assessments the caller sees.",
            },
        },
    },
    # Its own object, not allOf Campaign: there `assessments` is a count, here the list.
    "CampaignDetail": {
        "type": "object",
        "required": ["id", "name", "year", "framework", "status_counts", "assessments"],
        "properties": {
            **CAMPAIGN_PROPERTIES,
            "assessments": {"type": "array", "items": _ref("AssessmentSummary")},
        },
    },
    "AssessmentSummary": {
        "type": "object",
        "properties": {
            "id": ID,
            "unit": _ref("Unit"),
            "status": {"type": "string"},
            "url": {"type": "string"},
        },
    },
    "Assessment": {
        "type": "object",
        "required": ["id", "campaign", "unit", "framework", "status"],
        "properties": {
            "id": ID,
            "campaign": {
                "type": "object",
                "properties": {
                    "id": ID,
                    "name": {"type": "string"},
                    "year": {"type": "integer"},
                },
            },
            "unit": _ref("Unit"),
            "framework": {"type": "string"},
            "status": {
                "type": "string",
                "enum": [
                    "draft",
                    "pending",
                    "submitted",
                    "appraising",
                    "returned",
                    "final",
                    "appealed",
                    "published",
                ],
                "description": "appealed: final, with an appeal the council has not answered.",
            },
            "status_label": {"type": "string"},
            "editable": {
                "type": "boolean",
                "description": "Whether the caller may change inputs now (detail only).",
            },
            "deadlines": _ref("Deadlines"),
            "updated_at": {"type": "string", "format": "date-time"},
            "links": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "Scorecard": {
        "type": "object",
        "description": "Exactly what `parindex score --format json` prints.",
        "required": ["framework", "unit", "year", "self", "total", "nodes"],
        "properties": {
            "framework": {"type": "string"},
            "unit": {"type": "string"},
            "year": {"type": "integer"},
            "self": _ref("Points"),
            "total": _ref("Points"),
            "blocks": {"type": "object", "additionalProperties": _ref("Points")},
            "nodes": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Points": {
        "type": "object",
        "properties": {"score": {"type": "number"}, "max": {"type": "number"}},
    },
    "NodeInputs": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "title": {"type": "string"},
            "inputs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"type": "string"},
                        "title": {"type": "string"},
                        "unit": {"type": ["string", "null"]},
                        "value": {"type": ["string", "null"]},
                        "version": {"type": "integer", "description": "0 when empty."},
                    },
                },
            },
            "comment": {
                "type": "object",
                "properties": {"text": {"type": "string"}, "version": {"type": "integer"}},
            },
            "url": {"type": "string"},
        },
    },
    "Inputs": {
        "type": "object",
        "properties": {
            "assessment": ID,
            "editable": {"type": "boolean"},
            "nodes": {"type": "array", "items": _ref("NodeInputs")},
        },
    },
    "InputsWrite": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "values": {
                "type": "object",
                "description": "Input name → value as typed ('180.840', '97,5'), a number, "
                "a boolean, or null/'' to clear.",
                "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            },
            "versions": {
                "type": "object",
                "description": "Input name → the version read (0 or absent: it was empty). "
                "If a stored version moved, nothing is written and the answer is 409.",
                "additionalProperties": {"type": "integer", "minimum": 0},
            },
            "comment": {"type": ["string", "null"]},
            "comment_version": {"type": "integer", "minimum": 0},
        },
        "examples": [{"values": {"on_time": "180840"}, "versions": {"on_time": 1}}],
    },
    "InputsWritten": {
        "type": "object",
        "properties": {
            "node": {"type": "string"},
            "changed": {"type": "array", "items": {"type": "string"}},
            "versions": {"type": "object", "additionalProperties": {"type": "integer"}},
            "score": {"type": ["number", "null"]},
            "max": {"type": "number"},
            "self": _ref("Points"),
            "total": _ref("Points"),
        },
    },
    "Framework": {
        "type": "object",
        "description": "The framework as `parindex framework export --format json` writes it.",
        "properties": {
            "code": {"type": "string"},
            "version": {"type": "string"},
            "title": {"type": "string"},
            "max": {"type": "number"},
            "nodes": {"type": "array", "items": {"type": "object"}},
        },
    },
}

RESPONSES = {
    name: _json(_ref("Error"), description)
    for name, description in [
        ("BadRequest", "Invalid parameters or body; `details` names node, input and problem."),
        ("Unauthorized", "No valid token or session (or a revoked or expired token)."),
        ("Forbidden", "Visible, but the caller may not do this (same rules as the pages)."),
        ("NotFound", "No such object, or another unit's (its existence is not disclosed)."),
        ("MethodNotAllowed", "The `Allow` header lists the methods."),
        ("Conflict", "Someone saved in between; `details` carry the current values/versions."),
        ("PayloadTooLarge", "The body is larger than 64 KiB."),
        ("UnsupportedMediaType", "The body is not `application/json`."),
        ("RateLimited", "Too many requests with this token this minute; see `Retry-After`."),
        ("ServerError", "An unexpected error, logged on the server."),
    ]
}


def document(server: str = "/api/v1") -> dict[str, Any]:
    """The OpenAPI 3.1 document, with ``server`` as the base address."""
    get = "get"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "parindex API",
            "version": VERSION,
            "description": "Scorecards, inputs and campaign status of a province's PAR INDEX, "
            "with the same permission rules as the web pages. "
            "Authenticate with `Authorization: Bearer <token>` (tokens at /api/tokens or "
            "`manage.py api_token_create`). Errors are JSON: "
            '`{"error": {"code", "message", "details"}}`.',
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": server}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/campaigns": {
                get: {
                    "operationId": "listCampaigns",
                    "summary": "Campaigns in which the caller sees an assessment",
                    "responses": _responses(
                        _json(
                            {
                                "type": "object",
                                "properties": {
                                    "campaigns": {"type": "array", "items": _ref("Campaign")}
                                },
                            },
                            "The campaigns, newest year first.",
                        )
                    ),
                }
            },
            "/campaigns/{id}": {
                get: {
                    "operationId": "getCampaign",
                    "summary": "A campaign with the assessments the caller sees",
                    "parameters": [_path_id()],
                    "responses": _responses(_json(_ref("CampaignDetail"), "The campaign."), "404"),
                }
            },
            "/assessments": {
                get: {
                    "operationId": "listAssessments",
                    "summary": "Assessments the caller sees",
                    "parameters": [
                        {"name": "campaign", "in": "query", "schema": ID},
                        {"name": "unit", "in": "query", "schema": ID},
                    ],
                    "responses": _responses(
                        _json(
                            {
                                "type": "object",
                                "properties": {
                                    "assessments": {"type": "array", "items": _ref("Assessment")}
                                },
                            },
                            "The assessments.",
                        ),
                        "400",
                    ),
                }
            },
            "/assessments/{id}": {
                get: {
                    "operationId": "getAssessment",
                    "summary": "An assessment: status, unit, framework, deadlines",
                    "parameters": [_path_id()],
                    "responses": _responses(_json(_ref("Assessment"), "The assessment."), "404"),
                }
            },
            "/assessments/{id}/scorecard": {
                get: {
                    "operationId": "getScorecard",
                    "summary": "The scorecard computed from the stored inputs",
                    "parameters": [
                        _path_id(),
                        {
                            "name": "lang",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["vi", "en"], "default": "vi"},
                            "description": "Language of the lost-point sentences.",
                        },
                    ],
                    "responses": _responses(
                        _json(_ref("Scorecard"), "The scorecard."), "400", "404"
                    ),
                }
            },
            "/assessments/{id}/inputs": {
                get: {
                    "operationId": "listInputs",
                    "summary": "Every self-assessed sub-criterion's inputs with versions",
                    "parameters": [_path_id()],
                    "responses": _responses(_json(_ref("Inputs"), "The inputs."), "404"),
                }
            },
            "/assessments/{id}/inputs/{node_code}": {
                "parameters": [
                    _path_id(),
                    {
                        "name": "node_code",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "examples": {"sub_criterion": {"value": "7.1.3"}},
                    },
                ],
                **{
                    method: {
                        "operationId": operation,
                        "summary": summary,
                        "requestBody": {
                            "required": True,
                            "content": {"application/json": {"schema": _ref("InputsWrite")}},
                        },
                        "responses": _responses(
                            _json(_ref("InputsWritten"), "Saved; the new versions and scores."),
                            "400",
                            "403",
                            "404",
                            "409",
                            "413",
                            "415",
                        ),
                    }
                    for method, operation, summary in [
                        ("put", "replaceInputs", "Replace a sub-criterion's inputs"),
                        ("patch", "updateInputs", "Change some of a sub-criterion's inputs"),
                    ]
                },
            },
            "/frameworks": {
                get: {
                    "operationId": "listFrameworks",
                    "summary": "Framework versions with status, counts and blocks",
                    "responses": _responses(
                        _json(_ref("FrameworkList"), "Frameworks by code, newest version first.")
                    ),
                }
            },
            "/frameworks/{code}@{version}": {
                get: {
                    "operationId": "getFramework",
                    "summary": "A framework version used by a campaign the caller sees",
                    "parameters": [
                        {
                            "name": name,
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "examples": {"example": {"value": example}},
                        }
                        for name, example in [("code", "par-province-1149"), ("version", "2020.1")]
                    ],
                    "responses": _responses(_json(_ref("Framework"), "The framework."), "404"),
                }
            },
        },
        "components": {
            "schemas": {**SCHEMAS, **frameworks_api.SCHEMAS},
            "responses": RESPONSES,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token (`pix_…`), shown once at creation.",
                },
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "sessionid",
                    "description": "The web application's session: reads; writes need the "
                    "`X-CSRFToken` header as well.",
                },
            },
        },
    }
