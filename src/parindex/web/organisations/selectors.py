"""Reads on the unit tree that every app asks the same way."""

from __future__ import annotations

from parindex.web.organisations.models import Unit, UnitKind


def province_of(unit: Unit | None) -> Unit | None:
    """The province a unit lies in (itself for a province), following parents; None if none.

    A parent loop in bad data ends the walk (None) instead of hanging the request.
    """
    seen: set[int] = set()
    while unit is not None and unit.kind != UnitKind.PROVINCE:
        if unit.pk in seen:
            return None
        seen.add(unit.pk)
        unit = unit.parent
    return unit
