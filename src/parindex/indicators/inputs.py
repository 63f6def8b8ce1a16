"""Framework inputs filled from indicators, each with its provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from parindex.indicators.compute import (
    about,
    cohort_filter,
    measure_expr,
    missing_columns,
    needed_columns,
)
from parindex.indicators.dataset import Dataset
from parindex.indicators.definitions import Definitions, load_definitions
from parindex.indicators.errors import DefinitionError, MappingError
from parindex.indicators.store import IMPORT


@dataclass(frozen=True)
class InputValue:
    """A framework node's inputs computed from an indicator, with where they come from."""

    framework: str
    node: str
    values: dict[str, int | float | None]
    indicator: str
    provenance: dict[str, Any] = field(default_factory=dict)


def _link_value(kind: str, num: int, den: int | None) -> int | float | None:
    if kind == "numerator":
        return num
    if kind == "denominator":
        return den
    if not den:
        return None
    rate = Decimal(num) / Decimal(den)
    return float(rate * 100 if kind == "percent" else rate)


def apply(
    dataset: Dataset,
    framework: str,
    year: int,
    *,
    definitions: Definitions | None = None,
    where: str | None = None,
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
) -> list[InputValue]:
    """Compute the inputs of every node of `framework` linked to an indicator, for `year`.

    `where` narrows the rows to one unit (e.g. ``agency_code == 'STP'`` for a department's own
    index). Each value carries its provenance: source files with SHA-256 and rows used, the
    indicator's definition (name and hash), the as-of date and the time of computation.
    """
    defs = definitions or load_definitions()
    when, rule = dataset.reading_date(as_of)
    links = defs.links_for(framework)
    if not links:
        raise DefinitionError("no_links", file=defs.source, value=framework)
    for lk in links:
        lacking = missing_columns(dataset, defs, defs.indicators[lk.indicator], lk.where)
        if lacking:
            raise MappingError(
                "column_not_in_source",
                file=dataset.reading.file,
                field=lacking[0],
                value=lk.indicator,
                detail={"indicator": lk.indicator, "node": lk.node, "columns": lacking},
            )
    reading = about(dataset.reading, when, rule, {})
    computed = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    cohort = cohort_filter(defs, year, where, when)
    aggs: list[pl.Expr] = []
    for i, lk in enumerate(links):
        ind = defs.indicators[lk.indicator]
        cond = defs.compile(lk.where, when)
        aggs.append(measure_expr(defs, ind.numerator, when, cond).alias(f"n{i}"))
        if ind.denominator is not None:
            aggs.append(measure_expr(defs, ind.denominator, when, cond).alias(f"d{i}"))
        aggs.append(cond.sum().cast(pl.Int64).alias(f"r{i}"))
    lf = dataset.frame(needed_columns([*aggs, cohort])).filter(cohort)
    totals = lf.select(aggs).collect().row(0, named=True)
    per_source = (
        lf.group_by(IMPORT)
        .agg(
            [
                defs.compile(lk.where, when).sum().cast(pl.Int64).alias(f"r{i}")
                for i, lk in enumerate(links)
            ]
        )
        .collect()
    )
    by_import = {row[IMPORT]: row for row in per_source.iter_rows(named=True)}
    out = []
    for i, lk in enumerate(links):
        ind = defs.indicators[lk.indicator]
        num, den = totals[f"n{i}"], totals.get(f"d{i}")
        sources = []
        for sf in dataset.sources:
            used = (by_import.get(sf.import_id) or {}).get(f"r{i}", 0)
            if used:
                sources.append(
                    {
                        "file": sf.source,
                        "sha256": sf.sha256,
                        "rows_used": used,
                        "import_id": sf.import_id,
                        "stored_file": sf.stored_file,
                        "stored_sha256": sf.stored_sha256,
                        "imported_at": sf.imported_at,
                    }
                )
        out.append(
            InputValue(
                framework=framework,
                node=lk.node,
                values={k: _link_value(v, num, den) for k, v in lk.inputs.items()},
                indicator=ind.name,
                provenance={
                    "indicator": ind.name,
                    "definition_sha256": ind.sha256,
                    "definitions_file": defs.source,
                    "definitions_sha256": defs.sha256,
                    "year": year,
                    "where": " and ".join(f"({w})" for w in (lk.where, where) if w),
                    "period": defs.period,
                    "as_of": when.isoformat(),
                    "as_of_rule": rule,
                    "reading": reading,
                    "numerator": num,
                    "denominator": den,
                    "rows_used": totals[f"r{i}"],
                    "sources": sources,
                    "approximate": lk.approximate,
                    "computed_at": computed,
                },
            )
        )
    return out


def inputs_document(values: Sequence[InputValue]) -> dict[str, dict[str, Any]]:
    """Return {node: {input: value}} as an assessment file's `inputs` section expects."""
    return {v.node: dict(v.values) for v in values}
