"""Indicators as data: a YAML file of flags, indicators and links to framework inputs."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from parindex.core.dates import parse_date
from parindex.core.limits import CODE, LimitError, load_yaml
from parindex.indicators.errors import DefinitionError
from parindex.indicators.schema import DATE_FIELDS, FIELD_BY_NAME, FIELDS, NAMES, VOCAB, fold, nfc

DEFAULT_FILE = "indicators.yaml"
LINK_VALUES = ("numerator", "denominator", "rate", "percent")


@dataclass(frozen=True)
class Measure:
    """A count of rows matching `where`, or of distinct values of `distinct` among them."""

    where: str
    distinct: str | None = None

    @property
    def key(self) -> str:
        """Return a stable identity used to share one aggregation between indicators."""
        return f"{self.distinct or '*'}|{self.where}"


@dataclass(frozen=True)
class Indicator:
    """A named measure over the log: a count, or a rate numerator / denominator."""

    name: str
    title: Mapping[str, str]
    numerator: Measure
    denominator: Measure | None
    sha256: str

    @property
    def is_rate(self) -> bool:
        """Return True when the indicator is a ratio."""
        return self.denominator is not None


@dataclass(frozen=True)
class Link:
    """A framework node's inputs filled from one indicator over the rows `where` selects."""

    indicator: str
    framework: str
    node: str
    where: str
    inputs: Mapping[str, str]
    approximate: bool = False


@dataclass(frozen=True)
class Definitions:
    """A parsed definitions file."""

    source: str
    period: str
    flags: Mapping[str, str]
    indicators: Mapping[str, Indicator]
    links: tuple[Link, ...]
    sha256: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()

    def compile(
        self,
        text: str,
        as_of: dt.date | pl.Expr,
        known: Mapping[str, str] | None = None,
        source: str | None = None,
    ) -> pl.Expr:
        """Compile a filter expression to a boolean polars expression.

        `as_of` is a date, or an expression giving one per row (the store's summaries
        evaluate a filter at the dates where its value can change). `known` names flags
        already computed as columns (flag → column, `flag_columns`): read, not expanded.
        `source` is what an error names (the definitions file by default; a user's filter
        is `WHERE`).
        """
        return _Compiler(self.flags, as_of, source or self.source, known).compile(text)

    def flag_columns(
        self,
        as_of: dt.date | pl.Expr,
        prefix: str,
        known: Mapping[str, str] | None = None,
        used_by: Iterable[str] | None = None,
    ) -> tuple[list[list[pl.Expr]], dict[str, str]]:
        """Return the flags as columns named `prefix` + flag, and the `known` map to read them.

        A flag used by other flags is then computed once a row instead of once each time it
        is named (the filter 'late or overdue' names `counted` six times). Flags in `known`
        (computed already, e.g. those that do not read `as_of`) are read, not computed. The
        columns come in layers, each reading only the layers before it: add them with one
        `with_columns` each, in order. With `used_by` (filters), only the flags they name,
        directly or through other flags, are made (a flag reading a column the file lacks,
        and that nothing asked for names, is not).
        """
        known = dict(known or {})
        deps = {name: _flag_names(text, self.flags) for name, text in self.flags.items()}
        if used_by is not None:
            wanted: set[str] = set()
            todo = [n for text in used_by for n in _flag_names(text, self.flags)]
            while todo:
                if (name := todo.pop()) not in wanted and name not in known:
                    wanted.add(name)
                    todo += deps[name]
            deps = {n: d for n, d in deps.items() if n in wanted}
        layers: list[list[pl.Expr]] = []
        while todo_flags := [n for n in deps if n not in known]:
            ready = [n for n in todo_flags if deps[n] <= known.keys()]
            if not ready:  # a cycle: compiling it names the flag
                self.compile(todo_flags[0], as_of)
            layers.append(
                [self.compile(self.flags[n], as_of, known).alias(prefix + n) for n in ready]
            )
            known.update({n: prefix + n for n in ready})
        return layers, known

    def as_of_points(self, text: str) -> set[tuple[str, int]] | None:
        """Return where a filter's truth can change as the reading date moves.

        Each (column, shift) says: it may change when `as_of` reaches the row's date in that
        column plus `shift` days; between those dates it is constant. None when the filter
        compares `as_of` with something else than a date column (no such points are known).
        """
        compiler = _Compiler(self.flags, dt.date(2000, 1, 1), self.source)
        compiler.compile(text)
        return compiler.points

    def requires(self, indicator: Indicator, where: str | None = None) -> set[str]:
        """Return the columns a file must have for `indicator` (and `where`) to mean anything.

        Required columns are always there; `optional` ones (the status) may be missing; any
        other column an indicator reads must be in the file, or its count would be zero.
        """
        probe = dt.date(2000, 1, 1)
        exprs = [
            self.compile(m.where, probe) for m in (indicator.numerator, indicator.denominator) if m
        ]
        if where:
            exprs.append(self.compile(where, probe, source=WHERE))
        names = {n for e in exprs for n in e.meta.root_names()}
        names |= {
            m.distinct for m in (indicator.numerator, indicator.denominator) if m and m.distinct
        }
        always = {f.name for f in FIELDS if f.required} | {"agency_code", "agency_name"}
        return (names & set(NAMES)) - always - set(self.optional)

    def links_for(self, framework: str) -> list[Link]:
        """Return the links into `framework`."""
        return [lk for lk in self.links if lk.framework == framework]

    def title_of(self, name: str, lang: str) -> str:
        """Return an indicator's title in `lang` (an unknown indicator by its name)."""
        indicator = self.indicators.get(name)
        return title_in(indicator.title, lang, name) if indicator is not None else name


