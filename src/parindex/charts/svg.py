"""Render a chart definition to inline, accessible SVG: no script, no external font or file.

One module per chart kind over the shared primitives of ``svgbase`` (sizes, colours, escaping,
text fitting, ticks, legends); ``render_svg`` here dispatches to them. The names other modules
import from here (``png`` takes the colours and ``nice_max``) are re-exported.
"""

from __future__ import annotations

from parindex.charts.spec import Chart
from parindex.charts.svgbars import render_bar
from parindex.charts.svgbase import (
    FONT,
    PAD,
    PALETTE,
    REFERENCE,
    TITLE_H,
    UNCLASSIFIED,
    WIDTH,
    escape,
    fit,
    nice_max,
    quoteattr,
    slug,
    svg_text,
    text_width,
)
from parindex.charts.svgheatmap import contrast, luminance, ramp, render_heatmap
from parindex.charts.svglines import render_line
from parindex.charts.svgranking import CLASS_COLOURS, class_colours, render_ranking

__all__ = [
    "CLASS_COLOURS",
    "FONT",
    "PALETTE",
    "REFERENCE",
    "UNCLASSIFIED",
    "WIDTH",
    "class_colours",
    "contrast",
    "escape",
    "fit",
    "luminance",
    "nice_max",
    "quoteattr",
    "ramp",
    "render_svg",
    "slug",
    "text_width",
]


def render_svg(chart: Chart, *, id_prefix: str | None = None, show_title: bool = True) -> str:
    """The chart as an SVG document string, ready to inline in a page."""
    renderer = {
        "bar": render_bar,
        "line": render_line,
        "heatmap": render_heatmap,
        "ranking": render_ranking,
    }[chart.kind]
    width, height, body = renderer(chart, TITLE_H if show_title else 0)
    prefix = id_prefix or slug(chart.key)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" aria-label={quoteattr(chart.title)} '
        f'font-family="{FONT}" font-size="12" lang="{chart.lang}">',
        f'<title id="{prefix}-title">{escape(chart.title)}</title>',
        f'<desc id="{prefix}-desc">{escape(chart.description or chart.title)}</desc>',
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]
    if show_title:
        head.append(svg_text(PAD, PAD + 14, chart.title, size=15, weight="bold"))
    return "\n".join([*head, *body, "</svg>"])
