"""Column mappings: which header in a file holds which normalised column, and extra words.

A mapping file is validated against the published JSON Schema
(``parindex/indicators/data/dossier-mapping.schema.json``); every problem is reported at once
with the line of the mapping file it is on.
"""

from __future__ import annotations

import codecs
import functools
import json
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from parindex.core.errors import FrameworkError
from parindex.core.limits import CODE, YAML_LIMITS, LimitError, check_size
from parindex.core.loader import LineDict, line_at, parse_yaml
from parindex.indicators.errors import MappingError, RowProblem
from parindex.indicators.schema import FIELD_BY_NAME, VOCAB, fold, nfc

SCHEMA_FILE = "dossier-mapping.schema.json"


@functools.cache
def mapping_schema() -> dict[str, Any]:
    """Return the JSON Schema of mapping files (shipped with the package)."""
    text = resources.files("parindex.indicators").joinpath("data", SCHEMA_FILE).read_text("utf-8")
    return dict(json.loads(text))


@dataclass(frozen=True)
class ColumnMapping:
    """How to read one kind of export.

    ``columns`` maps a normalised column to the header(s) that may hold it (unset columns fall
    back to the built-in Vietnamese aliases); ``values`` adds words per kind (``level``,
    ``channel``, ``status``, ``bool``); ``defaults`` gives a constant for a column the file lacks
    (e.g. ``level: district`` for one district's export); ``header_row`` (1-based) skips
    detection; ``encoding`` None means detected. ``source`` and ``lines`` say where the
    mapping came from (file, and the line of each ``columns`` entry) for error messages.
    """

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    source: str = field(default="", compare=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    def candidates(self, name: str) -> tuple[str, ...]:
        """Return the headers that may hold column `name`, explicit ones first."""
        explicit = self.columns.get(name)
        return explicit if explicit else FIELD_BY_NAME[name].aliases

    def vocab(self, kind: str) -> dict[str, str]:
        """Return the folded word → value table for a kind, with this mapping's additions."""
        table = dict(VOCAB[kind])
        table.update({fold(k): v for k, v in self.values.get(kind, {}).items()})
        return table

    def as_dict(self) -> dict[str, Any]:
        """Return the mapping as plain data (stored in the manifest)."""
        return {
            "columns": {k: list(v) for k, v in self.columns.items()},
            "values": self.values,
            "defaults": self.defaults,
            "header_row": self.header_row,
            "sheet": self.sheet,
            "delimiter": self.delimiter,
            "encoding": self.encoding,
        }


def _about_key(error: Any) -> bool:
    """Return whether an error is about a key's name (propertyNames), not its value."""
    return "propertyNames" in error.absolute_schema_path


def _reason(error: Any) -> str:
    """Return the problem code of a JSON Schema error."""
    parent = list(error.absolute_path)
    if _about_key(error):
        return "unknown_column"
    if error.validator == "additionalProperties":
        return "unknown_value_kind" if parent == ["values"] else "unknown_key"
    if error.validator == "propertyNames":
        return "unknown_column"
    if error.validator == "enum":
        return "unknown_target"
    if error.validator == "minimum":
        return "bad_header_row" if parent == ["header_row"] else "bad_value"
    return "bad_shape"


def _offending_keys(error: Any) -> list[str]:
    """Return the keys an additionalProperties / propertyNames error is about."""
    instance = error.instance
    if _about_key(error):
        return [str(instance)]
    if error.validator == "additionalProperties" and isinstance(instance, AbcMapping):
        allowed = set(error.schema.get("properties", {}))
        return sorted(str(k) for k in instance if k not in allowed)
    return []


def schema_problems(document: Any, source: str) -> list[RowProblem]:
    """Return every way `document` breaks the mapping schema, with line numbers when known."""
    problems: list[RowProblem] = []
    validator = Draft202012Validator(mapping_schema())
    for error in validator.iter_errors(document):
        path = [str(p) for p in error.absolute_path]
        reason = _reason(error)
        keys = _offending_keys(error)
        for key in keys or (None,):
            where = [*path, key] if key is not None else path
            parent = document
            for step in path:
                parent = parent.get(step) if isinstance(parent, AbcMapping) else None
            line = None
            if key is not None and isinstance(parent, LineDict):
                line = parent.key_lines.get(key)
            if line is None:
                line = line_at(document, list(error.absolute_path))
            value = key if key is not None else _text(error.instance)
            problems.append(
                RowProblem(
                    source,
                    line,
                    None,
                    "/".join(where) or "(top)",
                    reason,
                    value,
                    {"expected": _expected(error)} if reason in ("unknown_target",) else {},
                )
            )
    unique = {(p.row, p.field, p.reason): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.row or 0, p.field or ""))


def _text(value: object) -> str | None:
    if value is None or isinstance(value, AbcMapping | list):
        return None
    return str(value)


def _expected(error: Any) -> str:
    return ", ".join(str(v) for v in error.validator_value)


