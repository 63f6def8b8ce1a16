"""A stable dict/JSON form of a plan, for storing versions: decimals as strings, ISO dates."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from parindex.core.limits import CODE
from parindex.plans.model import Plan, PlanError

SCHEMA = "parindex/plan/1"


def _dump(value: object) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data, fields in declaration order."""
    return {"schema": SCHEMA, **_dump(plan)}


def _load(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return None if value is None else _load(args[0], value, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise PlanError(f"{where}: expected a list")
        item = typing.get_args(tp)[0]
        return tuple(_load(item, v, f"{where}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, Mapping):
            raise PlanError(f"{where}: expected an object")
        hints = typing.get_type_hints(tp)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in value:
                kwargs[f.name] = _load(hints[f.name], value[f.name], f"{where}.{f.name}")
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise PlanError(f"{where}: '{f.name}' is missing")
        factory: Any = tp
        return factory(**kwargs)
    try:
        if tp is Decimal:
            return Decimal(str(value))
        if tp is date:
            return date.fromisoformat(value)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise PlanError(f"{where}: {value!r} is not a {tp.__name__}") from exc
    if tp in (str, int) and not isinstance(value, tp):
        raise PlanError(f"{where}: expected {tp.__name__}, got {value!r}")
    return value


def plan_from_dict(data: Mapping[str, Any]) -> Plan:
    """Rebuild a plan from :func:`plan_to_dict` output; raise PlanError on bad data."""
    if data.get("schema") != SCHEMA:
        raise PlanError(f"not a stored plan (schema {data.get('schema')!r}, expected {SCHEMA})")
    plan = _load(Plan, {k: v for k, v in data.items() if k != "schema"}, "plan")
    assert isinstance(plan, Plan)
    return plan


def plan_to_json(plan: Plan) -> str:
    """Stable JSON text: the same plan always gives the same bytes."""
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1)


def plan_from_json(text: str) -> Plan:
    """Parse :func:`plan_to_json` output."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanError(f"not JSON: {exc}") from exc
    except RecursionError as exc:  # nested deeper than the interpreter's stack
        raise PlanError("nested too deep to read", code=CODE, limit="json_depth") from exc
    if not isinstance(data, Mapping):
        raise PlanError("a stored plan is a JSON object")
    return plan_from_dict(data)
