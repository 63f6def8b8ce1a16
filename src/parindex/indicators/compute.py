"""Compute indicators over a dossier log, by any grouping, and fill framework inputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from parindex.indicators import summary
from parindex.indicators.dataset import Dataset
from parindex.indicators.definitions import (
    WHERE,
    Definitions,
    Indicator,
    Measure,
    load_definitions,
)
from parindex.indicators.errors import DefinitionError, MappingError
from parindex.indicators.ingest import Reading
from parindex.indicators.onepass import GroupExtra
from parindex.indicators.schema import NAMES
from parindex.indicators.store import IMPORT

# Grouping keys: name → (output columns). Agency and procedure carry their name beside the code.
GROUP_KEYS: dict[str, tuple[str, ...]] = {
    "year": ("year",),
    "quarter": ("quarter",),
    "month": ("month",),
    "level": ("level",),
    "agency": ("agency_code", "agency_name"),
    "field": ("field",),
    "procedure": ("procedure_code", "procedure_name"),
    "channel": ("channel",),
}
RESULT_COLUMNS = ("indicator", "numerator", "denominator", "value")


def needed_columns(exprs: Iterable[pl.Expr]) -> set[str]:
    """Return the normalised columns some expressions read (agency and procedure with names)."""
    names = {n for e in exprs for n in e.meta.root_names()}
    for code, name in (("agency_code", "agency_name"), ("procedure_code", "procedure_name")):
        if code in names:
            names.add(name)
    return names & set(NAMES)


def _key_exprs(by: Sequence[str], period: str) -> list[pl.Expr]:
    date = pl.col(period)
    out: list[pl.Expr] = []
    for key in by:
        if key not in GROUP_KEYS:
            raise DefinitionError("unknown_grouping", value=key)
        if key == "year":
            out.append(date.dt.year().alias("year"))
        elif key == "quarter":
            # An integer key (year * 10 + quarter) becomes "YYYY-Qn" after grouping.
            out.append((date.dt.year().cast(pl.Int32) * 10 + date.dt.quarter()).alias("quarter"))
        elif key == "month":
            # An integer key groups faster than text; it becomes "YYYY-MM" after grouping.
            out.append((date.dt.year().cast(pl.Int32) * 100 + date.dt.month()).alias("month"))
        elif key in ("agency", "procedure"):
            out.append(pl.col(GROUP_KEYS[key][0]))
        else:
            out.append(pl.col(key))
    return out


def measure_expr(defs: Definitions, m: Measure, as_of: dt.date, extra: pl.Expr | None) -> pl.Expr:
    cond = defs.compile(m.where, as_of)
    if extra is not None:
        cond = cond & extra
    if m.distinct is None:
        return cond.sum().cast(pl.Int64)
    return pl.col(m.distinct).filter(cond).drop_nulls().n_unique().cast(pl.Int64)


def _select(defs: Definitions, names: Iterable[str] | None) -> list[Indicator]:
    if names is None:
        return list(defs.indicators.values())
    out = []
    for n in names:
        if n not in defs.indicators:
            raise DefinitionError("unknown_indicator", file=defs.source, value=n)
        out.append(defs.indicators[n])
    return out


def missing_columns(
    dataset: Dataset, defs: Definitions, indicator: Indicator, where: str | None = None
) -> list[str]:
    """Return the columns `indicator` reads that the source lacks (its count would be zero)."""
    present = dataset.present()
    if present is None:
        return []
    return sorted(defs.requires(indicator, where) - present)


def _available(
    dataset: Dataset, defs: Definitions, chosen: list[Indicator], explicit: bool, where: str | None
) -> tuple[list[Indicator], dict[str, list[str]]]:
    """Split indicators into those the source can give and those it cannot (and why).

    An indicator asked for by name whose column is missing is an error, never a zero; of all
    indicators (none named), the ones that cannot be computed are left out and listed.
    """
    ok: list[Indicator] = []
    unavailable: dict[str, list[str]] = {}
    for ind in chosen:
        lacking = missing_columns(dataset, defs, ind, where)
        if not lacking:
            ok.append(ind)
        elif explicit:
            raise MappingError(
                "column_not_in_source",
                file=dataset.file,
                field=lacking[0],
                value=ind.name,
                detail={"indicator": ind.name, "columns": lacking},
            )
        else:
            unavailable[ind.name] = lacking
    return ok, unavailable


def cohort_filter(
    defs: Definitions, year: int | None, where: str | None, as_of: dt.date
) -> pl.Expr:
    cond = pl.lit(True)
    if year is not None:
        cond = cond & (pl.col(defs.period).dt.year() == year)
    if where:
        cond = cond & defs.compile(where, as_of, source=WHERE)
    return cond


@dataclass(frozen=True)
class Table:
    """Computed indicators in long form: grouping columns, indicator, numerator, denominator,
    value (a rate in [0, 1] for ratios, the count otherwise; null when the denominator is 0)."""

    data: pl.DataFrame
    by: tuple[str, ...]
    as_of: dt.date
    definitions: Definitions
    indicators: tuple[str, ...]
    reading: Reading | None = None
    as_of_rule: str = "given"
    unavailable: dict[str, list[str]] = field(default_factory=dict)

    def about(self) -> dict[str, Any]:
        """Return what the figures rest on: reading date and rule, rows read, used, left out."""
        return about(self.reading, self.as_of, self.as_of_rule, self.unavailable)

    @property
    def key_columns(self) -> list[str]:
        """Return the grouping columns of `data`."""
        return [c for k in self.by for c in GROUP_KEYS[k]]


def aggregate(
    dataset: Dataset,
    by: Sequence[str] = (),
    *,
    indicators: Iterable[str] | None = None,
    definitions: Definitions | None = None,
    year: int | None = None,
    where: str | None = None,
    as_of: dt.date | None = None,
    lossy: bool = True,
) -> pl.LazyFrame:
    """Return the lazy wide aggregate: one row per group, one column per distinct measure.

    `lossy=False` reads a CSV export as strict UTF-8 (see `Dataset.frame`).
    """
    defs = definitions or load_definitions()
    when = as_of or dataset.reading_date()[0]
    chosen = _select(defs, indicators)
    measures = _measures(chosen)
    if dataset.store is not None:
        # An imported store is answered from its parts' summaries when they can (exactly).
        records = dataset.store.manifest()["imports"]
        extra = [where] if where else []
        files = summary.usable(
            records, dataset.store.root, defs, measures.values(), by, extra, when
        )
        if files is not None:
            stored = records[0]["summary"]["measures"]
            return summary.aggregate(
                files, stored, defs, list(measures.values()), by, year, where, when
            )
    cohort = cohort_filter(defs, year, where, when)
    lf = _frame_for(dataset, defs, list(measures.values()), by, cohort, when, lossy)
    return rows_aggregate(lf, defs, list(measures.values()), by, cohort, when)


def _measures(chosen: Iterable[Indicator]) -> dict[str, Measure]:
    """Return the distinct measures (numerators, denominators) of some indicators, by key."""
    out: dict[str, Measure] = {}
    for ind in chosen:
        for m in (ind.numerator, ind.denominator):
            if m is not None:
                out.setdefault(m.key, m)
    return out


def _conds(defs: Definitions, measures: list[Measure], when: dt.date) -> list[pl.Expr]:
    return [defs.compile(m.where, when).alias(f"_w{i}") for i, m in enumerate(measures)]


def _frame_for(
    dataset: Dataset,
    defs: Definitions,
    measures: list[Measure],
    by: Sequence[str],
    cohort: pl.Expr,
    when: dt.date,
    lossy: bool,
) -> pl.LazyFrame:
    """Return the dataset's rows used, with only the columns an aggregate reads."""
    keys = _key_exprs(by, defs.period)
    distinct = [pl.col(m.distinct) for m in measures if m.distinct]
    names = [pl.col("agency_name")] if "agency" in by else []
    names += [pl.col("procedure_name")] if "procedure" in by else []
    needed = needed_columns([*_conds(defs, measures, when), cohort, *keys, *distinct, *names])
    return dataset.frame(needed, lossy=lossy)