def _parse(text: str, name: str) -> Any:
    try:
        return parse_yaml(text, name)
    except FrameworkError as exc:
        if name.endswith(".json"):
            try:
                return json.loads(text)
            except ValueError:
                pass
        first = exc.problems[0] if exc.problems else None
        raise MappingError(
            CODE if first is not None and first.code == CODE else "bad_syntax",
            file=name,
            row=first.line if first else None,
            detail={"error": first.message if first else str(exc)},
        ) from exc


def load_mapping(source: ColumnMapping | AbcMapping[str, Any] | str | Path | None) -> ColumnMapping:
    """Build a ColumnMapping from a YAML/JSON file, a dict (the web form), or None (aliases).

    Raise MappingError ``invalid_mapping`` listing every problem (unknown keys, columns,
    kinds and target values, wrongly shaped blocks, defaults no word table knows).
    """
    if source is None:
        return ColumnMapping()
    if isinstance(source, ColumnMapping):
        return source
    name = "mapping"
    if isinstance(source, str | Path):
        name = str(source)
        try:
            check_size(Path(source).stat().st_size, YAML_LIMITS.max_bytes, "file")
            text = Path(source).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise MappingError("unreadable", file=name, detail={"error": exc.strerror}) from exc
        except LimitError as exc:
            raise MappingError(CODE, file=name, detail={"error": str(exc)}) from exc
        data = _parse(text, name)
        if data is None:
            data = LineDict()
    else:
        data = dict(source)
    if not isinstance(data, AbcMapping):
        raise MappingError("not_a_mapping", file=name)
    problems = schema_problems(data, name)
    problems += _default_problems(data, name)
    problems += _encoding_problems(data, name)
    if problems:
        first = problems[0]
        raise MappingError(
            "invalid_mapping",
            file=name,
            row=first.row,
            field=first.field,
            value=first.value,
            problems=problems,
            detail={"problems": len(problems)},
        )
    columns: dict[str, tuple[str, ...]] = {}
    lines: dict[str, int] = {}
    block = data.get("columns") or {}
    for key, value in block.items():
        headers = (value,) if isinstance(value, str) else tuple(str(v) for v in value)
        columns[key] = tuple(nfc(h) for h in headers)
        if isinstance(block, LineDict) and key in block.key_lines:
            lines[key] = block.key_lines[key]
    values = {
        str(k): {nfc(str(a)): str(b).lower() for a, b in (v or {}).items()}
        for k, v in (data.get("values") or {}).items()
    }
    defaults = {str(k): nfc(str(v)) for k, v in (data.get("defaults") or {}).items()}
    return ColumnMapping(
        columns=columns,
        values=values,
        defaults=defaults,
        header_row=data.get("header_row"),
        sheet=data.get("sheet"),
        delimiter=data.get("delimiter"),
        encoding=(data.get("encoding") or "").strip() or None,
        source=name,
        lines=lines,
    )


#: Names of the 8-bit Vietnamese encodings before Unicode that Python has no codec for.
LEGACY_ENCODINGS = frozenset({"tcvn3", "tcvn", "abc", "vni", "vni-windows", "viqr", "vps"})


def _encoding_problems(data: AbcMapping[str, Any], name: str) -> list[RowProblem]:
    """Return the mapping's `encoding` when no codec reads it (a legacy one, or a typo)."""
    value = data.get("encoding")
    if not isinstance(value, str) or not value.strip():
        return []
    line = data.key_lines.get("encoding") if isinstance(data, LineDict) else None
    if value.strip().lower() in LEGACY_ENCODINGS:
        return [RowProblem(name, line, None, "encoding", "legacy_encoding", value)]
    try:
        info = codecs.lookup(value.strip())
    except LookupError:
        return [RowProblem(name, line, None, "encoding", "unknown_encoding", value)]
    # Codecs that are not text encodings (hex, base64, rot13) or not for files (idna, punycode).
    if not getattr(info, "_is_text_encoding", True) or info.name in ("idna", "punycode"):
        return [RowProblem(name, line, None, "encoding", "unknown_encoding", value)]
    return []


def _default_problems(data: AbcMapping[str, Any], name: str) -> list[RowProblem]:
    """Return the defaults of word columns (level, channel…) that no word table knows."""
    out: list[RowProblem] = []
    defaults = data.get("defaults")
    if not isinstance(defaults, AbcMapping):
        return out
    extra = data.get("values") if isinstance(data.get("values"), AbcMapping) else {}
    for key, value in defaults.items():
        spec = FIELD_BY_NAME.get(str(key))
        if spec is None or spec.kind in ("str", "date") or not isinstance(value, str):
            continue
        words = dict(VOCAB[spec.kind])
        added = extra.get(spec.kind) if isinstance(extra, AbcMapping) else None
        if isinstance(added, AbcMapping):
            words.update({fold(str(k)): str(v) for k, v in added.items()})
        if fold(value) not in words:
            line = defaults.key_lines.get(key) if isinstance(defaults, LineDict) else None
            out.append(RowProblem(name, line, None, f"defaults/{key}", "unknown_value", value))
    return out
