"""Who loses a node's points: by agency, field and procedure, and the monthly trend; Excel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from parindex.indicators.compute import compute
from parindex.indicators.dataset import Dataset
from parindex.indicators.definitions import Definitions, load_definitions, title_in
from parindex.indicators.errors import DefinitionError
from parindex.indicators.words import word

DIMENSIONS = ("agency", "field", "procedure")


@dataclass(frozen=True)
class Drilldown:
    """A node's rate and lost points, and where the loss comes from.

    Under the rule points = max × on-time / total, the points lost are max × (total − on time)
    / total, and a group's share of them is max × (its total − its on time) / the year's total:
    the shares add up to the loss.
    """

    framework: str
    node: str
    year: int
    indicator: str
    max_points: float
    numerator: int
    denominator: int
    by: dict[str, pl.DataFrame]
    monthly: pl.DataFrame
    about: dict[str, Any] = field(default_factory=dict)  # reading date, rows used (Table.about)
    #: The indicator's title per language, as its definitions give it ({"vi": …, "en": …}).
    indicator_title: dict[str, str] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        """Return numerator / denominator (None when there is no denominator)."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def points(self) -> float | None:
        """Return the points the rule gives (max × rate)."""
        return None if self.rate is None else self.max_points * self.rate

    @property
    def lost(self) -> float:
        """Return the points lost (max − points)."""
        return 0.0 if self.points is None else self.max_points - self.points

    def summary(self) -> pl.DataFrame:
        """Return the node's figures as a one-row table."""
        return pl.DataFrame(
            [
                {
                    "node": self.node,
                    "indicator": self.indicator,
                    "numerator": self.numerator,
                    "denominator": self.denominator,
                    "rate": self.rate,
                    "max_points": self.max_points,
                    "points": self.points,
                    "lost_points": self.lost,
                }
            ]
        )

    def tables(self) -> dict[str, pl.DataFrame]:
        """Return every table of the drill-down, titled by a word code."""
        return {
            "summary": self.summary(),
            **{f"by_{k}": v for k, v in self.by.items()},
            "monthly": self.monthly,
        }


def _max_points(framework: str, node: str) -> float:
    # The framework's own data is the authority on maxima; only its public finder is used.
    from parindex import frameworks

    found = frameworks.find(framework).get(node)
    if found is None:
        raise DefinitionError("unknown_node", value=node, detail={"framework": framework})
    return float(found.max)


def drilldown(
    dataset: Dataset,
    framework: str,
    node: str,
    year: int,
    *,
    definitions: Definitions | None = None,
    where: str | None = None,
    as_of: dt.date | None = None,
    max_points: float | None = None,
    top: int | None = None,
) -> Drilldown:
    """Break a linked node's loss down by agency, field and procedure, and by month."""
    defs = definitions or load_definitions()
    links = [lk for lk in defs.links_for(framework) if lk.node == node]
    if not links:
        raise DefinitionError("no_link", file=defs.source, value=node)
    link = links[0]
    ind = defs.indicators[link.indicator]
    if ind.denominator is None:
        raise DefinitionError("not_a_rate", file=defs.source, value=ind.name)
    maximum = max_points if max_points is not None else _max_points(framework, node)
    cond = " and ".join(f"({w})" for w in (link.where, where) if w)

    def table(by: list[str]) -> pl.DataFrame:
        return computed(by).data.drop("indicator", "value")

    def computed(by: list[str]) -> Any:
        return compute(
            dataset,
            by,
            indicators=[ind.name],
            definitions=defs,
            year=year,
            where=cond,
            as_of=as_of,
        )

    overall = computed([])
    total = overall.data.drop("indicator", "value")
    num = int(total["numerator"][0] or 0) if total.height else 0
    den = int(total["denominator"][0] or 0) if total.height else 0

    def loss(df: pl.DataFrame) -> pl.DataFrame:
        missing = pl.col("denominator") - pl.col("numerator")
        return df.with_columns(
            rate=pl.when(pl.col("denominator") > 0).then(
                pl.col("numerator") / pl.col("denominator")
            ),
            missing=missing,
            lost_points=(missing * maximum / den) if den else pl.lit(0.0),
        )

    by = {}
    for dim in DIMENSIONS:
        df = loss(table([dim])).sort("lost_points", "denominator", descending=True, nulls_last=True)
        by[dim] = df.head(top) if top else df
    monthly = loss(table(["month"])).with_columns(points=pl.col("rate") * maximum).sort("month")
    return Drilldown(
        framework,
        node,
        year,
        ind.name,
        maximum,
        num,
        den,
        by,
        monthly,
        overall.about(),
        dict(ind.title),
    )


def _kind(column: str, dtype: pl.DataType) -> str:
    """The kind of figure of a drill-down column (``parindex.presentation.numbers.KINDS``)."""
    if dtype.is_float():
        return "fraction" if column == "rate" else "points"
    if dtype.is_integer():
        return "year" if column == "year" else "count"
    if dtype.is_temporal():
        return "datetime" if dtype == pl.Datetime else "date"
    return "text"


def export_xlsx(dd: Drilldown, path: str | Path, *, lang: str = "vi") -> Path:
    """Write the drill-down to an Excel workbook, one sheet per table, headers in `lang`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from parindex.io.xlsx import put_row, save_workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, df in dd.tables().items():
        ws = wb.create_sheet(word(title, lang)[:31])
        ws.append([word(c, lang) for c in df.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        kinds = [_kind(column, df.schema[column]) for column in df.columns]
        title = title_in(dd.indicator_title, lang, dd.indicator)
        for row in df.rows():
            values = [
                title if c == "indicator" else v for c, v in zip(df.columns, row, strict=True)
            ]
            put_row(ws, values, kinds)
        for i, column in enumerate(df.columns, start=1):
            letter = get_column_letter(i)
            width = max(
                [
                    len(str(ws.cell(1, i).value)),
                    *(len(str(v)) for v in df[column].head(200).to_list()),
                ]
            )
            ws.column_dimensions[letter].width = min(60, width + 2)
        ws.freeze_panes = "A2"
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    save_workbook(wb, tmp)
    tmp.replace(path)
    return path
