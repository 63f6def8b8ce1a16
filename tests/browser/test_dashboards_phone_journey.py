"""The dashboards on a phone (390 px wide): every chart's text 11 px or more, no two labels on
top of each other, the heat map with its colour legend, its numbers readable on their cells
(contrast 4.5:1 or more), and the page itself no wider than the screen.

Sizes are measured as Chromium lays the page out: a text's font size times the scale its SVG
is drawn at (``getScreenCTM``), its box by ``getBoundingClientRect``.
"""

from __future__ import annotations

import pytest

from parindex.web.assessments.models import Assessment
from parindex.web.dashboards.demo import dashboards_demo_load

PHONE = {"width": 390, "height": 844}

#: every <text> of every chart: its text, rendered font size (px) and box
TEXTS = """() => [...document.querySelectorAll('main svg[role=img]')].map((svg, n) =>
  [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    return {chart: svg.closest('section').id, text: t.textContent, size,
            box: [r.left, r.top, r.right, r.bottom]};
  }))"""

#: each heat-map cell's number: the colour of its text and of the cell under it
CELLS = """(id) => [...document.querySelectorAll('#' + id + ' svg rect[fill]')].map(rect => {
  const next = rect.nextElementSibling;
  if (!next || next.tagName !== 'text') return null;
  return {text: next.textContent, ink: next.getAttribute('fill'), fill: rect.getAttribute('fill')};
}).filter(Boolean)"""


def _luminance(colour: str) -> float:
    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _overlaps(texts: list[dict]) -> list[str]:
    """Pairs of labels of one chart whose boxes cross by more than a pixel each way."""
    found = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            (al, at, ar, ab), (bl, bt, br, bb) = a["box"], b["box"]
            if min(ar, br) - max(al, bl) > 1 and min(ab, bb) - max(at, bt) > 1:
                found.append(f"{a['chart']}: «{a['text']}» over «{b['text']}»")
    return found


@pytest.fixture
def dashboards(demo: Assessment) -> Assessment:
    from parindex.web.surveys.demo import surveys_demo_load

    dashboards_demo_load()
    surveys_demo_load()
    return demo


@pytest.fixture
def phone(browser, live_server, login, dashboards):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    login(page, "viewer")
    yield page
    context.close()


def _check_charts(page, name: str, shot) -> list[dict]:
    charts = page.evaluate(TEXTS)
    assert charts, f"{name}: no chart on the page"
    small = [
        f"{t['chart']}: «{t['text']}» {t['size']:.1f} px"
        for texts in charts
        for t in texts
        if t["text"].strip() and t["size"] < 11
    ]
    assert small == [], f"{name}: text below 11 px at 390 px wide"
    overlaps = [o for texts in charts for o in _overlaps([t for t in texts if t["text"].strip()])]
    assert overlaps == [], f"{name}: labels on top of each other"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: the page is {width} px wide on a 390 px screen"
    shot(page, f"phone-{name}")
    return charts


def test_the_province_dashboard_reads_on_a_phone(phone, dashboards, shot) -> None:
    phone.goto(f"/dashboards/{dashboards.unit_id}/")
    charts = _check_charts(phone, "dashboard-province", shot)
    assert {t["chart"] for texts in charts for t in texts} >= {"areas", "history", "sipas"}


def test_the_heat_map_has_a_legend_and_readable_cells_on_a_phone(phone, dashboards, shot):
    phone.goto(f"/dashboards/{dashboards.unit_id}/internal/")
    charts = _check_charts(phone, "dashboard-internal", shot)
    heat = [t["text"] for texts in charts for t in texts if t["chart"] == "heatmap-department"]
    assert "Màu ô: thấp → cao" in heat  # the colour legend, with its two ends
    assert "0,0%" in heat and "100,0%" in heat
    # each short column heading is spelt out below the map
    assert any(t.startswith("1: ") for t in heat), heat
    cells = phone.evaluate(CELLS, "heatmap-department")
    assert len(cells) >= 8
    poor = [
        f"«{c['text']}» {c['ink']} on {c['fill']}: {_contrast(c['ink'], c['fill']):.2f}"
        for c in cells
        if _contrast(c["ink"], c["fill"]) < 4.5
    ]
    assert poor == []
