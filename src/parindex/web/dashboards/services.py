"""National results (import, access, lineage) and the sections other apps supply.

Writes: :func:`national_results_import`. Reads: :func:`national_results` (for any app, e.g.
the plans' rank projection), :func:`province_lineage`. Sections: :func:`plan_progress`,
:func:`area_targets` ask the apps above (``dashboards.signals``) and return None when none
answers; :func:`sipas_satisfaction` reads the surveys app below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.dispatch import Signal

from parindex.charts.dashboards import SipasFigures
from parindex.national import (
    ImportProblem,
    LineageYear,
    NationalImportError,
    NationalResult,
    lineage,
    read_results,
)
from parindex.national.lineage import MERGER_YEAR
from parindex.web.audit.services import audit_record
from parindex.web.dashboards.models import NationalResultRow, NationalResultSet
from parindex.web.dashboards.signals import collect_area_targets, collect_plan_progress
from parindex.web.dashboards.sipas import sipas_figures
from parindex.web.organisations.models import Unit, UnitKind

if TYPE_CHECKING:
    from parindex.web.accounts.models import User


# --- reading national results -------------------------------------------------------------


def _result(row: NationalResultRow) -> NationalResult:
    return NationalResult(
        province=row.province.code,
        year=row.year,
        total=row.total,
        appraisal=row.appraisal,
        survey=row.survey,
        rank=row.rank,
        name=row.province.name,
        row=row.source_row,
    )


def national_results(year: int | None = None) -> list[NationalResult]:
    """The published national results in the database (one year, or all), by year and rank.

    ``province`` is the unit's code: before 2025 one of the 63 provinces, from 2025 one of the
    34 (a code can name different provinces in the two periods, e.g. 15).
    """
    rows = NationalResultRow.objects.select_related("province").order_by("year", "rank", "-total")
    if year is not None:
        rows = rows.filter(year=year)
    return [_result(row) for row in rows]


def province_units(year: int) -> list[Unit]:
    """The provinces results of ``year`` are keyed by: the 63 before 2025, the 34 from it."""
    units = Unit.objects.filter(kind=UnitKind.PROVINCE)
    if year < MERGER_YEAR:
        return list(units.filter(valid_from__isnull=True))
    return list(units.filter(valid_to__isnull=True))


def successor_codes() -> dict[str, str]:
    """Old province code → current province code (itself when the province continues)."""
    old = Unit.objects.filter(kind=UnitKind.PROVINCE, valid_from__isnull=True)
    mapping = {u.code: u.code for u in old}
    for old_code, new_code in old.filter(changes_as_predecessor__isnull=False).values_list(
        "code", "changes_as_predecessor__successor__code"
    ):
        mapping[old_code] = new_code
    return mapping


def current_province(province: Unit) -> Unit:
    """The province in force today that continues ``province`` (itself when not merged)."""
    if province.valid_to is None:
        return province
    cached: Unit | None = getattr(province, "_current_province", None)
    if cached is None:
        change = province.changes_as_predecessor.select_related("successor").first()
        cached = change.successor if change is not None else province
        province._current_province = cached  # type: ignore[attr-defined]
    return cached


def province_lineage(province: Unit, results: list[NationalResult]) -> list[LineageYear]:
    """The years of the current province continuing ``province``, predecessors before 2025."""
    current = current_province(province)
    lines = lineage(results, successor_codes())
    return lines.get(current.code, [])


def province_history(province: Unit, results: list[NationalResult]) -> list[NationalResult]:
    """The province's own published results, keyed by the unit in force each year.

    A province merged in 2025 ends there: its successor is another province (ranked among
    34, not 63), shown with its predecessors in the lineage view, never on the same line.
    """
    if province.valid_from is not None:  # formed in 2025
        return [r for r in results if r.year >= MERGER_YEAR and r.province == province.code]
    if province.valid_to is not None:  # merged in 2025
        return [r for r in results if r.year < MERGER_YEAR and r.province == province.code]
    return [r for r in results if r.province == province.code]


# --- importing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedResult:
    """One row of a file, with the province unit it was matched to."""

    result: NationalResult
    unit: Unit


@dataclass(frozen=True)
class ImportOutcome:
    result_set: NationalResultSet
    created: bool  # False: the same file was imported before (nothing changed)
    replaced: int  # rows of earlier files replaced (same province and year)


def _names(units: list[Unit]) -> dict[str, list[str]]:
    return {u.code: [u.name] + ([u.short_name] if u.short_name else []) for u in units}


def national_results_read(
    *, data: bytes, file_name: str, year: int | None = None
) -> list[ParsedResult]:
    """Read and check a file (no write); raise ``NationalImportError`` listing every problem.

    A file holds one period: before 2025 its provinces are matched against the 63 provinces,
    from 2025 against the 34. A file mixing both periods is refused.
    """
    attempts: list[tuple[list[NationalResult] | None, list[ImportProblem], list[Unit]]] = []
    eras = (MERGER_YEAR - 1, MERGER_YEAR) if year is None else (year,)
    for era_year in eras:
        units = province_units(era_year)
        try:
            found = read_results(data, _names(units), name=file_name, year=year)
        except NationalImportError as error:
            attempts.append((None, error.problems, units))
            continue
        early = [r for r in found if r.year < MERGER_YEAR]
        if era_year < MERGER_YEAR and len(early) != len(found):
            if early:
                raise NationalImportError([_mixed(file_name)])
            attempts.append((None, [_mixed(file_name)], units))
            continue
        if era_year >= MERGER_YEAR and early:
            raise NationalImportError([_mixed(file_name)])
        by_code = {u.code: u for u in units}
        return [ParsedResult(r, by_code[r.province]) for r in found]
    best = min(attempts, key=lambda attempt: len(attempt[1]))
    raise NationalImportError(best[1])


def _mixed(file_name: str) -> ImportProblem:
    return ImportProblem(
        file_name,
        None,
        "",
        "mixed_periods",
        f"results before and after {MERGER_YEAR} in one file: import one file per period",
    )


@transaction.atomic
def national_results_import(
    *,
    data: bytes,
    file_name: str,
    actor: User | None,
    year: int | None = None,
    demo: bool = False,
) -> ImportOutcome:
    """Import a whole file or nothing; the same file again changes nothing (its SHA-256).

    Rows of earlier files for the same province and year are replaced: the latest
    publication is the one in force.
    """
    digest = hashlib.sha256(data).hexdigest()
    existing = NationalResultSet.objects.filter(sha256=digest).first()
    if existing is not None:
        return ImportOutcome(existing, created=False, replaced=0)
    parsed = national_results_read(data=data, file_name=file_name, year=year)
    years = sorted({p.result.year for p in parsed})
    result_set = NationalResultSet.objects.create(
        file_name=file_name[:255],
        sha256=digest,
        imported_by=actor,
        years=", ".join(str(y) for y in years),
        rows_count=len(parsed),
        demo=demo,
    )
    old = NationalResultRow.objects.filter(
        province__in=[p.unit for p in parsed], year__in=years
    ).exclude(result_set=result_set)
    keys = {(p.unit.pk, p.result.year) for p in parsed}
    stale = [
        pk
        for pk, unit_id, y in old.values_list("pk", "province_id", "year")
        if (unit_id, y) in keys
    ]
    NationalResultRow.objects.filter(pk__in=stale).delete()
    NationalResultRow.objects.bulk_create(
        NationalResultRow(
            result_set=result_set,
            province=p.unit,
            year=p.result.year,
            appraisal=p.result.appraisal,
            survey=p.result.survey,
            total=p.result.total,
            rank=p.result.rank,
            name=p.result.name[:255],
            source_row=p.result.row,
        )
        for p in parsed
    )
    audit_record(
        actor=actor,
        action="national_results.import",
        obj=result_set,
        object_type="national_result_set",
        after=f"{file_name}: {len(parsed)} rows, years {result_set.years}",
    )
    return ImportOutcome(result_set, created=True, replaced=len(stale))


# --- sections from the apps above ----------------------------------------------------------


def _first_answer(signal: Signal, *, province: Unit, year: int) -> Any:
    for _receiver, answer in signal.send(sender=Unit, province=province, year=year):
        if answer is not None:
            return answer
    return None


def plan_progress(*, province: Unit, year: int) -> Mapping[str, int] | None:
    """Plan progress counts for the province dashboard: status code → count, or None.

    Codes: ``done``, ``in_progress``, ``not_started``, ``overdue``, ``reports_overdue``. The
    plans app answers the signal ``collect_plan_progress``; the section shows only when there
    is data.
    """
    return _first_answer(collect_plan_progress, province=province, year=year)


def area_targets(*, province: Unit, year: int) -> Mapping[str, Decimal] | None:
    """The plan's target points per area code for ``year``, or None (the signal
    ``collect_area_targets``, as :func:`plan_progress`)."""
    return _first_answer(collect_area_targets, province=province, year=year)


def sipas_satisfaction(*, province: Unit, year: int) -> SipasFigures | Mapping[str, Decimal] | None:
    """SIPAS satisfaction of the province's survey of ``year``, or None (no survey).

    :func:`parindex.web.dashboards.sipas.sipas_figures` reads the surveys app (below the
    dashboards) and returns each factor and the overall index with intervals, last year and
    the target.
    """
    return sipas_figures(province=province, year=year)
