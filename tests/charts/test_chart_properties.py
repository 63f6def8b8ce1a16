"""Invariants: ranking charts are ordered best first, whatever the scores."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.charts import BarChart, Series, data_table, render_svg
from parindex.charts.dashboards import internal_dashboard
from parindex.core.model import Framework
from parindex.core.scoring import score

points = st.decimals(min_value=0, max_value=2, places=2)


@settings(max_examples=40, deadline=None)
@given(units=st.lists(st.tuples(points, points), min_size=1, max_size=25))
def test_ranking_charts_are_ordered(
    internal_framework: Framework, units: list[tuple[Decimal, Decimal]]
) -> None:
    cards = [
        score(
            internal_framework,
            {"1.1": {"points": a}, "1.2": {"points": b}},
            unit=f"X{i:02d}",
            year=2024,
        )
        for i, (a, b) in enumerate(units)
    ]
    chart = internal_dashboard(cards).kind("commune").ranking
    totals = chart.series[0].values
    assert list(totals) == sorted(totals, reverse=True)  # type: ignore[type-var]
    assert list(chart.ranks) == sorted(chart.ranks)
    for i, (rank, total) in enumerate(zip(chart.ranks, totals, strict=True)):
        assert rank == 1 + sum(1 for t in totals if t > total)  # type: ignore[operator]
        assert i == 0 or rank >= chart.ranks[i - 1]
    assert [row[1] for row in data_table(chart).rows] == list(chart.categories)
    root = ET.fromstring(render_svg(chart))
    shown = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    labels = [t for t in shown if re.fullmatch(r"\d+\. X\d\d", t)]
    assert labels == [f"{r}. {c}" for r, c in zip(chart.ranks, chart.categories, strict=True)]


values = st.one_of(st.none(), st.decimals(min_value=0, max_value=100000, places=4))


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(st.tuples(st.text(min_size=1, max_size=30), values, values), max_size=12),
    lang=st.sampled_from(["vi", "en"]),
)
def test_table_and_svg_carry_every_value_of_a_bar_chart(
    data: list[tuple[str, Decimal | None, Decimal | None]], lang: str
) -> None:
    chart = BarChart(
        key="b",
        title="Điểm",
        categories=tuple(c for c, _, _ in data),
        series=(
            Series("now", "Năm nay", tuple(v for _, v, _ in data)),
            Series("before", "Năm trước", tuple(v for _, _, v in data)),
        ),
        lang=lang,
    )
    table = data_table(chart)
    assert [row[0] for row in table.rows] == list(chart.categories)
    assert [row[1] for row in table.rows] == [chart.fmt(v) for v in chart.series[0].values]
    root = ET.fromstring(render_svg(chart))  # any label text stays well-formed XML
    shown = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {chart.fmt(v) for _, v, _ in data if v is not None} <= shown


@settings(max_examples=200, deadline=None)
@given(share=st.floats(min_value=0, max_value=1))
def test_a_heat_map_number_reads_on_its_cell_in_svg_and_png_alike(share: float) -> None:
    from parindex.charts.svgheatmap import contrast, ink, ramp

    fill = ramp(share)
    assert ink(fill) in ("#000000", "#ffffff")
    assert contrast(ink(fill), fill) >= 4.5