def rows_aggregate(
    lf: pl.LazyFrame,
    defs: Definitions,
    measures: list[Measure],
    by: Sequence[str],
    cohort: pl.Expr,
    when: dt.date,
    extra: GroupExtra | None = None,
) -> pl.LazyFrame:
    """Return the lazy wide aggregate of normalised rows `lf` (see `aggregate`)."""
    # Each measure's condition becomes one boolean column before grouping, so conditions
    # shared by several measures are evaluated once (common subexpressions).
    conds = _conds(defs, measures, when)
    aggs: list[pl.Expr] = []
    for i, m in enumerate(measures):
        flag = pl.col(f"_w{i}")
        if m.distinct is None:
            aggs.append(flag.sum().cast(pl.Int64).alias(f"m{i}"))
        else:
            aggs.append(
                pl.col(m.distinct)
                .filter(flag)
                .drop_nulls()
                .n_unique()
                .cast(pl.Int64)
                .alias(f"m{i}")
            )
    aggs.append(pl.len().cast(pl.Int64).alias("_rows"))
    if "agency" in by:
        aggs.append(pl.col("agency_name").drop_nulls().first().alias("agency_name"))
    if "procedure" in by:
        aggs.append(pl.col("procedure_name").drop_nulls().first().alias("procedure_name"))
    keys = _key_exprs(by, defs.period)
    distinct = [pl.col(m.distinct) for m in measures if m.distinct]
    more = list(extra.keys) if extra else []
    if extra is None:
        lf = lf.filter(cohort)
    columns = [
        *(k.meta.output_name() for k in keys),
        *(c.meta.output_name() for c in conds),
        *(d.meta.output_name() for d in distinct),
        *(["agency_name"] if "agency" in by else []),
        *(["procedure_name"] if "procedure" in by else []),
        *(k.meta.output_name() for k in more),
        *(sorted({n for e in extra.inner for n in e.meta.root_names()}) if extra else []),
    ]
    lf = lf.with_columns(*keys, *conds, *more).select(list(dict.fromkeys(columns)))
    names = list(dict.fromkeys(k.meta.output_name() for k in [*keys, *more]))
    distinct_cols = {m.distinct for m in measures if m.distinct}
    if len(distinct_cols) == 1:
        return _two_level(lf, names, measures, distinct_cols.pop(), by, extra)
    if extra:
        aggs += extra.inner
    if names:
        return lf.group_by(names).agg(aggs)
    return lf.select(aggs)


