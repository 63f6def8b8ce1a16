"""What the results page shows: indicator tables, framework inputs, drill-downs, as plain rows.

Everything is computed by ``parindex.indicators`` from the province's store; this module only
chooses groupings and filters and turns polars frames into rows for templates and workbooks.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from parindex.indicators import Dataset, Drilldown, compute, drilldown, export_xlsx, open_dataset
from parindex.indicators.definitions import title_in
from parindex.web.dossiers.services import province_store
from parindex.web.organisations.models import Unit
from parindex.web.site.language import lang

LEVELS = ("province", "district", "commune")
DRILL_NODES = ("3.4.1", "3.4.2", "3.4.3")
FRAMEWORK = "par-province-1149"  # the framework the shipped indicator links point to
# The tables of the page: a name and its grouping.
GROUPINGS: dict[str, list[str]] = {
    "year": ["year", "level"],
    "month": ["month", "level"],
    "level": ["level"],
    "agency": ["agency", "level"],
}
_SAFE = re.compile(r"^[\w.\-/ ]{1,64}$")


@dataclass
class Grid:
    """A table ready for a template or a sheet: column codes, rows of raw values."""

    name: str
    columns: list[str]
    rows: list[list[Any]]
    rates: set[str] = field(default_factory=set)


def dataset(province: Unit) -> Dataset | None:
    store = province_store(province)
    return None if store.is_empty() else open_dataset(store)


def years(ds: Dataset) -> list[int]:
    data = compute(ds, ["year"], indicators=["received"]).data
    return sorted((int(y) for y in data["year"].to_list() if y is not None), reverse=True)


def agencies(ds: Dataset, year: int | None) -> list[tuple[str, str]]:
    data = compute(ds, ["agency"], indicators=["received"], year=year).data
    return sorted(
        (str(r["agency_code"] or r["agency_name"]), str(r["agency_name"] or r["agency_code"]))
        for r in data.iter_rows(named=True)
    )


def where(level: str | None, agency: str | None) -> str | None:
    """The filter expression for the page's choices (values checked against known ones)."""
    parts = []
    if level in LEVELS:
        parts.append(f"level == '{level}'")
    if agency and _SAFE.match(agency) and "'" not in agency:
        parts.append(f"(agency_code == '{agency}' or agency_name == '{agency}')")
    return " and ".join(parts) or None


def grid(name: str, data: pl.DataFrame, keys: list[str], rates: set[str]) -> Grid:
    """Pivot the long table (one row per key × indicator) to one column per indicator."""
    if data.height == 0:
        return Grid(name, keys, [], rates)
    wide = data.pivot(on="indicator", index=keys, values="value", aggregate_function="first")
    wide = wide.sort(keys, nulls_last=True)
    return Grid(name, list(wide.columns), [list(r) for r in wide.rows()], rates)


def indicator_grids(
    ds: Dataset, year: int | None, flt: str | None, only: set[str] | None = None
) -> tuple[dict[str, Grid], dict[str, Any]]:
    """The page's tables, and what they rest on (reading date, rows used, `Table.about`)."""
    out = {}
    about: dict[str, Any] = {}
    for name, by in GROUPINGS.items():
        if only is not None and name not in only:
            continue
        table = compute(ds, by, year=None if name == "year" else year, where=flt)
        rates = {n for n, d in table.definitions.indicators.items() if d.denominator is not None}
        out[name] = grid(name, table.data, table.key_columns, rates)
        about = table.about()
    return out, about


def drilldown_of(ds: Dataset, node: str, year: int, framework: str = FRAMEWORK) -> Drilldown:
    return drilldown(ds, framework, node, year)


def drill_grids(dd: Drilldown) -> dict[str, Grid]:
    """The drill-down's tables, the indicator named by its title (never its key)."""
    rates = {"rate"}
    title = title_in(dd.indicator_title, lang(), dd.indicator)
    grids = {}
    for name, df in dd.tables().items():
        columns = list(df.columns)
        rows = [
            [title if c == "indicator" else v for c, v in zip(columns, r, strict=True)]
            for r in df.rows()
        ]
        grids[name] = Grid(name, columns, rows, rates)
    return grids


def column_kind(grid: Grid, index: int) -> str:
    """The kind of figure of a column (``parindex.presentation.numbers.KINDS``): rates as
    fractions, years ungrouped, whole numbers as counts, other numbers as points."""
    column = grid.columns[index]
    if column in grid.rates:
        return "fraction"
    if column == "year":
        return "year"
    values = [row[index] for row in grid.rows if row[index] is not None]
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "count"
    if values and all(isinstance(v, int | float | Decimal) for v in values):
        return "points"
    if values and all(isinstance(v, datetime.date) for v in values):
        return "date"
    return "text"


def _word(value: Any, column: str) -> Any:
    """A level, channel or status by its label, never its code."""
    from parindex.web.dossiers.forms import VALUE_LABELS

    labels = VALUE_LABELS.get(column, {})
    return str(labels[value]) if isinstance(value, str) and value in labels else value


def _whole(value: Any, kind: str) -> str:
    """A whole number of a mixed column (the inputs: counts beside rates) is a count; a text
    in a column of figures stays text."""
    if isinstance(value, str):
        return "text"
    if kind == "points" and isinstance(value, int | Decimal) and value == int(value):
        return "count"
    return kind


def workbook(grids: list[Grid], headers: dict[str, str]) -> bytes:
    """An Excel workbook with one sheet per table, translated headers, typed figures (rates as
    percentages, counts grouped: ``parindex.io.xlsx.put_row``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from parindex.io.xlsx import put_row, save_workbook

    wb = Workbook()
    wb.remove(wb.active)
    for g in grids:
        ws = wb.create_sheet(headers.get(g.name, g.name)[:31])
        ws.append([headers.get(c, c) for c in g.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        kinds = [column_kind(g, i) for i in range(len(g.columns))]
        for row in g.rows:
            values = [_word(v, c) for v, c in zip(row, g.columns, strict=False)]
            put_row(ws, values, [_whole(v, k) for v, k in zip(values, kinds, strict=True)])
    buffer = io.BytesIO()
    save_workbook(wb, buffer)
    return buffer.getvalue()


def _figure(text: Any) -> Any:
    try:
        return Decimal(str(text)) if str(text).strip() else None
    except ArithmeticError:
        return text


def input_rows(framework: Any, context: dict[str, Any]) -> list[list[Any]]:
    """The inputs table of an export: each input by its title, its values as numbers."""
    language = lang()
    rows = []
    for r in context["inputs"].rows:
        node = framework.get(r["node"])
        spec = next((i for i in node.inputs if i.name == r["input"]), None) if node else None
        title = spec.label(language) if spec is not None else r["input"]
        rows.append([r["node"], title, _figure(r["value"]), _figure(r["current"])])
    return rows


def drilldown_workbook(dd: Drilldown, lang: str, tmpdir: str) -> bytes:
    path = export_xlsx(dd, f"{tmpdir}/drilldown-{dd.node}.xlsx", lang=lang)
    return path.read_bytes()
