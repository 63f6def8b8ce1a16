"""Dashboards in the browser: each page, its charts with their tables, the visible figures."""

from __future__ import annotations

import pytest

from parindex.web.assessments.models import Assessment
from parindex.web.dashboards.demo import dashboards_demo_load

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect


@pytest.fixture
def dashboards(demo: Assessment) -> Assessment:
    """Demo national results, the demo's published departments' index and SIPAS survey, 2020."""
    from parindex.web.surveys.demo import surveys_demo_load

    dashboards_demo_load()
    surveys_demo_load()
    return demo


def test_the_leadership_reads_the_three_dashboards(persona, dashboards, shot) -> None:
    viewer = persona("viewer")
    viewer.locator("header nav").get_by_role("link", name="Bảng điều khiển").click()
    main = viewer.locator("main")
    expect(main.locator("h1")).to_contain_text("Tỉnh Lào Cai")

    areas = viewer.locator("#areas")
    expect(areas.locator("svg[role=img]")).to_be_visible()
    expect(areas.locator("table caption")).to_contain_text("Điểm theo lĩnh vực so với điểm tối đa")
    expect(areas.locator("tbody tr").nth(2)).to_contain_text("13,4438")  # area 3, the seed
    history = viewer.locator("#history tbody tr").first
    expect(history).to_contain_text("82,85")  # 2019, rank 15 (the seed)
    sipas = viewer.locator("#sipas")  # the demo SIPAS survey, with intervals
    expect(sipas.locator("svg[role=img]")).to_be_visible()
    expect(sipas.locator("tbody tr").last).to_contain_text("Chỉ số hài lòng chung")
    expect(sipas.locator("#sipas-note")).to_contain_text("Số liệu minh họa")
    shot(viewer, "dashboard-province")

    viewer.get_by_role("link", name="Chỉ số CCHC các cơ quan, đơn vị").click()
    ranking = viewer.locator("#ranking-department")
    expect(ranking.locator("svg[role=img]")).to_be_visible()
    first = ranking.locator("tbody tr").first
    expect(first).to_contain_text("Sở Nội vụ")
    expect(viewer.locator("#heatmap-department tbody tr").first).to_contain_text("78,0%")
    shot(viewer, "dashboard-internal")

    viewer.get_by_role("link", name="Toàn quốc").click()
    viewer.select_option("#f-year", "2019")
    viewer.get_by_role("button", name="Xem").click()
    expect(viewer.locator(".dash-note")).to_contain_text("Số liệu minh họa")
    row = viewer.locator("#national-2019 tbody tr.highlight")
    expect(row).to_contain_text("Tỉnh Lào Cai")
    expect(row).to_contain_text("82,85")
    shot(viewer, "dashboard-national-2019")

    viewer.select_option("#f-year", "2025")
    viewer.get_by_role("button", name="Xem").click()
    lineage = viewer.locator("#lineage-15")
    expect(lineage.locator("thead")).to_contain_text("Tỉnh Yên Bái")
    expect(lineage.locator("tbody tr").first).to_contain_text("82,85")
    shot(viewer, "dashboard-national-lineage")


def test_a_narrow_screen_stacks_each_chart_over_its_table(persona, dashboards, shot) -> None:
    viewer = persona("viewer")
    viewer.set_viewport_size({"width": 390, "height": 844})
    viewer.goto("/dashboards/")
    expect(viewer.locator("#areas table")).to_be_visible()
    scroll = viewer.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390 + 1
    shot(viewer, "dashboard-province-phone")
