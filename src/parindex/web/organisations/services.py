"""Writes to the unit tree: loading the official province lists."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import ChangeKind, Unit, UnitChange, UnitKind

if TYPE_CHECKING:
    # The user model's base, not accounts.User: the unit tree sits below the accounts app.
    from django.contrib.auth.base_user import AbstractBaseUser as User

DATA_DIR = Path(__file__).parent / "data"
MERGER_DATE = datetime.date(2025, 7, 1)
MERGER_BASIS = "Nghị quyết 202/2025/QH15; Công văn 915/CTK-CSCL"


@dataclass(frozen=True)
class LoadResult:
    old: int
    new: int
    changes: int


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def units_load_provinces(*, actor: User | None = None) -> LoadResult:
    """Load the 63 provinces in force until 30/6/2025 and the 34 from 1/7/2025 (idempotent).

    A province whose only predecessor is itself continues as the same unit (renamed if its
    name changed); every merged province ends on 30/6/2025 and a new unit starts on 1/7/2025,
    linked to each old province by a ``merge`` change.
    """
    old: dict[str, Unit] = {}
    for row in _rows("provinces-2004.csv"):
        unit = Unit.objects.filter(kind=UnitKind.PROVINCE, code=row["code"], valid_from=None)
        found = unit.first()
        if found is None:
            found = Unit.objects.create(kind=UnitKind.PROVINCE, code=row["code"], name=row["name"])
        old[row["code"]] = found
    last_day = MERGER_DATE - datetime.timedelta(days=1)
    new_count = changes = 0
    for row in _rows("provinces-2025.csv"):
        codes = row["predecessors"].split()
        if codes == [row["code"]]:
            unit = old[row["code"]]  # type: ignore[assignment]  # `unit` is reused for a Unit in this loop
            if unit.name != row["name"]:  # type: ignore[attr-defined]  # `unit` is reused for a Unit in this loop
                unit.name = row["name"]  # type: ignore[attr-defined]  # `unit` is reused for a Unit in this loop
                unit.save(update_fields=["name"])  # type: ignore[attr-defined]  # `unit` is reused for a Unit in this loop
            continue
        for code in codes:
            if old[code].valid_to is None:
                old[code].valid_to = last_day
                old[code].save(update_fields=["valid_to"])
        successor, _created = Unit.objects.get_or_create(
            kind=UnitKind.PROVINCE,
            code=row["code"],
            valid_from=MERGER_DATE,
            defaults={"name": row["name"]},
        )
        new_count += 1
        for code in codes:
            _change, created = UnitChange.objects.get_or_create(
                predecessor=old[code],
                successor=successor,
                defaults={
                    "date": MERGER_DATE,
                    "kind": ChangeKind.MERGE,
                    "legal_basis": MERGER_BASIS,
                },
            )
            changes += created
    result = LoadResult(old=len(old), new=new_count, changes=changes)
    if result.changes:
        audit_record(
            actor=actor,
            action="units.load_provinces",
            obj="provinces",
            object_type="unit",
            after=f"{result.old} + {result.new} provinces, {result.changes} lineage links",
        )
    return result
