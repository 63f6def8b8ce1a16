"""The published JSON Schema of the framework format, composed from the rule registry."""

from __future__ import annotations

from typing import Any

from parindex.core.model import INPUT_KINDS, RELATION_OPS, SCORED_BY, UNIT_KINDS
from parindex.core.rules import RULES

SCHEMA_ID = "https://parindex.org/schema/framework-1.json"
CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_.\-]*$"


def framework_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) every framework file must satisfy."""
    rule_variants = []
    for kind, cls in sorted(RULES.items()):
        rule_variants.append(
            {
                "if": {"properties": {"kind": {"const": kind}}},
                "then": {
                    "properties": {"kind": {"const": kind}, **cls.schema},
                    "required": ["kind", *cls.required],
                    "additionalProperties": False,
                },
            }
        )
    text = {"type": "string", "minLength": 1}
    node: dict[str, Any] = {
        "type": "object",
        "required": ["code", "title", "max"],
        "additionalProperties": False,
        "properties": {
            "code": {"type": "string", "pattern": CODE_PATTERN},
            "title": text,
            "title_en": {"type": "string"},
            "max": {"type": "number"},
            "block": {"type": "string"},
            "scored_by": {"enum": list(SCORED_BY)},
            "source": {"type": "string"},
            "published": {"type": "boolean"},
            "guidance": {"type": "string"},
            "guidance_en": {"type": "string"},
            "evidence": {"type": "array", "items": {"type": "string"}},
            "evidence_en": {"type": "array", "items": {"type": "string"}},
            "explain": {
                "type": "object",
                "description": "lost-point sentence templates by language",
                "additionalProperties": {"type": "string"},
            },
            "inputs": {
                "type": "object",
                "propertyNames": {"pattern": r"^[a-z][a-z0-9_]*$"},
                "additionalProperties": {
                    "type": "object",
                    "required": ["kind"],
                    "additionalProperties": False,
                    "properties": {
                        "kind": {"enum": list(INPUT_KINDS)},
                        "title": {"type": "string"},
                        "title_en": {"type": "string"},
                        "unit": {"type": "string"},
                        "unit_en": {"type": "string"},
                        "choices": {"type": "array", "items": {"type": "string"}},
                        "choices_en": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "relations": {
                "type": "array",
                "description": "what the leaf's inputs must satisfy: left op right",
                "items": {
                    "type": "object",
                    "required": ["left", "op", "right"],
                    "additionalProperties": False,
                    "properties": {
                        "left": {"type": "string"},
                        "op": {"enum": list(RELATION_OPS)},
                        "right": {"type": ["string", "number"]},
                    },
                },
            },
            "rule": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"enum": sorted(RULES)}},
                "allOf": rule_variants,
            },
            "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "parindex criteria framework",
        "type": "object",
        "required": [
            "code",
            "title",
            "legal_basis",
            "version",
            "years",
            "unit_kind",
            "blocks",
            "nodes",
        ],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": "parindex/framework/1"},
            "code": {"type": "string", "pattern": CODE_PATTERN},
            "title": text,
            "title_en": {"type": "string"},
            "legal_basis": text,
            "legal_basis_en": {"type": "string"},
            "version": {"type": ["string", "number"]},
            "years": {"type": "array", "minItems": 1, "items": {"type": "integer"}},
            "unit_kind": {"enum": list(UNIT_KINDS)},
            "sources": {"type": "object", "additionalProperties": {"type": "string"}},
            "blocks": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["code", "title", "max"],
                    "additionalProperties": False,
                    "properties": {
                        "code": {"type": "string"},
                        "title": text,
                        "title_en": {"type": "string"},
                        "max": {"type": "number", "exclusiveMinimum": 0},
                    },
                },
            },
            "nodes": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/node"}},
        },
        "$defs": {"node": node},
    }
