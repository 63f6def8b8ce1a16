"""Bar charts in SVG: horizontal (areas, lost points, SIPAS) and vertical (plan progress)."""

from __future__ import annotations

from decimal import Decimal

from parindex.charts.spec import BarChart, Chart
from parindex.charts.svgbase import (
    LEGEND_H,
    PAD,
    PALETTE,
    REFERENCE,
    WIDTH,
    all_series,
    as_float,
    bounds,
    fit,
    interval_text,
    nice_max,
    svg_gridline,
    svg_legend,
    svg_rect,
    svg_text,
    text_width,
    ticks,
)


def render_bar(chart: Chart, title_h: float) -> tuple[float, float, list[str]]:
    assert isinstance(chart, BarChart)
    if chart.orientation == "vertical":
        return _bar_vertical(chart, title_h)
    series = chart.series
    values = [as_float(v) for s in all_series(chart) for v in s.values]
    top_value = (
        float(chart.scale_max)
        if chart.scale_max
        else nice_max(max([v for v in values if v is not None] or [1.0]))
    )
    label_w = min(280.0, max([text_width(c) for c in chart.categories] or [40]) + 10)
    value_w = max([text_width(chart.fmt(v, s), 11) for s in series for v in s.values] or [20]) + 10
    plot_x = PAD + label_w
    plot_w = WIDTH - plot_x - value_w - PAD
    bar_h = 14.0
    group_h = len(series) * bar_h + 12
    legend = [(s.label, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]
    if chart.reference is not None:
        legend.append((chart.reference.label, REFERENCE))
    top = PAD + title_h + (LEGEND_H if len(legend) > 1 else 0) + 6
    height = top + len(chart.categories) * group_h + 28 + PAD
    body = svg_legend(legend, PAD + title_h + 14) if len(legend) > 1 else []

    def sx(value: float) -> float:
        return plot_w * min(value, top_value) / top_value

    bottom = top + len(chart.categories) * group_h
    for tick in ticks(0, top_value):
        x = plot_x + sx(tick)
        body.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#dddddd"/>'
        )
        body.append(
            svg_text(
                x,
                bottom + 16,
                chart.fmt(Decimal(str(round(tick, 4)))),
                size=11,
                anchor="middle",
                fill="#555555",
            )
        )
    for i, category in enumerate(chart.categories):
        y0 = top + i * group_h + 6
        body.append(
            svg_text(
                plot_x - 6,
                y0 + len(series) * bar_h / 2 + 4,
                fit(category, label_w - 10),
                anchor="end",
                full=category,
            )
        )
        if chart.reference is not None:
            ref = as_float(chart.reference.values[i])
            if ref is not None:
                ref_text = chart.fmt(chart.reference.values[i])
                tip = f"{category} – {chart.reference.label}: {ref_text}"
                span = len(series) * bar_h
                body.append(svg_rect(plot_x, y0 - 3, sx(ref), span + 6, REFERENCE, tip))
                x = plot_x + sx(ref)
                body.append(
                    f'<line x1="{x:.1f}" y1="{y0 - 3:.1f}" x2="{x:.1f}" '
                    f'y2="{y0 + span + 3:.1f}" stroke="#666666"/>'
                )
        for j, s in enumerate(series):
            raw = s.values[i]
            if raw is None:
                continue
            y = y0 + j * bar_h
            text = chart.fmt(raw, s)
            tip = f"{category} – {s.label}: {text}{interval_text(chart, s, i)}"
            body.append(svg_rect(plot_x, y + 1, sx(float(raw)), bar_h - 2, PALETTE[j % 7], tip))
            end = sx(float(raw))
            low, high = bounds(s, i)
            if low is not None and high is not None:
                x1, x2, mid = plot_x + sx(low), plot_x + sx(high), y + bar_h / 2
                body.append(
                    f'<path d="M{x1:.1f} {mid:.1f}H{x2:.1f}M{x1:.1f} {mid - 4:.1f}V{mid + 4:.1f}'
                    f'M{x2:.1f} {mid - 4:.1f}V{mid + 4:.1f}" stroke="#000000" fill="none"/>'
                )
                end = max(end, sx(high))
            body.append(svg_text(plot_x + end + 4, y + bar_h - 3, text, size=11))
    return WIDTH, height, body


def _bar_vertical(chart: BarChart, title_h: float) -> tuple[float, float, list[str]]:
    series = chart.series
    values = [as_float(v) for s in all_series(chart) for v in s.values]
    top_value = (
        float(chart.scale_max)
        if chart.scale_max
        else nice_max(max([v for v in values if v is not None] or [1.0]))
    )
    legend = [(s.label, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]
    if chart.reference is not None:
        legend.append((chart.reference.label, REFERENCE))
    top = PAD + title_h + (LEGEND_H if len(legend) > 1 else 0) + 16
    plot_h = 240.0
    plot_x = PAD + 56
    plot_w = WIDTH - plot_x - PAD
    group_w = plot_w / max(len(chart.categories), 1)
    bar_w = min(40.0, (group_w - 12) / max(len(series), 1))
    height = top + plot_h + 34 + PAD
    body = svg_legend(legend, PAD + title_h + 14) if len(legend) > 1 else []
    bottom = top + plot_h

    def sy(value: float) -> float:
        return plot_h * min(value, top_value) / top_value

    for tick in ticks(0, top_value):
        y = bottom - sy(tick)
        body.extend(svg_gridline(plot_x, plot_w, y, chart.fmt(Decimal(str(round(tick, 4))))))
    for i, category in enumerate(chart.categories):
        gx = plot_x + i * group_w
        inner = len(series) * bar_w
        x0 = gx + (group_w - inner) / 2
        if chart.reference is not None and chart.reference.values[i] is not None:
            ref = float(chart.reference.values[i] or 0)
            tip = f"{category} – {chart.reference.label}: {chart.fmt(chart.reference.values[i])}"
            body.append(svg_rect(x0 - 3, bottom - sy(ref), inner + 6, sy(ref), REFERENCE, tip))
        for j, s in enumerate(series):
            raw = s.values[i]
            if raw is None:
                continue
            x = x0 + j * bar_w
            text = chart.fmt(raw, s)
            h = sy(float(raw))
            tip = f"{category} – {s.label}: {text}{interval_text(chart, s, i)}"
            body.append(svg_rect(x + 1, bottom - h, bar_w - 2, h, PALETTE[j % 7], tip))
            low, high = bounds(s, i)
            if low is not None and high is not None:
                y1, y2, mid = bottom - sy(low), bottom - sy(high), x + bar_w / 2
                body.append(
                    f'<path d="M{mid:.1f} {y1:.1f}V{y2:.1f}M{mid - 4:.1f} {y1:.1f}H{mid + 4:.1f}'
                    f'M{mid - 4:.1f} {y2:.1f}H{mid + 4:.1f}" stroke="#000000" fill="none"/>'
                )
                h = max(h, sy(high))
            body.append(svg_text(x + bar_w / 2, bottom - h - 4, text, size=11, anchor="middle"))
        body.append(
            svg_text(
                gx + group_w / 2,
                bottom + 16,
                fit(category, group_w - 4, 11),
                size=11,
                anchor="middle",
                full=category,
            )
        )
    return WIDTH, height, body
