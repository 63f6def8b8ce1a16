"""Charts as data: one definition renders to SVG (pages), PNG (documents) and a data table."""

from parindex.charts.png import render_png
from parindex.charts.spec import (
    INTEGER,
    PERCENT,
    POINTS,
    TWO_PLACES,
    BarChart,
    Chart,
    HeatMap,
    LineChart,
    NumberFormat,
    RankingChart,
    Series,
)
from parindex.charts.svg import render_svg
from parindex.charts.table import DataTable, data_table, tables_to_xlsx

__all__ = [
    "INTEGER",
    "PERCENT",
    "POINTS",
    "TWO_PLACES",
    "BarChart",
    "Chart",
    "DataTable",
    "HeatMap",
    "LineChart",
    "NumberFormat",
    "RankingChart",
    "Series",
    "data_table",
    "render_png",
    "render_svg",
    "tables_to_xlsx",
]
