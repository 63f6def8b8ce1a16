"""Framework YAML: read files people hand in within limits, write them in the shipped layout."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from parindex.core.errors import FrameworkError, Problem
from parindex.core.limits import YAML_LIMITS, YamlLimits
from parindex.core.loader import build_framework, parse_yaml
from parindex.core.model import Framework, InputSpec, Node
from parindex.core.rules import Rule
from parindex.core.rules.answers import Choice, YesNo
from parindex.core.rules.bands import Bands
from parindex.core.rules.comparison import ComparePrevious
from parindex.core.rules.counts import Bonus, Penalty
from parindex.core.rules.expression import FormulaRule
from parindex.core.rules.manual import Manual
from parindex.core.rules.measure import Measure
from parindex.core.rules.proportional import BaseProportional, Proportional, ThresholdProportional

SCHEMA = "parindex/framework/1"
TOP_KEYS = (
    "schema",
    "code",
    "title",
    "title_en",
    "legal_basis",
    "legal_basis_en",
    "version",
    "years",
    "unit_kind",
    "sources",
    "blocks",
    "nodes",
)
NODE_KEYS = (
    "code",
    "title",
    "title_en",
    "max",
    "block",
    "scored_by",
    "published",
    "source",
    "guidance",
    "guidance_en",
    "evidence",
    "evidence_en",
    "inputs",
    "relations",
    "rule",
    "explain",
    "children",
)
INDENT = "  "

# Words other YAML readers (YAML 1.1) take for booleans or null: always quoted.
_RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}
_PLAIN_VALUE = re.compile(r"[a-z][a-z0-9_]*(?:[-/][a-z0-9_]+)*")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


# --- reading ---------------------------------------------------------------------------------


def parse_framework_yaml(text: str, source: str = "", limits: YamlLimits = YAML_LIMITS) -> Any:
    """Parse framework YAML within ``limits``; a refusal is a FrameworkError like a syntax error."""
    return parse_yaml(text, source, limits=limits)


def load_framework_yaml(text: str, source: str = "") -> Framework:
    """Parse (within limits) and validate a framework file; raise FrameworkError listing all."""
    return build_framework(parse_framework_yaml(text, source), source)


# --- a Framework back to a document --------------------------------------------------------


def framework_document(framework: Framework) -> dict[str, Any]:
    """Turn a Framework into the plain document (dicts, lists, Decimals) it was loaded from."""
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "code": framework.code,
        "title": framework.title,
    }
    if framework.title_en:
        doc["title_en"] = framework.title_en
    doc["legal_basis"] = framework.legal_basis
    if framework.legal_basis_en:
        doc["legal_basis_en"] = framework.legal_basis_en
    doc["version"] = framework.version
    doc["years"] = list(framework.years)
    doc["unit_kind"] = framework.unit_kind
    if framework.sources:
        doc["sources"] = dict(framework.sources)
    doc["blocks"] = [
        {
            "code": b.code,
            "title": b.title,
            **({"title_en": b.title_en} if b.title_en else {}),
            "max": b.max,
        }
        for b in framework.blocks
    ]
    doc["nodes"] = [_node_document(n, None) for n in framework.nodes]
    return doc


def _without_english(value: Any, key: str = "") -> Any:
    """A document with every English text left out: ``*_en`` keys, ``explain: {en: …}``."""
    if isinstance(value, Mapping):
        return {
            k: _without_english(v, str(k))
            for k, v in value.items()
            if not str(k).endswith("_en") and not (key == "explain" and k == "en")
        }
    if isinstance(value, list):
        return [_without_english(v) for v in value]
    return value


def differs_only_in_english(old: Framework, new: Framework) -> bool:
    """Whether ``new`` is ``old`` with English words added or changed, nothing else: the same
    tree, numbers, rules, Vietnamese texts, sources and identity (a translation)."""
    before, after = framework_document(old), framework_document(new)
    return before != after and _without_english(before) == _without_english(after)


def _node_document(node: Node, parent: Node | None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": node.code, "title": node.title}
    if node.title_en:
        out["title_en"] = node.title_en
    out["max"] = node.max
    # Block and scorer are inherited, so they are written where they change (and the block
    # on every area, as the shipped files do).
    if parent is None or node.block != parent.block:
        out["block"] = node.block
    if node.scored_by != (parent.scored_by if parent is not None else "self"):
        out["scored_by"] = node.scored_by
    if not node.published:
        out["published"] = False
    for key in ("source", "guidance", "guidance_en"):
        if getattr(node, key):
            out[key] = getattr(node, key)
    if node.evidence:
        out["evidence"] = list(node.evidence)
    if node.evidence_en:
        out["evidence_en"] = list(node.evidence_en)
    implicit = type(node.rule).implicit_inputs if node.rule is not None else ()
    inputs = {s.name: _input_document(s) for s in node.inputs if s not in implicit}
    if inputs:
        out["inputs"] = inputs
    if node.relations:
        out["relations"] = [
            {"left": r.left, "op": r.op, "right": r.right if r.constant is None else r.constant}
            for r in node.relations
        ]
    if node.rule is not None:
        out["rule"] = rule_spec(node.rule, node)
    if node.explain:
        out["explain"] = dict(node.explain)
    if node.children:
        out["children"] = [_node_document(c, node) for c in node.children]
    return out


def _input_document(spec: InputSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": spec.kind}
    for key in ("title", "title_en", "unit", "unit_en"):
        if getattr(spec, key):
            out[key] = getattr(spec, key)
    if spec.choices:
        out["choices"] = list(spec.choices)
    if spec.choices_en:
        out["choices_en"] = list(spec.choices_en)
    return out


def _measure_spec(measure: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if measure.value is not None:
        out["value"] = measure.value
    else:
        out["numerator"] = measure.numerator
        out["denominator"] = measure.denominator
    if measure.when_zero != "full":
        out["when_zero"] = measure.when_zero
    return out


def rule_spec(rule: Rule, node: Node) -> dict[str, Any]:
    """Write a parsed rule back as its spec (``{kind: ..., ...}``), defaults left out."""
    if rule.spec:  # parsed from a file: write back exactly what was written
        return {"kind": rule.kind, **{k: v for k, v in rule.spec.items() if k != "kind"}}
    spec: dict[str, Any] = {"kind": rule.kind}
    if isinstance(rule, Proportional):
        spec.update(_measure_spec(rule.measure))
    elif isinstance(rule, ThresholdProportional):
        spec.update(_measure_spec(rule.measure))
        spec["target"] = rule.target
    elif isinstance(rule, BaseProportional):
        spec["base"] = rule.base
        spec.update(_measure_spec(rule.measure))
    elif isinstance(rule, Bands):
        spec.update(_measure_spec(rule.measure))
        spec["bands"] = [{"from": b.low, "to": b.high, "points": b.points} for b in rule.bands]
    elif isinstance(rule, ComparePrevious):
        spec["value"] = rule.value
        if rule.previous is not None:
            spec["previous"] = rule.previous
        if rule.or_equal:
            spec["or_equal"] = True
    elif isinstance(rule, YesNo):
        spec["input"] = rule.name
        if rule.yes != node.max:
            spec["yes"] = rule.yes
        if rule.no != 0:
            spec["no"] = rule.no
    elif isinstance(rule, Choice):
        spec["input"] = rule.name
        spec["points"] = dict(rule.points)
    elif isinstance(rule, Bonus | Penalty):
        spec["input"] = rule.name
        spec["per"] = rule.per
    elif isinstance(rule, FormulaRule):
        spec["expr"] = rule.formula.text
    elif not isinstance(rule, Manual):
        # A kind registered after this writer: it cannot be written back without its spec.
        raise FrameworkError(
            [
                Problem(
                    "rule_not_writable",
                    f"rule '{rule.kind}' cannot be written back to a file",
                    node=node.code,
                    params={"rule": rule.kind},
                )
            ]
        )
    return spec


# --- YAML text -----------------------------------------------------------------------------


def dump_framework_yaml(framework: Framework | Mapping[str, Any], *, comment: str = "") -> str:
    """Write a framework (or its document) as YAML text that loads back to the same framework."""
    doc = framework_document(framework) if isinstance(framework, Framework) else framework
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    for key in _ordered(doc, TOP_KEYS):
        value = doc[key]
        if key == "sources" and isinstance(value, Mapping):
            lines.append("sources:")
            lines.extend(_block_mapping(value, INDENT))
        elif key == "blocks" and isinstance(value, list):
            lines.append("blocks:")
            lines.extend(f"{INDENT}- {flow(item)}" for item in value)
        elif key == "nodes" and isinstance(value, list):
            lines.append("nodes:")
            for node in value:
                lines.extend(_node_lines(node, INDENT))
        else:
            lines.append(_entry(key, value, ""))
    return "\n".join(lines) + "\n"


def _ordered(mapping: Mapping[str, Any], order: Sequence[str]) -> list[str]:
    known = [k for k in order if k in mapping]
    return known + [k for k in mapping if k not in order]


def _node_lines(node: Any, indent: str) -> list[str]:
    if not isinstance(node, Mapping):
        return [f"{indent}- {flow(node)}"]
    inner = indent + INDENT
    lines: list[str] = []
    for key in _ordered(node, NODE_KEYS):
        value = node[key]
        if key == "inputs" and isinstance(value, Mapping) and value:
            body = [f"{inner}{INDENT}{_key(k)}: {flow(v)}" for k, v in value.items()]
            lines += [f"{inner}inputs:", *body]
        elif key == "explain" and isinstance(value, Mapping) and value:
            lines += [f"{inner}explain:", *_block_mapping(value, inner + INDENT)]
        elif key == "rule" and isinstance(value, Mapping) and _has_list(value):
            # Bands read best one per line, as in the shipped files.
            lines.append(f"{inner}rule:")
            for k, v in value.items():
                if isinstance(v, list) and v:
                    lines.append(f"{inner}{INDENT}{_key(k)}:")
                    lines.extend(f"{inner}{INDENT * 2}- {flow(item)}" for item in v)
                else:
                    lines.append(f"{inner}{INDENT}{_key(k)}: {flow(v)}")
        elif key == "children" and isinstance(value, list) and value:
            lines.append(f"{inner}children:")
            for child in value:
                lines.extend(_node_lines(child, inner + INDENT))
        else:
            lines.append(_entry(key, value, inner))
    if lines:
        lines[0] = f"{indent}- {lines[0][len(inner) :]}"
    return lines


def _has_list(mapping: Mapping[str, Any]) -> bool:
    return any(isinstance(v, list) and v for v in mapping.values())


def _block_mapping(mapping: Mapping[str, Any], indent: str) -> list[str]:
    return [_entry(str(k), v, indent) for k, v in mapping.items()]


def _entry(key: str, value: Any, indent: str) -> str:
    """A ``key: value`` line; multi-line text becomes a literal block."""
    if isinstance(value, str) and _literal_ok(value):
        body = "\n".join(f"{indent}{INDENT}{line}" if line else "" for line in value.split("\n"))
        return f"{indent}{_key(key)}: |-\n{body}"
    return f"{indent}{_key(key)}: {flow(value)}"


def _literal_ok(text: str) -> bool:
    return (
        "\n" in text
        and text == text.strip()
        and all(ch == "\n" or ch.isprintable() for ch in text)
        and all(line == line.rstrip() for line in text.split("\n"))
    )


def flow(value: Any) -> str:
    """Write a value in YAML flow style (one line): ``{a: 1, b: [x, y]}``."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(str(k))}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def scalar(value: Any) -> str:
    """Write one scalar: exact decimals, true/false, null, plain identifiers or quoted text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        # Fixed notation: YAML reads "1E+1" as text, not as a number.
        return format(value, "f")
    text = str(value)
    if _PLAIN_VALUE.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return quote(text)


def _key(key: str) -> str:
    if _PLAIN_KEY.fullmatch(key) and key.lower() not in _RESERVED:
        return key
    return quote(key)


def quote(text: str) -> str:
    """Double-quote text the YAML way; Vietnamese letters stay as they are."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'
