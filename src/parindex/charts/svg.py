"""Render a chart definition to inline, accessible SVG: no script, no external font or file.

Over 600 lines on purpose, for now: one renderer per chart kind over shared axis, label and
colour code (the 390 px work added label placement and the heat map's contrast ink here). The
split is by kind: the shared primitives (``_text``, ``_rect``, ``fit``, ticks, legend) into
``charts/svgbase.py`` first, then bars, lines, heat map and ranking each in its own module
importing them; ``render_svg`` stays here as the dispatcher.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from parindex.charts.labels import label
from parindex.charts.spec import BarChart, Chart, HeatMap, LineChart, RankingChart, Series
from parindex.presentation.numbers import fmt_count

FONT = "'DejaVu Sans', 'Noto Sans', 'Liberation Sans', Arial, sans-serif"
#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
CLASS_COLOURS = ("#009E73", "#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#56B4E9")
UNCLASSIFIED = "#999999"
REFERENCE = "#E4E4E4"
#: Viridis stops for heat maps (perceptually uniform, readable in grey).
RAMP = (
    (0.0, (68, 1, 84)),
    (0.25, (59, 82, 139)),
    (0.5, (33, 145, 140)),
    (0.75, (94, 201, 98)),
    (1.0, (253, 231, 37)),
)
WIDTH = 760
#: Characters XML 1.0 does not allow: dropped from any label before it is written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
PAD = 16
TITLE_H = 30
LEGEND_H = 24


def render_svg(chart: Chart, *, id_prefix: str | None = None, show_title: bool = True) -> str:
    """The chart as an SVG document string, ready to inline in a page."""
    renderer = {
        "bar": _bar,
        "line": _line,
        "heatmap": _heatmap,
        "ranking": _ranking,
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
        head.append(_text(PAD, PAD + 14, chart.title, size=15, weight="bold"))
    return "\n".join([*head, *body, "</svg>"])


def escape(text: str) -> str:
    """Escape text for XML content, dropping characters XML cannot carry."""
    return _escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    """Quote text as an XML attribute value, dropping characters XML cannot carry."""
    return _quoteattr(_NOT_XML.sub("", text))


def slug(text: str) -> str:
    """An XML id fragment from a key."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "chart"


def text_width(text: str, size: float = 12) -> float:
    """Estimated width of ``text`` in DejaVu Sans (wide: ~0,6 em per character)."""
    return len(text) * size * 0.6


def fit(text: str, width: float, size: float = 12) -> str:
    """Cut ``text`` with an ellipsis so it fits ``width``."""
    if text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * 0.6)) - 1)
    cut = text[:keep]
    if " " in cut.strip() and not text[keep : keep + 1].isspace():  # never half a word
        cut = cut.rstrip()[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 12,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = "#222222",
    full: str | None = None,
) -> str:
    tooltip = f"<title>{escape(full)}</title>" if full and full != text else ""
    bold = ' font-weight="bold"' if weight == "bold" else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" '
        f'fill="{fill}"{bold}>{tooltip}{escape(text)}</text>'
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "", extra: str = "") -> str:
    inner = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
        f'fill="{fill}"{extra}>{inner}</rect>'
    )


