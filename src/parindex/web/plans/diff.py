"""What changed between two versions of a plan, as readable paths (area 3 › 3.4.1 › points)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    path: str
    before: str
    after: str


def _key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for name in ("code", "name", "agency"):
            if isinstance(item.get(name), str) and item[name]:
                return item[name]
    return str(index + 1)


def _flatten(value: Any, path: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _flatten(child, f"{path} › {name}" if path else name, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, child in enumerate(value):
            _flatten(child, f"{path}[{_key(child, i)}]", out)
    elif isinstance(value, list):
        out[path] = "\n".join(str(v) for v in value)
    else:
        out[path] = "" if value is None else str(value)


def plan_diff(before: str, after: str) -> list[Change]:
    """The fields that differ between two stored plan JSON texts, in the newer's order."""
    old: dict[str, str] = {}
    new: dict[str, str] = {}
    _flatten(json.loads(before), "", old)
    _flatten(json.loads(after), "", new)
    changes = [Change(p, old.get(p, ""), v) for p, v in new.items() if old.get(p) != v]
    changes += [Change(p, v, "") for p, v in old.items() if p not in new]
    return changes
