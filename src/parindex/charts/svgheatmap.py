"""Heat maps in SVG: units × areas on a Viridis ramp, each value in the ink that reads best."""

from __future__ import annotations

import itertools
from decimal import Decimal

from parindex.charts.labels import label
from parindex.charts.spec import Chart, HeatMap
from parindex.charts.svgbase import PAD, WIDTH, fit, svg_rect, svg_text, text_width

#: Viridis stops for heat maps (perceptually uniform, readable in grey).
RAMP = (
    (0.0, (68, 1, 84)),
    (0.25, (59, 82, 139)),
    (0.5, (33, 145, 140)),
    (0.75, (94, 201, 98)),
    (1.0, (253, 231, 37)),
)


def ramp(share: float) -> str:
    """The heat-map colour of a share between 0 and 1."""
    share = min(max(share, 0.0), 1.0)
    for (a, ca), (b, cb) in itertools.pairwise(RAMP):
        if share <= b:
            t = (share - a) / (b - a)
            rgb = tuple(round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#fde725"


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""

    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (always 4.5:1 or more)."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#ffffff") else "#ffffff"


def render_heatmap(chart: Chart, title_h: float) -> tuple[float, float, list[str]]:
    assert isinstance(chart, HeatMap)
    label_w = min(240.0, max([text_width(c) for c in chart.categories] or [40]) + 10)
    columns = len(chart.series)
    cell_w = max(44.0, min(90.0, (WIDTH - 2 * PAD - label_w) / max(columns, 1)))
    cell_h = 20.0
    width = max(WIDTH, 2 * PAD + label_w + columns * cell_w)
    top = PAD + title_h + 26
    # what each short column heading stands for, one line each, below the colour legend
    key = [
        f"{s.label}: {chart.column_titles[j]}"
        for j, s in enumerate(chart.series)
        if j < len(chart.column_titles) and chart.column_titles[j] not in ("", s.label)
    ]
    height = top + len(chart.categories) * cell_h + 58 + 16 * len(key) + PAD
    scale = float(chart.scale_max)
    body: list[str] = []
    x0 = PAD + label_w
    for j, s in enumerate(chart.series):
        full = chart.column_titles[j] if j < len(chart.column_titles) else s.label
        body.append(
            svg_text(
                x0 + (j + 0.5) * cell_w,
                top - 8,
                fit(s.label, cell_w - 4, 11),
                size=11,
                anchor="middle",
                weight="bold",
                full=full,
            )
        )
    for i, category in enumerate(chart.categories):
        y = top + i * cell_h
        body.append(
            svg_text(
                x0 - 6, y + cell_h - 5, fit(category, label_w - 10), anchor="end", full=category
            )
        )
        for j, s in enumerate(chart.series):
            raw = s.values[i]
            x = x0 + j * cell_w
            if raw is None:
                body.append(svg_rect(x, y, cell_w - 1, cell_h - 1, "#f4f4f4"))
                continue
            fill = ramp(float(raw) / scale if scale else 0.0)
            text = chart.fmt(raw, s)
            tip = f"{category} – {s.label}: {text}"
            body.append(svg_rect(x, y, cell_w - 1, cell_h - 1, fill, tip))
            body.append(
                svg_text(
                    x + cell_w / 2, y + cell_h - 5, text, size=11, anchor="middle", fill=ink(fill)
                )
            )
    legend_y = top + len(chart.categories) * cell_h + 14
    body.append(
        svg_text(PAD, legend_y + 10, fit(label("heat_scale", chart.lang), label_w), size=11)
    )
    for k in range(10):
        body.append(svg_rect(x0 + k * 20, legend_y, 20, 12, ramp((k + 0.5) / 10)))
    body.append(svg_text(x0, legend_y + 26, chart.fmt(Decimal(0)), size=11))
    body.append(
        svg_text(x0 + 200, legend_y + 26, chart.fmt(chart.scale_max), size=11, anchor="end")
    )
    for n, line in enumerate(key):
        body.append(svg_text(PAD, legend_y + 48 + 16 * n, fit(line, width - 2 * PAD, 11), size=11))
    return width, height, body
