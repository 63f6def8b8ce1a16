"""The numbers each dashboard chart carries: values, labels, order and formats."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.charts import data_table
from parindex.charts.dashboards import (
    internal_dashboard,
    lineage_chart,
    national_picture,
    province_dashboard,
)
from parindex.core.ranking import Classification
from parindex.core.scoring import Scorecard
from parindex.national import NationalResult, lineage

D = Decimal


def test_area_chart_carries_the_seed_self_assessment(lao_cai_card: Scorecard) -> None:
    dash = province_dashboard(lao_cai_card, scored_by="self", targets={"8": D(5)})
    chart = dash.areas
    assert chart.categories[2] == "3. Cải cách thủ tục hành chính"
    assert [s.key for s in chart.series] == ["current", "target"]
    assert chart.series[0].label == "Năm 2020"
    assert chart.series[0].values == tuple(
        D(v) for v in ("7", "5", "13.4438", "7", "7.5", "7.6097", "10.3668", "3.5")
    )
    assert chart.reference is not None
    assert sum(chart.reference.values) == D(65)  # the self-assessable maximum
    assert sum(chart.series[0].values) == D("61.4203")
    assert chart.series[1].values[7] == D(5) and chart.series[1].values[0] is None


def test_area_chart_without_scorer_shows_whole_areas(lao_cai_card: Scorecard) -> None:
    chart = province_dashboard(lao_cai_card).areas
    assert chart.reference is not None
    assert chart.reference.values[0] == D("8.5")  # area 1 includes the 1,5 the Ministry scores
    assert len(chart.categories) == len(lao_cai_card.areas())


def test_area_chart_puts_last_year_beside_this_year(lao_cai_card: Scorecard) -> None:
    last_year = Scorecard(
        lao_cai_card.framework,
        lao_cai_card.unit,
        2019,
        {**lao_cai_card.points, "3": D(12)},
        lao_cai_card.outcomes,
        lao_cai_card.values,
    )
    chart = province_dashboard(lao_cai_card, previous=last_year).areas
    previous = next(s for s in chart.series if s.key == "previous")
    assert previous.label == "Năm 2019"
    assert previous.values[2] == D(12)


def test_lost_points_largest_first(lao_cai_card: Scorecard) -> None:
    chart = province_dashboard(lao_cai_card, scored_by="self").lost
    lost = chart.series[0].values
    assert list(lost) == sorted(lost, reverse=True)
    assert chart.categories[:3] == (
        "8.2 Mức độ thu hút đầu tư của tỉnh",
        "8.5 Tỷ lệ tăng tổng sản phẩm trên địa bàn",
        "8.6 Mức độ thực hiện các chỉ tiêu phát triển kinh tế - xã hội do HĐND tỉnh giao",
    )
    assert lost[:3] == (D(1), D(1), D("0.5"))
    table = data_table(chart)
    assert table.headers == ("Tiêu chí", "Điểm bị trừ", "Điểm tối đa")
    row = next(r for r in table.rows if r[0].startswith("3.4.1 "))
    assert row[1:] == ("0,0372", "1,5")  # 1,5 − 1,4628


def test_history_orders_years_and_puts_rank_on_an_inverted_axis(
    lao_cai_card: Scorecard, lao_cai_history: list[NationalResult]
) -> None:
    chart = province_dashboard(lao_cai_card, history=lao_cai_history, name="Lào Cai").history
    assert chart is not None
    assert chart.categories == ("2019", "2020", "2021")
    total, rank = chart.series
    assert total.values == (D("82.85"), D("84.10"), D("86.40"))
    assert (rank.axis, rank.values) == ("right", (D(15), D(12), D(9)))
    assert chart.invert_right
    assert data_table(chart).rows[0] == ("2019", "82,85", "15")


def test_progress_and_sipas_only_when_given(lao_cai_card: Scorecard) -> None:
    assert province_dashboard(lao_cai_card).progress is None
    assert province_dashboard(lao_cai_card).sipas is None
    dash = province_dashboard(
        lao_cai_card,
        progress={"done": 12, "in_progress": 20, "reports_overdue": 3},
        sipas={"Tiếp cận dịch vụ": D("88.5"), "Kết quả giải quyết": D("91.25")},
    )
    assert dash.progress is not None and dash.sipas is not None
    assert dash.progress.categories == ("Đã hoàn thành", "Đang thực hiện", "Báo cáo quá hạn")
    assert dash.progress.series[0].values == (D(12), D(20), D(3))
    assert data_table(dash.sipas).rows == (
        ("Tiếp cận dịch vụ", "88,50%"),
        ("Kết quả giải quyết", "91,25%"),
    )
    assert len(dash.charts()) == 4 and len(dash.tables()) == 4


def test_english_labels_and_number_format(lao_cai_card: Scorecard) -> None:
    chart = province_dashboard(lao_cai_card, scored_by="self", lang="en").areas
    assert chart.categories[0] == "1. Direction and management of PAR"
    assert data_table(chart).rows[2][1:] == ("13.4438", "13.5")


def test_internal_ranking_orders_classifies_and_shares_ties(
    commune_cards: list[Scorecard], commune_names: dict[str, str]
) -> None:
    bands = (Classification("xuat_sac", D(90)), Classification("tot", D(70)))
    dash = internal_dashboard(
        commune_cards,
        names=commune_names,
        bands=bands,
        band_labels={"xuat_sac": "Xuất sắc", "tot": "Tốt"},
        previous={"X01": D(9), "X02": D(8), "X03": D(5), "X04": D(6)},
    )
    part = dash.kind("commune")
    chart = part.ranking
    assert chart.categories == ("Xã Bản Vược", "Phường Cốc Lếu", "Xã Trịnh Tường", "Xã A Mú Sung")
    assert chart.series[0].values == (D("9.5"), D("7.5"), D("7.5"), D("4.5"))
    assert chart.ranks == (1, 2, 2, 4)
    assert chart.classes == ("xuat_sac", "tot", "tot", None)
    assert chart.changes == (D("0.5"), D("-0.5"), D("1.5"), D("-0.5"))
    # last year: X01 1st, X02 2nd, X04 3rd, X03 4th
    assert chart.rank_changes == (0, 0, 1, 0)
    assert chart.title == "Xếp hạng xã, phường năm 2024"
    table = data_table(chart)
    assert table.headers[:5] == ("Xếp hạng", "Đơn vị", "Điểm", "% điểm tối đa", "Xếp loại")
    assert table.rows[0] == ("1", "Xã Bản Vược", "9,5", "95,00%", "Xuất sắc", "+0,5", "0")
    assert table.rows[2][-1] == "+1" and table.rows[3][4] == ""


def test_heat_map_is_units_by_areas_in_percent_of_maximum(
    commune_cards: list[Scorecard], commune_names: dict[str, str]
) -> None:
    heat = internal_dashboard(commune_cards, names=commune_names).kind("commune").heatmap
    assert heat.categories[0] == "Xã Bản Vược"
    assert [s.label for s in heat.series] == ["1", "2"]
    assert heat.column_titles == (
        "1. Công tác chỉ đạo, điều hành",
        "2. Cải cách thủ tục hành chính",
    )
    assert heat.series[0].values == (D(100), D("87.5"), D("87.5"), D(50))
    assert heat.series[1].values[0] == D("5.5") * 100 / 6
    assert data_table(heat).rows[0] == ("Xã Bản Vược", "100,0%", "91,7%")


def test_weakest_criteria_by_mean_percent(commune_cards: list[Scorecard]) -> None:
    weakest = internal_dashboard(commune_cards, weakest=2).kind("commune").weakest
    # 2.2: (1,5 + 1 + 0,5 + 0,5) / (4 × 2) = 43,75 %; 1.2: 6 / 8 = 75 %; 2.1: 12,5 / 16 = 78,1 %
    assert weakest.categories == ("2.2 Dịch vụ công trực tuyến", "1.2 Báo cáo định kỳ")
    assert weakest.series[0].values == (D("43.75"), D(75))
    assert data_table(weakest).rows[0][1] == "43,8%"


def test_each_kind_of_unit_gets_its_own_part(
    commune_cards: list[Scorecard], lao_cai_card: Scorecard
) -> None:
    kinds = {"X01": "commune", "X02": "commune", "X03": "department", "X04": "department"}
    previous = {"X01": D(6), "X02": D(7), "X03": D(9), "X04": D(1)}
    dash = internal_dashboard(commune_cards, kinds=kinds, previous=previous)
    assert [p.kind for p in dash.kinds] == ["commune", "department"]
    assert dash.kind("department").ranking.categories == ("X04", "X03")
    # ranks of last year are taken among units of the same kind only
    assert dash.kind("department").ranking.rank_changes == (1, -1)
    assert dash.kind("commune").ranking.rank_changes == (1, -1)
    assert len(dash.charts()) == 6
    with pytest.raises(ValueError, match="several frameworks"):
        internal_dashboard([*commune_cards, lao_cai_card], kinds={lao_cai_card.unit: "commune"})


NATIONAL = [
    NationalResult("22", 2019, D("90.12"), rank=1),
    NationalResult("10", 2019, D("82.85"), rank=15),
    NationalResult("48", 2019, D("87.95"), rank=3),
    NationalResult("15", 2019, D("79.30"), rank=28),
    NationalResult("10", 2018, D("80.00"), rank=20),
]
NAMES = {"22": "Quảng Ninh", "10": "Lào Cai", "48": "Đà Nẵng", "15": "Yên Bái"}


def test_national_picture_places_the_province_among_the_others() -> None:
    picture = national_picture(NATIONAL, year=2019, province="10", names=NAMES)
    chart = picture.ranking
    assert chart.categories == ("Quảng Ninh", "Đà Nẵng", "Lào Cai", "Yên Bái")
    assert chart.ranks == (1, 3, 15, 28)
    assert chart.classes == ("A", "B", "B", "C")
    assert chart.highlight == ("Lào Cai",)
    assert chart.changes[2] == D("2.85") and chart.rank_changes[2] == 5
    assert data_table(chart).rows[2][:3] == ("15", "Lào Cai", "82,85")
    # bands read as targets do: the formatter's operator and percent ("≥ 90,00%", not ">= 90 %")
    assert dict(chart.class_labels) == {
        "A": "A (≥ 90,00%)",
        "B": "B (≥ 80,00%)",
        "C": "C (≥ 70,00%)",
    }
    english = national_picture(NATIONAL, year=2019, province="10", names=NAMES, lang="en")
    assert dict(english.ranking.class_labels)["B"] == "B (≥ 80.00%)"
    assert picture.history is not None and picture.history.categories == ("2018", "2019")


def test_lineage_chart_labels_the_mean_as_an_approximation() -> None:
    results = [
        NationalResult("10", 2019, D("82.85")),
        NationalResult("15", 2019, D("80.30")),
        NationalResult("LC", 2025, D("85.00")),
    ]
    years = lineage(results, {"10": "LC", "15": "LC"})["LC"]
    chart = lineage_chart(years, names={"LC": "Lào Cai (mới)", **NAMES})
    assert chart.categories == ("2019", "2025")
    assert [s.label for s in chart.series] == [
        "Lào Cai (mới)",
        "Lào Cai",
        "Yên Bái",
        "Trung bình cộng các tỉnh trước sáp nhập (xấp xỉ, không gia quyền)",
    ]
    assert [s.values for s in chart.series] == [
        (None, D("85.00")),
        (D("82.85"), None),
        (D("80.30"), None),
        (D("81.5750"), None),
    ]
