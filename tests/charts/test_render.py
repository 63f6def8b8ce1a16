"""SVG for pages, PNG for documents, both from one definition; the table beside each chart."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from parindex.charts import (
    BarChart,
    Chart,
    HeatMap,
    LineChart,
    RankingChart,
    Series,
    data_table,
    render_png,
    render_svg,
    tables_to_xlsx,
)
from parindex.charts.dashboards import internal_dashboard, province_dashboard
from parindex.charts.spec import PERCENT, NumberFormat
from parindex.core.scoring import Scorecard
from parindex.national import NationalResult

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


def all_charts(
    card: Scorecard, cards: list[Scorecard], names: dict[str, str], history: list[NationalResult]
) -> list[Chart]:
    dash = province_dashboard(
        card,
        scored_by="self",
        history=history,
        progress={"done": 3, "overdue": 1},
        sipas={"Tiếp cận dịch vụ": D("88.5")},
    )
    return [*dash.charts(), *internal_dashboard(cards, names=names).charts()]


@pytest.fixture(scope="module")
def charts(
    lao_cai_card: Scorecard,
    commune_cards: list[Scorecard],
    commune_names: dict[str, str],
    lao_cai_history: list[NationalResult],
) -> list[Chart]:
    return all_charts(lao_cai_card, commune_cards, commune_names, lao_cai_history)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_every_chart_is_accessible_well_formed_svg(charts: list[Chart]) -> None:
    kinds = set()
    for chart in charts:
        kinds.add(chart.kind)
        svg = render_svg(chart)
        root = ET.fromstring(svg)  # well-formed XML or this raises
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("aria-label") == chart.title
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text == chart.title
        assert desc is not None and desc.text == chart.description
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert "<script" not in svg and "http://" not in svg.replace(
            'xmlns="http://www.w3.org/2000/svg"', ""
        )
        assert "https://" not in svg and "@font-face" not in svg and "<image" not in svg
    assert kinds == {"bar", "line", "heatmap", "ranking"}


def test_svg_shows_vietnamese_labels_and_numbers(lao_cai_card: Scorecard) -> None:
    chart = province_dashboard(lao_cai_card, scored_by="self").areas
    root = ET.fromstring(render_svg(chart, id_prefix="dash-areas"))
    shown = texts(root)
    assert "Điểm theo lĩnh vực so với điểm tối đa" in shown
    assert "3. Cải cách thủ tục hành chính" in shown
    assert "13,4438" in shown and "10,3668" in shown
    assert root.find(f"{SVG}title").get("id") == "dash-areas-title"  # type: ignore[union-attr]
    # long labels are cut on screen but kept whole in a tooltip
    tips = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert any(t.startswith("7. Xây dựng và phát triển Chính quyền điện tử") for t in tips)


def test_svg_bars_have_one_tooltip_per_value(lao_cai_card: Scorecard) -> None:
    chart = province_dashboard(lao_cai_card, scored_by="self").areas
    root = ET.fromstring(render_svg(chart))
    tips = [t.text for r in root.iter(f"{SVG}rect") for t in r.iter(f"{SVG}title")]
    assert "3. Cải cách thủ tục hành chính – Năm 2020: 13,4438" in tips
    assert "3. Cải cách thủ tục hành chính – Điểm tối đa: 13,5" in tips


def test_ranking_svg_lists_units_in_rank_order_and_marks_the_highlight() -> None:
    chart = RankingChart(
        key="r",
        title="Xếp hạng",
        categories=("Quảng Ninh", "Lào Cai", "Yên Bái"),
        series=(Series("total", "Tổng điểm", (D("90.12"), D("82.85"), D("79.3"))),),
        ranks=(1, 15, 28),
        classes=("A", "B", "C"),
        class_labels=(("A", "Loại A"), ("B", "Loại B"), ("C", "Loại C")),
        highlight=("Lào Cai",),
        maximum=D(100),
        number=NumberFormat(places=2),
    )
    root = ET.fromstring(render_svg(chart))
    shown = texts(root)
    names = [t for t in shown if t[:1].isdigit() and ". " in t]
    assert names == ["1. Quảng Ninh", "15. Lào Cai", "28. Yên Bái"]
    assert {"Loại A", "Loại B", "Loại C", "82,85"} <= set(shown)
    bold = [
        "".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"
    ]
    assert "15. Lào Cai" in bold and "1. Quảng Ninh" not in bold


def test_line_and_heat_map_svg_carry_their_values() -> None:
    line = LineChart(
        key="l",
        title="Chỉ số qua các năm",
        categories=("2019", "2020"),
        series=(
            Series("total", "Tổng điểm", (D("82.85"), None)),
            Series("rank", "Xếp hạng", (D(15), D(12)), axis="right", number=NumberFormat(0)),
        ),
        number=NumberFormat(places=2),
    )
    shown = texts(ET.fromstring(render_svg(line)))
    assert {"82,85", "15", "12", "2019", "2020"} <= set(shown)
    heat = HeatMap(
        key="h",
        title="Bản đồ nhiệt",
        categories=("Xã Bản Vược",),
        series=(Series("1", "1", (D("87.5"),)), Series("2", "2", (None,))),
        number=PERCENT,
    )
    assert "87,5%" in texts(ET.fromstring(render_svg(heat)))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_png_for_word_has_a_signature_and_a_plausible_size(charts: list[Chart]) -> None:
    for chart in charts[:1] + [c for c in charts if c.kind in ("heatmap", "ranking")][:2]:
        width, height = png_size(render_png(chart))
        assert width == int(16 / 2.54 * 150)  # 16 cm at 150 dpi
        assert 200 < height < 4000


def test_png_line_chart(lao_cai_card: Scorecard) -> None:
    line = LineChart(
        key="l",
        title="Chỉ số qua các năm",
        categories=("2019", "2020"),
        series=(
            Series("total", "Tổng điểm", (D("82.85"), D("84.1"))),
            Series("rank", "Xếp hạng", (D(15), D(12)), axis="right"),
        ),
    )
    width, height = png_size(render_png(line, width_cm=10, dpi=100))
    assert (width, height) == (int(10 / 2.54 * 100), int(10 / 2.54 * 0.55 * 100))


def test_table_matches_the_chart(charts: list[Chart]) -> None:
    for chart in charts:
        table = data_table(chart)
        assert len(table.rows) == len(chart.categories)
        assert all(len(row) == len(table.headers) for row in table.rows)
        if chart.kind == "ranking":
            assert [row[1] for row in table.rows] == list(chart.categories)
            continue
        assert [row[0] for row in table.rows] == list(chart.categories)
        for j, series in enumerate(chart.series, start=1):
            assert table.headers[j] == series.label
            assert [row[j] for row in table.rows] == [chart.fmt(v, series) for v in series.values]


def test_excel_export_keeps_numbers_as_numbers(lao_cai_card: Scorecard) -> None:
    dash = province_dashboard(lao_cai_card, scored_by="self")
    book = load_workbook(io.BytesIO(tables_to_xlsx(dash.tables())))
    # each tab named by its table's title (31 characters at most), not by its key ("areas")
    assert book.sheetnames == [t.title[:31].strip() for t in dash.tables()]
    assert book.sheetnames[0] == "Điểm theo lĩnh vực so với điểm"
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Điểm theo lĩnh vực so với điểm tối đa"
    assert [c.value for c in sheet[2]] == ["Lĩnh vực", "Năm 2020", "Điểm tối đa"]
    assert sheet["A5"].value == "3. Cải cách thủ tục hành chính"
    # points as every workbook writes them (presentation.numbers.xlsx_cell): 4 places, General
    assert (sheet["B5"].value, sheet["B5"].number_format) == (13.4438, "General")
    assert (sheet["A5"].number_format, sheet["C5"].value) == ("@", 13.5)


def test_excel_ranking_writes_ranks_as_counts_and_percentages_as_fractions() -> None:
    chart = RankingChart(
        key="ranking-commune",
        title="Xếp hạng xã, phường năm 2024",
        categories=("Xã Bản Vược", "Phường Cốc Lếu"),
        series=(Series("total", "Điểm", (D("9.5"), D("7.25"))),),
        ranks=(1, 2),
        classes=(),
        percents=(D(95), D("72.5")),
        changes=(D("0.5"), D("-1.25")),
        rank_changes=(0, -1),
        lang="vi",
    )
    book = load_workbook(io.BytesIO(tables_to_xlsx([data_table(chart)])))
    sheet = book["Xếp hạng xã, phường năm 2024"]  # the tab named by the title
    # a "% điểm tối đa" column reads 95,00% in Excel, without a "(%)" in its header
    assert [c.value for c in sheet[2]] == [
        "Xếp hạng", "Đơn vị", "Điểm", "% điểm tối đa",
        "Tăng/giảm so với năm trước (điểm)", "Thay đổi thứ hạng",
    ]  # fmt: skip
    cells = [(c.value, c.number_format) for c in sheet[3]]
    assert cells == [
        (1, "#,##0"), ("Xã Bản Vược", "@"), (9.5, "General"), (0.95, "0.00%"),
        (0.5, "General"), (0, "#,##0"),
    ]  # fmt: skip
    assert [(c.value, type(c.value)) for c in sheet[4]][2:4] == [(7.25, float), (0.725, float)]
    assert (sheet["F4"].value, sheet["F4"].number_format) == (-1, "#,##0")


@pytest.mark.parametrize(
    ("fmt", "value", "text"),
    [
        (NumberFormat(), D("0.5"), "+0,5"),
        (NumberFormat(), D("-1.25"), "-1,25"),
        (NumberFormat(), D("0"), "0"),
        (NumberFormat(places=0), D("3"), "+3"),
        (NumberFormat(places=2), D("0.001"), "0,00"),
        (NumberFormat(places=1, percent=True), D("2.25"), "+2,3%"),
    ],
)
def test_signed_numbers_put_a_plus_before_a_rise_only(
    fmt: NumberFormat, value: Decimal, text: str
) -> None:
    assert fmt.format(value, "vi", signed=True) == text


def test_series_must_match_the_categories() -> None:
    with pytest.raises(ValueError, match="2 values for 1 categories"):
        BarChart(key="b", title="t", categories=("a",), series=(Series("s", "s", (D(1), D(2))),))


@pytest.mark.parametrize(
    ("fmt", "value", "vi", "en"),
    [
        (NumberFormat(), D("61.4203"), "61,4203", "61.4203"),
        (NumberFormat(places=2), D("82.85"), "82,85", "82.85"),
        (NumberFormat(places=0), D("180840"), "180.840", "180,840"),
        (NumberFormat(places=1, percent=True), D("97.5178"), "97,5%", "97.5%"),
        (NumberFormat(places=2, percent=True), D("90"), "90,00%", "90.00%"),
        (NumberFormat(places=0), D("1234"), "1.234", "1,234"),
    ],
)
def test_number_formats(fmt: NumberFormat, value: Decimal, vi: str, en: str) -> None:
    assert (fmt.format(value, "vi"), fmt.format(value, "en")) == (vi, en)


def test_the_png_goes_into_a_word_document(lao_cai_card: Scorecard) -> None:
    from docx import Document
    from docx.shared import Cm

    chart = province_dashboard(lao_cai_card, scored_by="self").areas
    document = Document()
    document.add_paragraph(chart.title)
    document.add_picture(io.BytesIO(render_png(chart)), width=Cm(16))
    table = data_table(chart)
    grid = document.add_table(rows=1, cols=len(table.headers))
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = header
    for row in table.rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    reopened = Document(io.BytesIO(buffer.getvalue()))
    assert len(reopened.inline_shapes) == 1
    assert reopened.tables[0].cell(3, 1).text == "13,4438"
