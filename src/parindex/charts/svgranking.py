"""Ranking charts in SVG: units best first, coloured by classification, the province marked."""

from __future__ import annotations

from parindex.charts.labels import label
from parindex.charts.spec import Chart, RankingChart
from parindex.charts.svgbase import (
    LEGEND_H,
    PAD,
    PALETTE,
    UNCLASSIFIED,
    WIDTH,
    fit,
    nice_max,
    svg_legend,
    svg_rect,
    svg_text,
    text_width,
)

CLASS_COLOURS = ("#009E73", "#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#56B4E9")


def class_colours(chart: RankingChart) -> dict[str | None, str]:
    """The colour of each classification code, best class first; unclassified grey."""
    codes = [code for code, _ in chart.class_labels]
    for code in chart.classes:
        if code is not None and code not in codes:
            codes.append(code)
    colours: dict[str | None, str] = {None: UNCLASSIFIED}
    for i, code in enumerate(codes):
        colours[code] = CLASS_COLOURS[i % len(CLASS_COLOURS)]
    return colours


def render_ranking(chart: Chart, title_h: float) -> tuple[float, float, list[str]]:
    assert isinstance(chart, RankingChart)
    total = chart.series[0]
    colours = class_colours(chart)
    names = [f"{r}. {c}" for r, c in zip(chart.ranks, chart.categories, strict=True)]
    label_w = min(260.0, max([text_width(n) for n in names] or [40]) + 10)
    value_w = max([text_width(chart.fmt(v, total), 11) for v in total.values] or [20]) + 12
    plot_x = PAD + label_w
    plot_w = WIDTH - plot_x - value_w - PAD
    row_h = 20.0
    present = [code for code in colours if code is not None and code in set(chart.classes)]
    legend = [(chart.class_label(code), colours[code]) for code in present]
    if None in chart.classes:
        legend.append((label("unclassified", chart.lang), UNCLASSIFIED))
    top = PAD + title_h + (LEGEND_H if legend else 0) + 6
    height = top + len(chart.categories) * row_h + PAD
    body = svg_legend(legend, PAD + title_h + 14) if legend else []
    values = [float(v) for v in total.values if v is not None]
    top_value = float(chart.maximum) if chart.maximum else nice_max(max(values or [1.0]))
    highlight = set(chart.highlight)
    for i, (name, category) in enumerate(zip(names, chart.categories, strict=True)):
        y = top + i * row_h
        raw = total.values[i]
        strong = category in highlight
        weight = "bold" if strong else "normal"
        if strong:
            body.append(svg_rect(PAD, y, WIDTH - 2 * PAD, row_h, "#FFF3C4"))
        body.append(
            svg_text(
                plot_x - 6, y + 14, fit(name, label_w - 10), anchor="end", weight=weight, full=name
            )
        )
        if raw is None:
            continue
        text = chart.fmt(raw, total)
        tip = f"{name}: {text}"
        if chart.classes:
            tip += f" – {chart.class_label(chart.classes[i]) or label('unclassified', chart.lang)}"
        outline = ' stroke="#000000" stroke-width="2"' if strong else ""
        w = plot_w * min(float(raw), top_value) / top_value
        fill = colours.get(chart.classes[i] if chart.classes else None, PALETTE[0])
        body.append(svg_rect(plot_x, y + 3, w, row_h - 6, fill, tip, outline))
        body.append(svg_text(plot_x + w + 4, y + 14, text, size=11, weight=weight))
    return WIDTH, height, body