def title_in(titles: Mapping[str, str], lang: str, default: str) -> str:
    """Return a title in `lang`, else in Vietnamese, else `default` (the indicator's key)."""
    return titles.get(lang) or titles.get("vi") or default


def _digest(obj: object) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _measure(spec: object, where: str) -> Measure:
    if isinstance(spec, str | bool):
        return Measure(str(spec))
    if isinstance(spec, Mapping):
        distinct = spec.get("distinct")
        if distinct is not None and distinct not in NAMES:
            raise DefinitionError("unknown_column", file=where, value=str(distinct))
        return Measure(str(spec.get("where", "True")), distinct)
    raise DefinitionError("bad_measure", file=where, value=repr(spec))


def parse_definitions(text: str, source: str = DEFAULT_FILE) -> Definitions:
    """Parse and check a definitions file (every filter must compile)."""
    try:
        doc = load_yaml(text, loader=yaml.SafeLoader)
    except LimitError as exc:
        raise DefinitionError(CODE, file=source, detail={"error": str(exc)}) from exc
    except yaml.YAMLError as exc:
        raise DefinitionError("bad_syntax", file=source, detail={"error": str(exc)}) from exc
    if not isinstance(doc, Mapping) or not isinstance(doc.get("indicators"), Mapping):
        raise DefinitionError("no_indicators", file=source)
    flags = {str(k): str(v) for k, v in (doc.get("flags") or {}).items()}
    period = str(doc.get("period", "received_date"))
    if period not in NAMES or FIELD_BY_NAME[period].kind != "date":
        raise DefinitionError("bad_period", file=source, value=period)
    indicators: dict[str, Indicator] = {}
    for name, spec in doc["indicators"].items():
        if not isinstance(spec, Mapping) or "numerator" not in spec:
            raise DefinitionError("bad_indicator", file=source, field=str(name))
        den = spec.get("denominator")
        # The hash covers the indicator and the flags, since a flag change changes the count.
        sha = _digest({"indicator": {str(k): v for k, v in spec.items()}, "flags": flags})
        indicators[str(name)] = Indicator(
            name=str(name),
            title={str(k): str(v) for k, v in (spec.get("title") or {}).items()},
            numerator=_measure(spec["numerator"], source),
            denominator=None if den is None else _measure(den, source),
            sha256=sha,
        )
    links = []
    for spec in doc.get("links") or ():
        ind = spec.get("indicator")
        if ind not in indicators:
            raise DefinitionError("unknown_indicator", file=source, value=str(ind))
        inputs = {str(k): str(v) for k, v in (spec.get("inputs") or {}).items()}
        for v in inputs.values():
            if v not in LINK_VALUES:
                raise DefinitionError("bad_link_value", file=source, value=v)
        links.append(
            Link(
                indicator=ind,
                framework=str(spec["framework"]),
                node=str(spec["node"]),
                where=str(spec.get("where", "True")),
                inputs=inputs,
                approximate=bool(spec.get("approximate", False)),
            )
        )
    optional = frozenset(str(n) for n in doc.get("optional") or ())
    for name in optional:
        if name not in NAMES:
            raise DefinitionError("unknown_column", file=source, value=name)
    defs = Definitions(
        source, period, flags, indicators, tuple(links), _digest(doc), optional=optional
    )
    probe = dt.date(2000, 1, 1)
    for ind in indicators.values():
        for m in (ind.numerator, ind.denominator):
            if m is not None:
                defs.compile(m.where, probe)
    for lk in links:
        defs.compile(lk.where, probe)
    return defs