def nice_max(value: float) -> float:
    """A round axis end at or above ``value`` (1; 1,2; 1,5; 2; 2,5; 3; 4; 5; 6; 8 × 10ⁿ)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value - 1e-9:
            return step * power
    return 10 * power


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    step = (high - low) / count
    return [low + step * i for i in range(count + 1)]


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _legend(items: Sequence[tuple[str, str]], y: float, x: float = PAD) -> list[str]:
    parts = []
    for name, colour in items:
        parts.append(_rect(x, y - 10, 12, 12, colour))
        parts.append(_text(x + 16, y, name, size=11))
        x += 16 + text_width(name, 11) + 18
    return parts


def _all_series(chart: Chart) -> list[Series]:
    series = list(chart.series)
    if isinstance(chart, BarChart) and chart.reference is not None:
        series.append(chart.reference)
    return series


def _bounds(series: Series, index: int) -> tuple[float | None, float | None]:
    low = _num(series.low[index]) if series.low else None
    high = _num(series.high[index]) if series.high else None
    return low, high


def _interval_text(chart: Chart, series: Series, index: int) -> str:
    """The interval written after a value that has one: ' (80,1 % – 90,2 %)'."""
    if not (series.low and series.high) or series.low[index] is None:
        return ""
    low, high = chart.fmt(series.low[index], series), chart.fmt(series.high[index], series)
    return f" ({low} – {high})"


def _bar(chart: Chart, title_h: float) -> tuple[float, float, list[str]]:
    assert isinstance(chart, BarChart)
    if chart.orientation == "vertical":
        return _bar_vertical(chart, title_h)
    series = chart.series
    values = [_num(v) for s in _all_series(chart) for v in s.values]
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
    body = _legend(legend, PAD + title_h + 14) if len(legend) > 1 else []

    def sx(value: float) -> float:
        return plot_w * min(value, top_value) / top_value

    bottom = top + len(chart.categories) * group_h
    for tick in _ticks(0, top_value):
        x = plot_x + sx(tick)
        body.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#dddddd"/>'
        )
        body.append(
            _text(
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
            _text(
                plot_x - 6,
                y0 + len(series) * bar_h / 2 + 4,
                fit(category, label_w - 10),
                anchor="end",
                full=category,
            )
        )
        if chart.reference is not None:
            ref = _num(chart.reference.values[i])
            if ref is not None:
                ref_text = chart.fmt(chart.reference.values[i])
                tip = f"{category} – {chart.reference.label}: {ref_text}"
                span = len(series) * bar_h
                body.append(_rect(plot_x, y0 - 3, sx(ref), span + 6, REFERENCE, tip))
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
            tip = f"{category} – {s.label}: {text}{_interval_text(chart, s, i)}"
            body.append(_rect(plot_x, y + 1, sx(float(raw)), bar_h - 2, PALETTE[j % 7], tip))
            end = sx(float(raw))
            low, high = _bounds(s, i)
            if low is not None and high is not None:
                x1, x2, mid = plot_x + sx(low), plot_x + sx(high), y + bar_h / 2
                body.append(
                    f'<path d="M{x1:.1f} {mid:.1f}H{x2:.1f}M{x1:.1f} {mid - 4:.1f}V{mid + 4:.1f}'
                    f'M{x2:.1f} {mid - 4:.1f}V{mid + 4:.1f}" stroke="#000000" fill="none"/>'
                )
                end = max(end, sx(high))
            body.append(_text(plot_x + end + 4, y + bar_h - 3, text, size=11))
    return WIDTH, height, body


def _bar_vertical(chart: BarChart, title_h: float) -> tuple[float, float, list[str]]:
    series = chart.series
    values = [_num(v) for s in _all_series(chart) for v in s.values]
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
    body = _legend(legend, PAD + title_h + 14) if len(legend) > 1 else []
    bottom = top + plot_h

    def sy(value: float) -> float:
        return plot_h * min(value, top_value) / top_value

    for tick in _ticks(0, top_value):
        y = bottom - sy(tick)
        body.append(
            f'<line x1="{plot_x:.1f}" y1="{y:.1f}" x2="{plot_x + plot_w:.1f}" '
            f'y2="{y:.1f}" stroke="#dddddd"/>'
        )
        body.append(
            _text(
                plot_x - 6,
                y + 4,
                chart.fmt(Decimal(str(round(tick, 4)))),
                size=11,
                anchor="end",
                fill="#555555",
            )
        )
    for i, category in enumerate(chart.categories):
        gx = plot_x + i * group_w
        inner = len(series) * bar_w
        x0 = gx + (group_w - inner) / 2
        if chart.reference is not None and chart.reference.values[i] is not None:
            ref = float(chart.reference.values[i] or 0)
            tip = f"{category} – {chart.reference.label}: {chart.fmt(chart.reference.values[i])}"
            body.append(_rect(x0 - 3, bottom - sy(ref), inner + 6, sy(ref), REFERENCE, tip))
        for j, s in enumerate(series):
            raw = s.values[i]
            if raw is None:
                continue
            x = x0 + j * bar_w
            text = chart.fmt(raw, s)
            h = sy(float(raw))
            tip = f"{category} – {s.label}: {text}{_interval_text(chart, s, i)}"
            body.append(_rect(x + 1, bottom - h, bar_w - 2, h, PALETTE[j % 7], tip))
            low, high = _bounds(s, i)
            if low is not None and high is not None:
                y1, y2, mid = bottom - sy(low), bottom - sy(high), x + bar_w / 2
                body.append(
                    f'<path d="M{mid:.1f} {y1:.1f}V{y2:.1f}M{mid - 4:.1f} {y1:.1f}H{mid + 4:.1f}'
                    f'M{mid - 4:.1f} {y2:.1f}H{mid + 4:.1f}" stroke="#000000" fill="none"/>'
                )
                h = max(h, sy(high))
            body.append(_text(x + bar_w / 2, bottom - h - 4, text, size=11, anchor="middle"))
        body.append(
            _text(
                gx + group_w / 2,
                bottom + 16,
                fit(category, group_w - 4, 11),
                size=11,
                anchor="middle",
                full=category,
            )
        )
    return WIDTH, height, body


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


def _line(chart: Chart, title_h: float) -> tuple[float, float, list[str]]:
    assert isinstance(chart, LineChart)
    left = [s for s in chart.series if s.axis != "right"]
    right = [s for s in chart.series if s.axis == "right"]
    legend = [(s.label, PALETTE[i % len(PALETTE)]) for i, s in enumerate(chart.series)]
    top = PAD + title_h + LEGEND_H + 16
    plot_h = 220.0
    plot_x = PAD + 56
    plot_w = WIDTH - plot_x - PAD - (56 if right else 0)
    height = top + plot_h + 34 + PAD
    body = _legend(legend, PAD + title_h + 14)
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
    for tick in _ticks(lo, hi):
        y = sy(tick, "left")
        body.append(
            f'<line x1="{plot_x:.1f}" y1="{y:.1f}" x2="{plot_x + plot_w:.1f}" '
            f'y2="{y:.1f}" stroke="#dddddd"/>'
        )
        body.append(
            _text(
                plot_x - 6,
                y + 4,
                chart.fmt(Decimal(str(round(tick, 2)))),
                size=11,
                anchor="end",
                fill="#555555",
            )
        )
    if right:
        rlo, rhi = ranges["right"]
        step = max(1, round((rhi - rlo) / 5))
        for tick in range(int(rlo), int(rhi) + 1, step):
            body.append(
                _text(
                    plot_x + plot_w + 6,
                    sy(tick, "right") + 4,
                    fmt_count(tick, chart.lang),
                    size=11,
                    fill="#555555",
                )
            )
        if chart.right_label:
            body.append(_text(plot_x + plot_w + 6, top - 8, chart.right_label, size=11))
    step_x = plot_w / max(len(chart.categories), 1)
    placed: list[tuple[float, float, float, float]] = []  # value labels' boxes so far
    for i, category in enumerate(chart.categories):
        cx, half = plot_x + (i + 0.5) * step_x, text_width(category, 11) / 2 + 1
        placed.append((cx - half, bottom + 5, cx + half, bottom + 18))
        body.append(_text(cx, bottom + 16, category, size=11, anchor="middle"))
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
                body.append(_text(x, spot, text, size=11, anchor="middle", fill=colour))
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


def _ink(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (always 4.5:1 or more)."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#ffffff") else "#ffffff"


def _heatmap(chart: Chart, title_h: float) -> tuple[float, float, list[str]]:
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
            _text(
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
            _text(x0 - 6, y + cell_h - 5, fit(category, label_w - 10), anchor="end", full=category)
        )
        for j, s in enumerate(chart.series):
            raw = s.values[i]
            x = x0 + j * cell_w
            if raw is None:
                body.append(_rect(x, y, cell_w - 1, cell_h - 1, "#f4f4f4"))
                continue
            fill = ramp(float(raw) / scale if scale else 0.0)
            text = chart.fmt(raw, s)
            tip = f"{category} – {s.label}: {text}"
            body.append(_rect(x, y, cell_w - 1, cell_h - 1, fill, tip))
            body.append(
                _text(
                    x + cell_w / 2, y + cell_h - 5, text, size=11, anchor="middle", fill=_ink(fill)
                )
            )
    legend_y = top + len(chart.categories) * cell_h + 14
    body.append(_text(PAD, legend_y + 10, fit(label("heat_scale", chart.lang), label_w), size=11))
    for k in range(10):
        body.append(_rect(x0 + k * 20, legend_y, 20, 12, ramp((k + 0.5) / 10)))
    body.append(_text(x0, legend_y + 26, chart.fmt(Decimal(0)), size=11))
    body.append(_text(x0 + 200, legend_y + 26, chart.fmt(chart.scale_max), size=11, anchor="end"))
    for n, line in enumerate(key):
        body.append(_text(PAD, legend_y + 48 + 16 * n, fit(line, width - 2 * PAD, 11), size=11))
    return width, height, body


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


def _ranking(chart: Chart, title_h: float) -> tuple[float, float, list[str]]:
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
    body = _legend(legend, PAD + title_h + 14) if legend else []
    values = [float(v) for v in total.values if v is not None]
    top_value = float(chart.maximum) if chart.maximum else nice_max(max(values or [1.0]))
    highlight = set(chart.highlight)
    for i, (name, category) in enumerate(zip(names, chart.categories, strict=True)):
        y = top + i * row_h
        raw = total.values[i]
        strong = category in highlight
        weight = "bold" if strong else "normal"
        if strong:
            body.append(_rect(PAD, y, WIDTH - 2 * PAD, row_h, "#FFF3C4"))
        body.append(
            _text(
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
        body.append(_rect(plot_x, y + 3, w, row_h - 6, fill, tip, outline))
        body.append(_text(plot_x + w + 4, y + 14, text, size=11, weight=weight))
    return WIDTH, height, body
