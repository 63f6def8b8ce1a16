"""The database before and after a refused write: nothing may have changed.

``assert_unchanged(demo, Plan.objects.filter(unit=province))`` snapshots the row counts of
every parindex table plus the fields of the watched rows (model instances, querysets or model
classes), runs the block, and fails naming what changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.db import models


def _parindex_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("parindex.")]


def _rows(watched: Any) -> tuple[str, list[dict[str, Any]]]:
    if isinstance(watched, models.Model):
        qs = type(watched)._default_manager.filter(pk=watched.pk)
        return f"{watched._meta.label}#{watched.pk}", list(qs.values())
    if isinstance(watched, models.QuerySet):
        return str(watched.query)[:80], list(watched.order_by("pk").values())
    if isinstance(watched, type) and issubclass(watched, models.Model):
        return watched._meta.label, list(watched._default_manager.order_by("pk").values())
    raise TypeError(f"cannot watch {watched!r}")


def snapshot(*watched: Any) -> dict[str, Any]:
    """Row counts of every parindex table and the values of the watched rows."""
    state: dict[str, Any] = {
        f"count {m._meta.label}": m._default_manager.count() for m in _parindex_models()
    }
    for item in watched:
        name, rows = _rows(item)
        state[f"rows {name}"] = rows
    return state


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs between two snapshots, one line per table or watched row."""
    return [
        f"{key}: {before.get(key)!r} -> {after.get(key)!r}"
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]


@contextmanager
def assert_unchanged(*watched: Any) -> Iterator[None]:
    """Fail if the block changed a count of any parindex table or a watched row."""
    before = snapshot(*watched)
    yield
    diff = changes(before, snapshot(*watched))
    assert not diff, "the database changed:\n" + "\n".join(diff)