@functools.cache
def _shipped() -> Definitions:
    """Return the shipped definitions, parsed once (they are immutable; parsing takes ~0,07 s)."""
    text = (
        resources.files("parindex.indicators")
        .joinpath("data")
        .joinpath(DEFAULT_FILE)
        .read_text("utf-8")
    )
    return parse_definitions(text, DEFAULT_FILE)


def load_definitions(path: str | Path | None = None) -> Definitions:
    """Load a definitions file, or the shipped one when `path` is None."""
    if path is None:
        return _shipped()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DefinitionError("unreadable", file=str(path), detail={"error": exc.strerror}) from exc
    return parse_definitions(text, str(path))


_OPS = {
    ast.Eq: "__eq__",
    ast.NotEq: "__ne__",
    ast.Lt: "__lt__",
    ast.LtE: "__le__",
    ast.Gt: "__gt__",
    ast.GtE: "__ge__",
}
_BOOL_COLUMNS = {n for n, f in FIELD_BY_NAME.items() if f.kind == "bool"}


#: What an error in a user's filter (`--where`, `where=`) names instead of a file.
WHERE = "--where"


class _Compiler:
    """Compile a Python-syntax filter to polars, allowing only a tiny, safe subset."""

    def __init__(
        self,
        flags: Mapping[str, str],
        as_of: dt.date | pl.Expr,
        source: str,
        known: Mapping[str, str] | None = None,
    ) -> None:
        self.flags = flags
        self.as_of = as_of
        self.source = source
        self.known = known or {}
        self.stack: list[str] = []
        self.points: set[tuple[str, int]] | None = set()  # see Definitions.as_of_points

    def note_as_of(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> None:
        """Record where a comparison with `as_of` changes (`Definitions.as_of_points`)."""
        is_as_of = [isinstance(n, ast.Name) and n.id == "as_of" for n in (left, right)]
        if not any(is_as_of) or all(is_as_of):
            return
        other = right if is_as_of[0] else left
        if not (isinstance(other, ast.Name) and other.id in DATE_FIELDS) or self.points is None:
            self.points = None
            return
        if is_as_of[0]:  # as_of OP X  ==  X (OP mirrored) as_of
            op = {ast.Lt: ast.Gt(), ast.Gt: ast.Lt(), ast.LtE: ast.GtE(), ast.GtE: ast.LtE()}.get(
                type(op), op
            )
        # X <= as_of and X > as_of change at as_of = X; X < as_of and X >= as_of at X + 1.
        shifts = {ast.LtE: (0,), ast.Gt: (0,), ast.Lt: (1,), ast.GtE: (1,)}.get(type(op), (0, 1))
        self.points |= {(other.id, s) for s in shifts}

    def fail(self, reason: str, text: str) -> DefinitionError:
        return DefinitionError(reason, file=self.source, value=text)

    def compile(self, text: str) -> pl.Expr:
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as exc:
            raise self.fail("bad_expression", text) from exc
        return self.boolean(tree.body, text)

    def boolean(self, node: ast.AST, text: str) -> pl.Expr:
        if isinstance(node, ast.BoolOp):
            parts = [self.boolean(v, text) for v in node.values]
            out = parts[0]
            for p in parts[1:]:
                out = out & p if isinstance(node.op, ast.And) else out | p
            return out
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return ~self.boolean(node.operand, text)
        if isinstance(node, ast.Compare):
            return self.compare(node, text)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            # A column expression, not a literal: a literal would aggregate to one per group.
            # received_date is required, so it is never missing on a stored row.
            present = pl.col("received_date").is_not_null()
            return present if node.value else ~present
        if isinstance(node, ast.Name):
            if node.id in self.known:
                return pl.col(self.known[node.id])
            if node.id in self.flags:
                if node.id in self.stack:
                    raise self.fail("recursive_flag", node.id)
                self.stack.append(node.id)
                try:
                    return self.compile(self.flags[node.id])
                finally:
                    self.stack.pop()
            if node.id in _BOOL_COLUMNS:
                return pl.col(node.id).fill_null(False)
            raise self.fail("unknown_name", node.id)
        raise self.fail("not_a_condition", ast.unparse(node))

    def value(self, node: ast.AST, text: str) -> pl.Expr:
        if isinstance(node, ast.Name):
            if node.id == "as_of":
                if isinstance(self.as_of, pl.Expr):
                    return self.as_of
                return pl.lit(self.as_of, dtype=pl.Date)
            if node.id in NAMES:
                return pl.col(node.id)
            raise self.fail("unknown_name", node.id)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return pl.lit(nfc(node.value))  # the log's text is NFC; so is what it is compared to
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return pl.lit(node.value)
        raise self.fail("not_a_value", ast.unparse(node))

    def literal(self, column: ast.AST, value: object) -> object:
        """Return a constant compared with `column` as the log holds it, or fail.

        A coded column (level, channel, status) is compared with codes; its words as tables
        show them ('Cấp huyện', 'Trực tuyến', 'Đã hủy') are read as their codes, and a value
        that is neither is an error naming the codes (it matched nothing before, so the
        figures were zeros). A date column is compared with a date typed dd/mm/yyyy or
        yyyy-mm-dd (a text compared with a date was polars' error).
        """
        if not isinstance(value, str):
            return value
        text = nfc(value)
        spec = FIELD_BY_NAME.get(column.id) if isinstance(column, ast.Name) else None
        if spec is None or not isinstance(column, ast.Name):
            return text
        if spec.kind in ("bool", "level", "channel", "status"):
            # A coded column takes its codes, or its words read through its word table; a
            # yes/no column ('Có', 'Không') the word's truth value.
            words = VOCAB[spec.kind]
            codes = sorted(set(words.values()))
            yes_no = spec.kind == "bool"
            code = text if text in codes and not yes_no else words.get(fold(text))
            if code is None:
                raise DefinitionError(
                    "unknown_value",
                    file=self.source,
                    field=column.id,
                    value=value,
                    detail={"expected": ["True", "False", "Có", "Không"] if yes_no else codes},
                )
            return code == "true" if yes_no else code
        if spec.kind == "date":
            day = parse_date(text)
            if day is None:
                raise DefinitionError("bad_date", file=self.source, field=column.id, value=value)
            return day
        return text

    def operand(self, node: ast.AST, other: ast.AST, text: str) -> pl.Expr:
        """Return one side of a comparison: a constant is read for the column on the other."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = self.literal(other, node.value)
            if isinstance(value, dt.date):
                return pl.lit(value, dtype=pl.Date)
            return pl.lit(value)
        return self.value(node, text)

    def compare(self, node: ast.Compare, text: str) -> pl.Expr:
        out: pl.Expr | None = None
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn) and isinstance(left, ast.Name):
                if left.id == "as_of":
                    self.points = None
            elif not isinstance(op, ast.Is | ast.IsNot):
                self.note_as_of(left, op, right)
            if isinstance(op, ast.Is | ast.IsNot):
                if not (isinstance(right, ast.Constant) and right.value is None):
                    raise self.fail("is_needs_none", text)
                lv = self.value(left, text)
                part = lv.is_null() if isinstance(op, ast.Is) else lv.is_not_null()
            elif isinstance(op, ast.In | ast.NotIn):
                if not isinstance(right, ast.Tuple | ast.List | ast.Set):
                    raise self.fail("in_needs_list", text)
                items = []
                for elt in right.elts:
                    if not isinstance(elt, ast.Constant):
                        raise self.fail("in_needs_list", text)
                    items.append(self.literal(left, elt.value))
                part = self.value(left, text).is_in(items)
                if isinstance(op, ast.NotIn):
                    part = ~part
                part = part.fill_null(False)
            elif type(op) in _OPS:
                lv, rv = self.operand(left, right, text), self.operand(right, left, text)
                part = getattr(lv, _OPS[type(op)])(rv).fill_null(False)
            else:
                raise self.fail("bad_operator", text)
            out = part if out is None else out & part
            left = right
        assert out is not None
        return out


def _flag_names(text: str, flags: Mapping[str, str]) -> set[str]:
    """Return the flags a filter names (a filter that does not parse names none)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in flags}


