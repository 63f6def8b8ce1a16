"""Load a framework from YAML text: validate everything, report every problem at once."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from parindex.core.errors import FrameworkError, Problem
from parindex.core.limits import YAML_LIMITS, LimitError, YamlLimits, bounded_loader
from parindex.core.model import RELATION_OPS, Block, Framework, InputSpec, Node, Relation
from parindex.core.numbers import to_decimal
from parindex.core.rules import NUMERIC_KINDS, RULES, ParseContext, Rule
from parindex.core.schema import framework_schema


class LineDict(dict[str, Any]):
    """A mapping that remembers the line where it and each of its keys start (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    line: int = 0


class LineLoader(yaml.SafeLoader):
    """Safe YAML with line marks; numbers with a fraction become Decimal, never float.

    :func:`parse_yaml` always reads through it bounded (``parindex.core.limits``).
    """


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int):
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be text", key_node.start_mark
            )
        key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _construct_float(loader: LineLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except ArithmeticError as exc:  # .inf, .nan
        raise yaml.constructor.ConstructorError(
            None, None, f"not a finite number: {text}", node.start_mark
        ) from exc


# YAML 1.1 reads yes/no/on/off as booleans; rules have keys named "yes" and "no", and a
# Vietnamese title may well be "No". Only true/false are booleans here (as in YAML 1.2).
LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def parse_yaml(text: str, source: str = "", *, limits: YamlLimits = YAML_LIMITS) -> Any:
    """Parse YAML text with line marks and exact decimals, within ``limits``.

    Syntax errors and refusals (a :class:`LimitError`, its code ``file_too_large_or_malformed``,
    kept as the error's cause) become a FrameworkError.
    """
    try:
        return yaml.load(text, Loader=bounded_loader(LineLoader, limits))
    except LimitError as exc:
        raise FrameworkError([exc.problem(source)]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = str(exc.problem or exc.context or "invalid YAML")
        params = _syntax_params(message, text, mark)
        raise FrameworkError([Problem("yaml_syntax", message, source, line, "", params)]) from exc
    except yaml.YAMLError as exc:
        params = {"variant": "other", "detail": str(exc)}
        raise FrameworkError([Problem("yaml_syntax", str(exc), source, None, "", params)]) from exc


_DUPLICATE_KEY = re.compile(r"duplicate key '(?P<key>.*)'")


def _syntax_params(message: str, text: str, mark: Any) -> dict[str, object]:
    """What went wrong in the YAML, as a ``variant`` the catalogue words (``detail`` keeps
    the parser's own English for the cases it has no sentence for)."""
    duplicate = _DUPLICATE_KEY.fullmatch(message)
    if duplicate:
        return {"variant": "duplicate_key", "key": duplicate["key"]}
    line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in message or "\t" in line[: max(mark.column, 0) + 1 if mark else 0]:
        return {"variant": "tab"}
    if message.startswith("not a finite number"):
        return {"variant": "not_finite", "value": message.rpartition(": ")[2]}
    if message == "mapping keys must be text":
        return {"variant": "key_not_text"}
    if "mapping values are not allowed" in message or "expected ':'" in message:
        return {"variant": "colon"}
    if "expected <block end>" in message:
        return {"variant": "block_end"}
    if "<stream end>" in message:
        return {"variant": "end"}
    if "expected ',' or ']'" in message or "expected ',' or '}'" in message:
        return {"variant": "bracket"}
    return {"variant": "other", "detail": message}


_VALIDATOR = Draft202012Validator(framework_schema())
#: A number written with a decimal comma (1,5): YAML reads it as text.
_COMMA_DECIMAL = re.compile(r"[+-]?\d+,\d+")


def line_at(document: Any, path: Sequence[object]) -> int | None:
    line = getattr(document, "line", None)
    current = document
    for step in path:
        if isinstance(current, LineDict) and isinstance(step, str) and step in current:
            line = current.key_lines.get(step, line)
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and step < len(current):
            current = current[step]
            line = getattr(current, "line", line)
        else:
            break
    return line


def _node_code_at(document: Any, path: Sequence[object]) -> str:
    code = ""
    current = document
    for step in path:
        try:
            current = current[step]
        except (KeyError, IndexError, TypeError):
            break
        if (
            isinstance(current, Mapping)
            and isinstance(current.get("code"), str)
            and "max" in current
        ):
            code = current["code"]
    return code


def schema_problems(document: Any, source: str) -> list[Problem]:
    """Every JSON Schema error as a ``schema`` problem; its params come from the error itself.

    ``validator`` names the failed keyword and ``path`` the place; ``required`` adds the
    missing ``property``, ``additionalProperties`` the unexpected ``properties``, and ``enum``,
    ``const`` and ``type`` the ``expected`` value. Nothing is read back from the message.
    """
    problems = []
    missing: dict[tuple[object, ...], list[str]] = {}
    for error in sorted(_VALIDATOR.iter_errors(document), key=lambda e: list(map(str, e.path))):
        path = list(error.absolute_path)
        where = "/".join(str(p) for p in path) or "(top)"
        params: dict[str, object] = {"path": where, "validator": error.validator}
        flow: dict[str, object] = {}
        if error.validator == "required":
            # One error per missing property, in the order the schema lists them.
            key = (*path, "//", *error.absolute_schema_path)
            if key not in missing:
                instance = error.instance if isinstance(error.instance, Mapping) else {}
                missing[key] = [p for p in error.validator_value if p not in instance]
            if missing[key]:
                params["property"] = missing[key].pop(0)
        elif error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            declared = (
                error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
            )
            params["properties"] = sorted(str(k) for k in error.instance if k not in declared)
            flow = _flow_comma(error.instance, declared)
        elif error.validator in ("enum", "const", "type"):
            params["expected"] = error.validator_value
        elif error.validator in ("minimum", "maximum", "minLength", "maxLength", "minItems"):
            params["limit"] = error.validator_value
        field = next((str(step) for step in reversed(path) if isinstance(step, str)), "")
        if field:
            params["field"] = field
        instance = error.instance
        if isinstance(instance, str | int | Decimal) and not isinstance(instance, bool):
            params["value"] = instance
            if (
                error.validator == "type"
                and error.validator_value in ("number", "integer")
                and isinstance(instance, str)
                and _COMMA_DECIMAL.fullmatch(instance.strip())
            ):
                params["variant"] = "comma_decimal"
                params["fix"] = instance.strip().replace(",", ".")
        params.update(flow)
        problems.append(
            Problem(
                "schema",
                f"{where}: {error.message}",
                source,
                line_at(document, path),
                _node_code_at(document, path),
                params,
            )
        )
    return problems


def _flow_comma(instance: Mapping[str, Any], declared: Mapping[str, Any]) -> dict[str, object]:
    """``{max: 1,5}`` reads as ``max: 1`` and a key ``5``: say it is a decimal comma."""
    previous: tuple[str, object] | None = None
    for key, value in instance.items():
        if key not in declared and key.isdigit() and value is None and previous is not None:
            name, number = previous
            if isinstance(number, int) and not isinstance(number, bool):
                text = f"{number},{key}"
                return {"variant": "comma_decimal", "field": name, "value": text,
                        "fix": text.replace(",", ".")}  # fmt: skip
        previous = (key, value)
    return {}


#: Rule problems the format (JSON Schema) already reports when it names the same key.
_REPEATS = {
    "rule_bad_number": "key",
    "rule_missing_param": "key",
    "rule_missing_input": "key",
    "rule_bad_input": "key",
    "band_bad": "",
    "formula_invalid": "",
}
_REPEATED_KEYS = {"band_bad": ("from", "to"), "formula_invalid": ("expr",)}


def _without_repeats(problems: list[Problem]) -> list[Problem]:
    """A value the format reports (a missing key, a text for a number, a decimal comma) is not
    reported again by the rule that reads it: one cause, one problem."""
    named: set[tuple[str, str]] = set()
    for p in problems:
        if p.code == "schema" and p.params.get("validator") in ("type", "required", "maxLength"):
            named.add((p.node, str(p.params.get("property") or p.params.get("field") or "")))

    def repeated(p: Problem) -> bool:
        if p.code not in _REPEATS:
            return False
        keys = _REPEATED_KEYS.get(p.code) or (str(p.params.get("key", "")),)
        return any((p.node, key) in named for key in keys)

    return [p for p in problems if not repeated(p)]


def load_framework(text: str, source: str = "", limits: YamlLimits = YAML_LIMITS) -> Framework:
    """Parse (within ``limits``) and validate a framework; raise FrameworkError listing all."""
    document = parse_yaml(text, source, limits=limits)
    return build_framework(document, source)


def build_framework(document: Any, source: str = "") -> Framework:
    """Validate a parsed document (from YAML or a spreadsheet) and build the Framework."""
    if not isinstance(document, Mapping):
        # Nothing else is worth saying about a list or a single word.
        raise FrameworkError([Problem("not_mapping", "not a framework", source)])
    problems = schema_problems(document, source)
    builder = _Builder(document, source, problems)
    framework = builder.build()
    if problems:
        problems[:] = _without_repeats(problems)
        problems.sort(key=lambda p: (p.line or 0, p.node))
        raise FrameworkError(problems)
    assert framework is not None
    return framework


def _plain(value: Any) -> Any:
    """Line-marked YAML values as plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _list(value: Any) -> list[Any]:
    """A list, or empty: a value of the wrong shape is the schema's to report, not a crash."""
    return value if isinstance(value, list) else []


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


class _Builder:
    def __init__(self, document: Mapping[str, Any], source: str, problems: list[Problem]) -> None:
        self.doc = document
        self.source = source
        self.problems = problems
        self.seen: dict[str, int | None] = {}
        self.dropped = False  # a node left out (its maximum unreadable): sums are not checked
        self.block_codes: set[str] = set()

    def report(self, code: str, message: str, raw: Any, node: str = "", **params: object) -> None:
        self.problems.append(
            Problem(code, message, self.source, getattr(raw, "line", None), node, dict(params))
        )

    def reporter(self, raw: Any, node: str) -> Callable[[str, str, dict[str, object]], None]:
        """A report function bound to one place in the file."""

        def report(code: str, message: str, params: dict[str, object]) -> None:
            self.report(code, message, raw, node, **params)

        return report

    def build(self) -> Framework | None:
        doc = self.doc
        blocks = []
        for raw in doc.get("blocks") or []:
            if isinstance(raw, Mapping) and "code" in raw and "max" in raw:
                try:
                    blocks.append(
                        Block(
                            str(raw["code"]),
                            str(raw.get("title", "")),
                            to_decimal(raw["max"]),
                            str(raw.get("title_en", "")),
                        )
                    )
                except ValueError:
                    continue
        self.block_codes = {b.code for b in blocks}
        default_block = blocks[0].code if blocks else ""
        nodes = []
        for raw in doc.get("nodes") or []:
            node = self.node(raw, default_block, "self", 1)
            if node is not None:
                nodes.append(node)
        self.check_blocks(blocks, nodes)
        years = doc.get("years") or []
        try:
            framework = Framework(
                code=str(doc.get("code", "")),
                title=str(doc.get("title", "")),
                title_en=str(doc.get("title_en", "")),
                legal_basis=str(doc.get("legal_basis", "")),
                legal_basis_en=str(doc.get("legal_basis_en", "")),
                version=str(doc.get("version", "")),
                years=tuple(int(y) for y in years if isinstance(y, int)),
                unit_kind=str(doc.get("unit_kind", "")),
                blocks=tuple(blocks),
                nodes=tuple(nodes),
                sources=dict(doc.get("sources") or {}),
                source_name=self.source,
            )
        except (TypeError, ValueError):
            return None
        return framework

    def node(self, raw: Any, block: str, scored_by: str, depth: int) -> Node | None:
        if not isinstance(raw, Mapping):
            return None
        code = str(raw.get("code", "?"))
        if code in self.seen:
            first = self.seen[code]
            self.report(
                "duplicate_code", f"duplicate code (first at line {first})", raw, code, first=first
            )
        self.seen[code] = getattr(raw, "line", None)
        if any(key.isdigit() and raw[key] is None for key in raw):
            # ``{max: 1,5}``: the format reports the decimal comma; the max read is not it.
            self.dropped = True
            return None
        try:
            max_points = to_decimal(raw.get("max"))
        except ValueError:
            self.dropped = True  # the format reports it; the sums would only repeat it
            return None
        if max_points <= 0:
            self.report(
                "max_not_positive",
                f"maximum must be positive, not {max_points}",
                raw,
                code,
                max=max_points,
            )
        block = str(raw.get("block", block))
        if block not in self.block_codes:
            self.report("unknown_block", f"unknown block '{block}'", raw, code, block=block)
        scored_by = str(raw.get("scored_by", scored_by))
        children_raw = _list(raw.get("children"))
        children = []
        for child_raw in children_raw:
            child = self.node(child_raw, block, scored_by, depth + 1)
            if child is not None:
                children.append(child)
        if children and len(children) == len(children_raw):
            total = sum((c.max for c in children), Decimal(0))
            if total != max_points:
                self.report(
                    "children_sum",
                    f"children's maxima add up to {total}, not {max_points}",
                    raw,
                    code,
                    total=total,
                    max=max_points,
                )
        inputs: dict[str, InputSpec] = {}
        for name, spec in _mapping(raw.get("inputs")).items():
            if isinstance(spec, Mapping):
                inputs[name] = InputSpec(
                    name=name,
                    kind=str(spec.get("kind", "")),
                    title=str(spec.get("title", "")),
                    unit=str(spec.get("unit", "")),
                    choices=tuple(str(c) for c in _list(spec.get("choices"))),
                    title_en=str(spec.get("title_en", "")),
                    unit_en=str(spec.get("unit_en", "")),
                    choices_en=tuple(str(c) for c in _list(spec.get("choices_en"))),
                )
                english = inputs[name].choices_en
                if english and len(english) != len(inputs[name].choices):
                    self.report(
                        "choice_options",
                        f"input '{name}' has {len(english)} English choices for "
                        f"{len(inputs[name].choices)} choices",
                        spec,
                        code,
                        variant="english",
                        input=name,
                        found=len(english),
                        expected=len(inputs[name].choices),
                    )
                if spec.get("kind") == "choice" and not spec.get("choices"):
                    self.report(
                        "choice_options",
                        f"input '{name}' of kind choice needs 'choices'",
                        spec,
                        code,
                        variant="missing",
                        input=name,
                    )
        rule: Rule | None = None
        rule_raw = raw.get("rule")
        if children_raw and rule_raw is not None:
            self.report(
                "rule_on_parent", "only leaves carry a rule; this node has children", rule_raw, code
            )
        elif not children_raw:
            if not isinstance(rule_raw, Mapping):
                self.report("rule_missing", "a leaf needs a rule", raw, code)
            elif rule_raw.get("kind") in RULES:
                cls = RULES[rule_raw["kind"]]
                for implicit in cls.implicit_inputs:
                    inputs.setdefault(implicit.name, implicit)
                ctx = ParseContext(
                    code=code,
                    max=max_points,
                    inputs=inputs,
                    report=self.reporter(rule_raw, code),
                )
                rule = cls.parse(rule_raw, ctx)
                if rule is not None:
                    rule.spec = _plain(rule_raw)
        relations = self.relations(raw, code, inputs, bool(children_raw))
        explain = _mapping(raw.get("explain"))
        return Node(
            code=code,
            title=str(raw.get("title", "")),
            title_en=str(raw.get("title_en", "")),
            max=max_points,
            block=block,
            scored_by=scored_by,
            depth=depth,
            children=tuple(children),
            rule=rule,
            inputs=tuple(inputs.values()),
            evidence=tuple(str(e) for e in _list(raw.get("evidence"))),
            guidance=str(raw.get("guidance", "")),
            guidance_en=str(raw.get("guidance_en", "")),
            evidence_en=tuple(str(e) for e in _list(raw.get("evidence_en"))),
            source=str(raw.get("source", "")),
            published=bool(raw.get("published", True)),
            explain={str(k): str(v) for k, v in explain.items()},
            line=getattr(raw, "line", None),
            relations=relations,
        )

    def relations(
        self, raw: Mapping[str, Any], code: str, inputs: Mapping[str, InputSpec], parent: bool
    ) -> tuple[Relation, ...]:
        """The node's declared relations: numeric inputs of its own, or a constant on the right."""
        found: list[Relation] = []
        items = _list(raw.get("relations"))
        if items and parent:
            self.report(
                "relation_on_parent", "only leaves carry relations between inputs", raw, code
            )
            return ()
        numeric = {n for n, s in inputs.items() if s.kind in NUMERIC_KINDS}
        for item in items:
            if not isinstance(item, Mapping):
                continue  # the schema reports the shape
            left, op, right = item.get("left"), item.get("op"), item.get("right")
            ok = op in RELATION_OPS
            for side, name in (("left", left), ("right", right)):
                if isinstance(name, str) and name not in numeric:
                    self.report(
                        "relation_unknown_input",
                        f"relation: '{name}' ({side}) is not a numeric input of the node",
                        item,
                        code,
                        input=name,
                    )
                    ok = False
            if not isinstance(left, str):
                ok = False
            constant = None
            if not isinstance(right, str):
                try:
                    constant = to_decimal(right)
                except ValueError:
                    ok = False
            if ok and isinstance(left, str):
                found.append(
                    Relation(
                        left,
                        str(op),
                        right if isinstance(right, str) else "",
                        constant,
                        origin="framework",
                    )
                )
        return tuple(found)

    def check_blocks(self, blocks: list[Block], nodes: list[Node]) -> None:
        sums: dict[str, Decimal] = {b.code: Decimal(0) for b in blocks}

        def walk(node: Node) -> None:
            if node.is_leaf:
                sums[node.block] = sums.get(node.block, Decimal(0)) + node.max
            for child in node.children:
                walk(child)

        for node in nodes:
            walk(node)
        raw_blocks = self.doc.get("blocks") or []
        if self.dropped:
            return
        for block, raw in zip(blocks, raw_blocks, strict=False):
            if sums.get(block.code, Decimal(0)) != block.max:
                self.report(
                    "block_sum",
                    f"block '{block.code}': its items' maxima add up to "
                    f"{sums.get(block.code, 0)}, not {block.max}",
                    raw,
                    block=block.code,
                    total=sums.get(block.code, Decimal(0)),
                    max=block.max,
                )