def _two_level(
    lf: pl.LazyFrame,
    names: list[str],
    measures: list[Measure],
    column: str,
    by: Sequence[str],
    extra: GroupExtra | None = None,
) -> pl.LazyFrame:
    """Aggregate by the keys plus the distinct column, then by the keys alone.

    A distinct count per group is then a sum of per-value flags: the streaming engine keeps
    one small row per (group, value) instead of every value of every group. The cost is the
    first level's table of (group, value) keys, so its key is made as cheap as possible:

    - the distinct column is only grouped on, never shown, so it becomes its Categorical's
      physical UInt32 code (one string lookup per row instead of hashing and comparing text
      in a table of ~650 000 keys for 10 M rows);
    - the year is left out of both levels when the month (``year * 100 + month``) is a key,
      and put back from it afterwards: one key column fewer to encode per row;
    - one `any()` per distinct measure in the first level: the null value's group is dropped
      in the second level rather than tested on every row.

    When the distinct column is itself a key, each group holds one value: one level suffices.
    """
    years_from_month = "year" in names and "month" in names
    keys = [n for n in names if not (years_from_month and n == "year")]
    nested = column not in keys
    inner: list[pl.Expr] = []
    outer: list[pl.Expr] = []
    for i, m in enumerate(measures):
        flag = pl.col(f"_w{i}")
        if m.distinct is None:
            inner.append(flag.sum().cast(pl.Int64).alias(f"m{i}"))
            outer.append(pl.col(f"m{i}").sum().cast(pl.Int64).alias(f"m{i}"))
        elif nested:
            # The null value's group is left out in the outer level, not tested per row.
            inner.append(flag.any().alias(f"m{i}"))
            value = pl.col(f"m{i}") & pl.col(column).is_not_null()
            outer.append(value.sum().cast(pl.Int64).alias(f"m{i}"))
        else:
            inner.append((flag & pl.col(column).is_not_null()).any().cast(pl.Int64).alias(f"m{i}"))
    inner.append(pl.len().cast(pl.Int64).alias("_rows"))
    outer.append(pl.col("_rows").sum().alias("_rows"))
    if extra:
        inner += extra.inner
        outer += extra.outer
    for key, name in (("agency", "agency_name"), ("procedure", "procedure_name")):
        if key in by:
            inner.append(pl.col(name).drop_nulls().first().alias(name))
            outer.append(pl.col(name).drop_nulls().first().alias(name))
    if not nested:
        out = lf.group_by(keys).agg(inner)
    else:
        # The first level's table is the memory (one row per group and value: ~3 M rows for
        # 50 M dossiers), so its text is held as categories (4 bytes) and made text again.
        schema = lf.collect_schema()
        texts = [n for n in schema if schema[n] == pl.String() and n != column]
        code = pl.col(column).cast(pl.Categorical).to_physical().alias(column)
        cats = [pl.col(n).cast(pl.Categorical) for n in texts]
        first = lf.with_columns(code, *cats).group_by([*keys, column]).agg(inner)
        out = first.group_by(keys).agg(outer) if keys else first.select(outer)
        out = out.with_columns(
            pl.col(n).cast(pl.String) for n in texts if n in out.collect_schema()
        )
    if years_from_month:
        out = out.with_columns((pl.col("month") // 100).cast(pl.Int32).alias("year"))
    return out


def compute(
    dataset: Dataset,
    by: Sequence[str] = (),
    *,
    indicators: Iterable[str] | None = None,
    definitions: Definitions | None = None,
    year: int | None = None,
    where: str | None = None,
    as_of: dt.date | None = None,
    engine: str = "streaming",
) -> Table:
    """Compute indicators grouped `by` (year, quarter, month, level, agency, field, procedure,
    channel) over the dossiers received in `year` (all years if None) matching `where`."""
    defs = definitions or load_definitions()
    try:
        chosen, unavailable = _available(
            dataset, defs, _select(defs, indicators), indicators is not None, where
        )
    except MappingError:
        dataset.reading  # noqa: B018  # a file beyond its tolerance is refused first
        raise
    names = [i.name for i in chosen]
    wide = None
    if as_of is not None and not dataset.is_read and engine == "streaming":
        # An export read directly, at a given date: the figures come from the check's own
        # pass of the file, unless it had to leave out rows it could only tell afterwards.
        wide = _in_check(dataset, defs, names, by, year, where, as_of)
    when, rule = dataset.reading_date(as_of)

    def collect(lossy: bool) -> pl.DataFrame:
        lf = aggregate(
            dataset,
            by,
            indicators=names,
            definitions=defs,
            year=year,
            where=where,
            as_of=when,
            lossy=lossy,
        )
        return lf.collect(engine=engine)  # type: ignore[call-overload,no-any-return]

    # Strict UTF-8 is the faster read; a file with other bytes fails it and is read again
    # lossily, so the result never depends on which read succeeded.
    if wide is None:
        try:
            wide = collect(lossy=False)
        except pl.exceptions.ComputeError as exc:
            if "utf-8" not in str(exc).lower():
                raise
            wide = collect(lossy=True)
    if "month" in wide.columns:
        m = pl.col("month")
        wide = wide.with_columns(
            pl.format("{}-{}", m // 100, (m % 100).cast(pl.String).str.zfill(2)).alias("month")
        )
    if "quarter" in wide.columns:
        q = pl.col("quarter")
        wide = wide.with_columns(pl.format("{}-Q{}", q // 10, q % 10).alias("quarter"))
    return Table(
        _long(wide, by, chosen),
        tuple(by),
        when,
        defs,
        tuple(i.name for i in chosen),
        dataset.reading,
        rule,
        unavailable,
    )


def _in_check(
    dataset: Dataset,
    defs: Definitions,
    indicators: list[str],
    by: Sequence[str],
    year: int | None,
    where: str | None,
    as_of: dt.date,
) -> pl.DataFrame | None:
    """Check an export and aggregate its rows in the same pass; None when it cannot be used.

    The aggregate covers the rows the check passed as it read them (`onepass.check_aggregate`).
    It is the answer unless the check then changed which rows are used: later occurrences of
    a dossier id (known only once the whole file is read), or a row that is good only when
    read in full; the rows are then read a second time, as when no date is given.
    """
    measures = _measures([defs.indicators[name] for name in indicators])
    cohort = cohort_filter(defs, year, where, as_of)

    def aggregate(lf: pl.LazyFrame, extra: GroupExtra) -> pl.LazyFrame:
        rows = lf.with_columns(pl.lit(0, dtype=pl.Int64).alias(IMPORT))
        return rows_aggregate(rows, defs, list(measures.values()), by, cohort, as_of, extra)

    wide = dataset.read_with(aggregate, cohort)
    if wide is not None and not by and wide.height == 0:
        return None  # no row in the cohort: the second pass gives the one row of zeros
    return wide


def about(
    reading: Reading | None, as_of: dt.date, rule: str, unavailable: dict[str, list[str]]
) -> dict[str, Any]:
    """Return the facts every result states: reading date and rule, rows read, used, left out."""
    out: dict[str, Any] = {"as_of": as_of.isoformat(), "as_of_rule": rule}
    if reading is not None:
        out.update(reading.summary())
    if unavailable:
        out["unavailable"] = unavailable
    return out


def _long(wide: pl.DataFrame, by: Sequence[str], chosen: list[Indicator]) -> pl.DataFrame:
    """Turn the wide aggregate into one row per group and indicator."""
    keys = [c for k in by for c in GROUP_KEYS[k]]
    index: dict[str, str] = {}
    order: list[str] = []
    for ind in chosen:
        for m in (ind.numerator, ind.denominator):
            if m is not None and m.key not in index:
                index[m.key] = f"m{len(index)}"
                order.append(m.key)
    # The groups are sorted once (one row each) and numbered; the long table is then ordered
    # by (group number, indicator): two integers, not the keys again on every row.
    sort = [c for c in keys if c not in ("agency_name", "procedure_name")]
    if sort:
        wide = wide.sort(sort, nulls_last=True, maintain_order=True)
    wide = wide.with_row_index("_group")
    frames = []
    for pos, ind in enumerate(chosen):
        num = pl.col(index[ind.numerator.key])
        den = pl.col(index[ind.denominator.key]) if ind.denominator else pl.lit(None, pl.Int64)
        value = pl.when(den > 0).then(num / den) if ind.denominator else num.cast(pl.Float64)
        frames.append(
            wide.select(
                "_group",
                *keys,
                pl.lit(pos, pl.Int32).alias("_pos"),
                pl.lit(ind.name).alias("indicator"),
                num.alias("numerator"),
                den.alias("denominator"),
                value.cast(pl.Float64).alias("value"),
            )
        )
    if not frames:
        return pl.DataFrame()
    out = pl.concat(frames)
    return out.sort("_group", "_pos").drop("_group", "_pos")
