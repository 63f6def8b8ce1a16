"""Column mappings: which header in a file holds which normalised column, and extra words."""

from __future__ import annotations

import json
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from parindex.indicators.errors import MappingError
from parindex.indicators.schema import FIELD_BY_NAME, VOCAB, fold

_KEYS = {"columns", "values", "defaults", "header_row", "sheet", "delimiter", "encoding"}


@dataclass(frozen=True)
class ColumnMapping:
    """How to read one kind of export.

    ``columns`` maps a normalised column to the header(s) that may hold it (unset columns fall
    back to the built-in Vietnamese aliases); ``values`` adds words per kind (``level``,
    ``channel``, ``status``, ``bool``); ``defaults`` gives a constant for a column the file lacks
    (e.g. ``level: district`` for one district's export); ``header_row`` (1-based) skips
    detection.
    """

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str = "utf-8"

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


def load_mapping(source: ColumnMapping | AbcMapping[str, Any] | str | Path | None) -> ColumnMapping:
    """Build a ColumnMapping from a YAML/JSON file, a dict (the web form), or None (aliases)."""
    if source is None:
        return ColumnMapping()
    if isinstance(source, ColumnMapping):
        return source
    name = "mapping"
    if isinstance(source, str | Path):
        name = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise MappingError("unreadable", file=name, detail={"error": exc.strerror}) from exc
        try:
            data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError) as exc:
            raise MappingError("bad_syntax", file=name, detail={"error": str(exc)}) from exc
    else:
        data = dict(source)
    if not isinstance(data, dict):
        raise MappingError("not_a_mapping", file=name)
    unknown = set(data) - _KEYS
    if unknown:
        raise MappingError("unknown_key", file=name, value=sorted(unknown)[0])
    columns: dict[str, tuple[str, ...]] = {}
    for key, value in (data.get("columns") or {}).items():
        if key not in FIELD_BY_NAME:
            raise MappingError("unknown_column", file=name, field=str(key))
        headers = (value,) if isinstance(value, str) else tuple(str(v) for v in value or ())
        columns[key] = headers
    values = {
        str(k): {str(a): str(b) for a, b in (v or {}).items()}
        for k, v in (data.get("values") or {}).items()
    }
    for kind in values:
        if kind not in VOCAB:
            raise MappingError("unknown_value_kind", file=name, value=kind)
    defaults = {str(k): str(v) for k, v in (data.get("defaults") or {}).items()}
    for key in defaults:
        if key not in FIELD_BY_NAME:
            raise MappingError("unknown_column", file=name, field=key)
    header_row = data.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise MappingError("bad_header_row", file=name, value=str(header_row))
    return ColumnMapping(
        columns=columns,
        values=values,
        defaults=defaults,
        header_row=header_row,
        sheet=data.get("sheet"),
        delimiter=data.get("delimiter"),
        encoding=str(data.get("encoding") or "utf-8"),
    )
