"""Line charts in SVG: values over the years, a second axis for ranks (1 on top)."""

from __future__ import annotations

import math
from decimal import Decimal

from parindex.charts.spec import Chart, LineChart
from parindex.charts.svgbase import (
    LEGEND_H,
    PAD,
    PALETTE,
    WIDTH,
    escape,
    svg_gridline,
    svg_legend,
    svg_text,
    text_width,
    ticks,
)
from parindex.presentation.numbers import fmt_count


def _axis_range(values: list[float], invert: bool) -> tuple[float, float]:
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    if invert:  # ranks: 1 is the best, the axis starts there
        return 1.0, float(max(5, math.ceil((high + 1) / 5) * 5))
    spread = max(high - low, 1.0)
    lo = max(0.0, math.floor((low - spread * 0.3) / 5) * 5)
    hi = math.ceil((high + spread * 0.3) / 5) * 5
    return lo, max(hi, lo + 5)


def render_line(chart: Chart, title_h: float) -> tuple[float, float, list[str]]:
    assert isinstance(chart, LineChart)
    left = [s for s in chart.series if s.axis != "right"]
    right = [s for s in chart.series if s.axis == "right"]
    legend = [(s.label, PALETTE[i % len(PALETTE)]) for i, s in enumerate(chart.series)]
    top = PAD + title_h + LEGEND_H + 16
    plot_h = 220.0
    plot_x = PAD + 56
    plot_w = WIDTH - plot_x - PAD - (56 if right else 0)
    height = top + plot_h + 34 + PAD
    body = svg_legend(legend, PAD + title_h + 14)
    bottom = top + plot_h
    ranges = {
        "left": _axis_range([float(v) for s in left for v in s.values if v is not None], False),
        "right": _axis_range(
            [float(v) for s in right for v in s.values if v is not None], chart.invert_right
        ),
    }

    def sy(value: float, axis: str) -> float:
        lo, hi = ranges[axis]
        share = (value - lo) / (hi - lo)
        if axis == "right" and chart.invert_right:
            share = 1 - share
        return bottom - plot_h * share

    lo, hi = ranges["left"]
    for tick in ticks(lo, hi):
        y = sy(tick, "left")
        body.extend(svg_gridline(plot_x, plot_w, y, chart.fmt(Decimal(str(round(tick, 2))))))
    if right:
        rlo, rhi = ranges["right"]
        step = max(1, round((rhi - rlo) / 5))
        for tick in range(int(rlo), int(rhi) + 1, step):
            body.append(
                svg_text(
                    plot_x + plot_w + 6,
                    sy(tick, "right") + 4,
                    fmt_count(tick, chart.lang),
                    size=11,
                    fill="#555555",
                )
            )
        if chart.right_label:
            body.append(svg_text(plot_x + plot_w + 6, top - 8, chart.right_label, size=11))
    step_x = plot_w / max(len(chart.categories), 1)
    placed: list[tuple[float, float, float, float]] = []  # value labels' boxes so far
    for i, category in enumerate(chart.categories):
        cx, half = plot_x + (i + 0.5) * step_x, text_width(category, 11) / 2 + 1
        placed.append((cx - half, bottom + 5, cx + half, bottom + 18))
        body.append(svg_text(cx, bottom + 16, category, size=11, anchor="middle"))
    for j, s in enumerate(chart.series):
        colour = PALETTE[j % len(PALETTE)]
        points: list[tuple[float, float, Decimal]] = []
        segments: list[list[tuple[float, float, Decimal]]] = [[]]
        for i, raw in enumerate(s.values):
            if raw is None:
                segments.append([])
                continue
            point = (plot_x + (i + 0.5) * step_x, sy(float(raw), s.axis), raw)
            points.append(point)
            segments[-1].append(point)
        dash = ' stroke-dasharray="6 4"' if s.axis == "right" else ""
        for segment in segments:
            if len(segment) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in segment)
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>'
                )
        for x, y, raw in points:
            text = chart.fmt(raw, s)
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(s.label)}: {escape(text)}</title></circle>"
            )
            spot = _free_spot(placed, x, y, text, below_first=s.axis == "right")
            if spot is not None:  # else the point's tooltip and the table give the value
                body.append(svg_text(x, spot, text, size=11, anchor="middle", fill=colour))
    return WIDTH, height, body


def _free_spot(
    placed: list[tuple[float, float, float, float]],
    x: float,
    y: float,
    text: str,
    *,
    below_first: bool,
) -> float | None:
    """A baseline above or below a point where a value label overlaps no earlier one."""
    half = text_width(text, 11) / 2 + 1
    spots = (y + 18, y - 8) if below_first else (y - 8, y + 18)
    for base in spots:
        box = (x - half, base - 11, x + half, base + 2)
        if all(
            box[2] <= o[0] or o[2] <= box[0] or box[3] <= o[1] or o[3] <= box[1] for o in placed
        ):
            placed.append(box)
            return base
    return None
