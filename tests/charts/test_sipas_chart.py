"""The SIPAS chart: values with intervals, last year and the target, in every rendering."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.charts import data_table, render_png, render_svg
from parindex.charts.dashboards import SipasFactor, SipasFigures, sipas_chart_of
from parindex.charts.spec import BarChart, Series

D = Decimal

FIGURES = SipasFigures(
    year=2020,
    factors=(
        SipasFactor("Tiếp cận dịch vụ", D("75"), D("30.06"), D("95.44"), D("66.6667")),
        SipasFactor("Thủ tục hành chính", D("91.25"), D("85.5"), D("95.1")),
    ),
    overall=SipasFactor("", D("83.125"), D("78"), D("88"), D("80")),
    target=D("90"),
)


def test_table_has_each_value_its_interval_last_year_and_the_target() -> None:
    table = data_table(sipas_chart_of(FIGURES))
    assert table.headers == (
        "Yếu tố",
        "Năm 2020",
        "Năm 2020: cận dưới (khoảng tin cậy)",
        "Năm 2020: cận trên (khoảng tin cậy)",
        "Năm 2019",
        "Mục tiêu",
    )
    assert table.rows[0] == ("Tiếp cận dịch vụ", "75,00%", "30,06%", "95,44%", "66,67%", "")
    assert table.rows[1][4:] == ("", "")
    assert table.rows[2] == (
        "Chỉ số hài lòng chung",
        "83,13%",
        "78,00%",
        "88,00%",
        "80,00%",
        "90,00%",
    )
    assert table.values[2][1] == D("83.125")  # typed values for Excel


def test_svg_draws_whiskers_and_says_the_interval() -> None:
    svg = render_svg(sipas_chart_of(FIGURES))
    assert "Tiếp cận dịch vụ – Năm 2020: 75,00% (30,06% – 95,44%)" in svg
    assert "với khoảng tin cậy 95% (vạch ngang)" in svg
    assert "the 95% confidence interval" in render_svg(sipas_chart_of(FIGURES, "en"))
    assert svg.count('stroke="#000000" fill="none"') == 3  # one whisker per row
    vertical = BarChart(
        key="v",
        title="v",
        categories=("a",),
        series=(Series("s", "s", (D(50),), low=(D(40),), high=(D(60),)),),
        orientation="vertical",
    )
    assert 'stroke="#000000" fill="none"' in render_svg(vertical)


def test_png_renders_with_error_bars() -> None:
    assert render_png(sipas_chart_of(FIGURES))[:4] == b"\x89PNG"


def test_without_last_year_or_target_those_columns_are_absent() -> None:
    bare = SipasFigures(year=2021, factors=(), overall=SipasFactor("Chung", D("70")))
    table = data_table(sipas_chart_of(bare, lang="en"))
    assert table.headers[:2] == ("Factor", "2021")
    assert table.rows == (("Chung", "70.00%", "", ""),)


def test_an_interval_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="interval"):
        Series("s", "s", (D(1), D(2)), low=(D(0),), high=(D(3),))  # checked by the chart
        BarChart(
            key="k",
            title="t",
            categories=("a", "b"),
            series=(Series("s", "s", (D(1), D(2)), low=(D(0),), high=(D(3),)),),
        )