@dataclass(frozen=True)
class Term:
    """One plain condition of a filter: `column` is (or, not `equal`, is not) one of `values`.

    A yes/no column stands alone (``apology_sent``, ``not apology_sent``): values ``(True,)``.
    """

    column: str
    equal: bool
    values: tuple[str | bool, ...]


def where_terms(text: str) -> tuple[Term, ...] | None:
    """Return a filter as plain conditions all of which hold, so it can be put in words.

    Only ``column == 'v'``, ``!=``, ``in (…)``, ``not in (…)`` and yes/no columns, joined by
    ``and``, over the normalised columns; anything else (a flag, a date, ``or``) is None.
    An empty filter, or ``True``, is no condition: ``()``.
    """
    if not text.strip():
        return ()
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return None
    terms: list[Term] = []
    return tuple(terms) if _terms(tree.body, terms) else None


def _terms(node: ast.AST, out: list[Term]) -> bool:
    if isinstance(node, ast.BoolOp):
        return isinstance(node.op, ast.And) and all(_terms(v, out) for v in node.values)
    if isinstance(node, ast.Constant) and node.value is True:
        return True
    negated = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    name = node.operand if isinstance(node, ast.UnaryOp) and negated else node
    if isinstance(name, ast.Name) and name.id in _BOOL_COLUMNS:
        out.append(Term(name.id, not negated, (True,)))
        return True
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
        return False
    left, op, right = node.left, node.ops[0], node.comparators[0]
    if not (isinstance(left, ast.Name) and left.id in NAMES and left.id not in DATE_FIELDS):
        return False
    items: list[ast.expr]
    if isinstance(op, ast.Eq | ast.NotEq):
        items = [right]
    elif isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.Tuple | ast.List | ast.Set):
        items = list(right.elts)
    else:
        return False
    texts = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
    if not items or len(texts) != len(items):
        return False
    values = tuple(nfc(t) for t in texts)
    out.append(Term(left.id, isinstance(op, ast.Eq | ast.In), values))
    return True
