"""Render a chart definition to PNG for Word and PDF documents (matplotlib, Agg, offline).

matplotlib is used without pyplot (a Figure and its Agg canvas), so rendering holds no global
state and is safe in a web worker. Its wheel ships DejaVu Sans, which covers Vietnamese, so the
output does not depend on the fonts installed on the server.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from parindex.charts.labels import label
from parindex.charts.spec import BarChart, Chart, HeatMap, LineChart, RankingChart
from parindex.charts.svg import PALETTE, REFERENCE, UNCLASSIFIED, class_colours, nice_max
from parindex.charts.svgheatmap import ink, ramp

FONT_FAMILY = ["DejaVu Sans"]


def render_png(chart: Chart, *, width_cm: float = 16.0, dpi: int = 150) -> bytes:
    """The chart as PNG bytes, ``width_cm`` wide (a Word page's text width by default)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width_in = width_cm / 2.54
    height_in = _height(chart, width_in)
    with rc_context({"font.family": FONT_FAMILY, "font.size": 8, "svg.fonttype": "none"}):
        figure = Figure(figsize=(width_in, height_in), dpi=dpi)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        {
            "bar": _bar,
            "line": _line,
            "heatmap": _heatmap,
            "ranking": _ranking,
        }[chart.kind](figure, axes, chart)
        axes.set_title(chart.title, fontsize=10, fontweight="bold", loc="left")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _height(chart: Chart, width_in: float) -> float:
    rows = len(chart.categories)
    if isinstance(chart, BarChart) and chart.orientation == "horizontal":
        return min(1.2 + rows * (0.18 * len(chart.series) + 0.12), 22.0)
    if isinstance(chart, RankingChart | HeatMap):
        return min(1.2 + rows * 0.2, 22.0)
    return width_in * 0.55


def _f(value: Decimal | None) -> float:
    return float(value) if value is not None else float("nan")


def _bar(figure: Any, axes: Any, chart: Chart) -> None:
    assert isinstance(chart, BarChart)
    count = len(chart.series)
    positions = range(len(chart.categories))
    size = 0.8 / max(count, 1)
    horizontal = chart.orientation == "horizontal"
    if chart.reference is not None:
        ref = [_f(v) for v in chart.reference.values]
        draw = axes.barh if horizontal else axes.bar
        draw(list(positions), ref, 0.9, color=REFERENCE, label=chart.reference.label, zorder=1)
    for j, series in enumerate(chart.series):
        offsets = [p - 0.4 + size * (j + 0.5) for p in positions]
        values = [_f(v) for v in series.values]
        draw = axes.barh if horizontal else axes.bar
        errors: dict[str, Any] = {}
        if series.low and series.high:  # whiskers of the confidence interval
            spread = [
                [max(v - _f(lo), 0.0) for v, lo in zip(values, series.low, strict=True)],
                [max(_f(hi) - v, 0.0) for v, hi in zip(values, series.high, strict=True)],
            ]
            errors = {"xerr" if horizontal else "yerr": spread, "capsize": 3}
        bars = draw(
            offsets,
            values,
            size * 0.9,
            color=PALETTE[j % len(PALETTE)],
            label=series.label,
            zorder=2,
            **errors,
        )
        axes.bar_label(
            bars, labels=[chart.fmt(v, series) for v in series.values], padding=2, fontsize=6
        )
    if horizontal:
        axes.set_yticks(list(positions), [_cut(c, 45) for c in chart.categories])
        axes.invert_yaxis()
        axis = axes.xaxis
    else:
        axes.set_xticks(list(positions), [_cut(c, 18) for c in chart.categories])
        axis = axes.yaxis
    top = float(chart.scale_max) if chart.scale_max else None
    if top is not None:
        (axes.set_xlim if horizontal else axes.set_ylim)(0, top * 1.08)
    axis.set_major_formatter(_formatter(chart))
    if count > 1 or chart.reference is not None:
        axes.legend(fontsize=7, loc="lower right" if horizontal else "upper right")
    _tidy(axes)


def _line(figure: Any, axes: Any, chart: Chart) -> None:
    assert isinstance(chart, LineChart)
    x = list(range(len(chart.categories)))
    right_axes = None
    handles = []
    for j, series in enumerate(chart.series):
        target = axes
        if series.axis == "right":
            if right_axes is None:
                right_axes = axes.twinx()
                if chart.invert_right:
                    right_axes.invert_yaxis()
                if chart.right_label:
                    right_axes.set_ylabel(chart.right_label)
            target = right_axes
        colour = PALETTE[j % len(PALETTE)]
        style = "--" if series.axis == "right" else "-"
        (line,) = target.plot(
            x, [_f(v) for v in series.values], style, marker="o", color=colour, label=series.label
        )
        handles.append(line)
        for xi, value in zip(x, series.values, strict=True):
            if value is not None:
                target.annotate(
                    chart.fmt(value, series),
                    (xi, float(value)),
                    fontsize=6,
                    textcoords="offset points",
                    xytext=(0, 5),
                    ha="center",
                    color=colour,
                )
    axes.set_xticks(x, list(chart.categories))
    axes.yaxis.set_major_formatter(_formatter(chart))
    axes.legend(handles=handles, fontsize=7, loc="best")
    axes.grid(axis="y", color="#dddddd")


def _heatmap(figure: Any, axes: Any, chart: Chart) -> None:
    assert isinstance(chart, HeatMap)
    data = [[_f(s.values[i]) for s in chart.series] for i in range(len(chart.categories))]
    image = axes.imshow(data, cmap="viridis", vmin=0, vmax=float(chart.scale_max), aspect="auto")
    axes.set_xticks(range(len(chart.series)), [s.label for s in chart.series])
    axes.set_yticks(range(len(chart.categories)), [_cut(c, 35) for c in chart.categories])
    if len(chart.categories) <= 80:
        for i, row in enumerate(chart.categories):
            for j, series in enumerate(chart.series):
                value = series.values[i]
                if value is not None:
                    share = float(value) / float(chart.scale_max or 1)
                    axes.text(
                        j,
                        i,
                        chart.fmt(value, series),
                        ha="center",
                        va="center",
                        fontsize=5,
                        color=ink(ramp(share)),  # the SVG's rule: 4.5:1 or more
                    )
            del row
    figure.colorbar(image, ax=axes, format=_formatter(chart), shrink=0.6)


def _ranking(figure: Any, axes: Any, chart: Chart) -> None:
    assert isinstance(chart, RankingChart)
    from matplotlib.patches import Patch

    total = chart.series[0]
    colours = class_colours(chart)
    classes = chart.classes or (None,) * len(chart.categories)
    fills = [colours.get(c, UNCLASSIFIED) for c in classes]
    highlight = set(chart.highlight)
    y = list(range(len(chart.categories)))
    bars = axes.barh(
        y,
        [_f(v) for v in total.values],
        0.75,
        color=fills,
        edgecolor=["black" if c in highlight else "none" for c in chart.categories],
        linewidth=1.5,
    )
    axes.bar_label(bars, labels=[chart.fmt(v, total) for v in total.values], padding=2, fontsize=6)
    names = [f"{r}. {_cut(c, 35)}" for r, c in zip(chart.ranks, chart.categories, strict=True)]
    axes.set_yticks(y, names, fontsize=6 if len(y) > 40 else 7)
    for tick, category in zip(axes.get_yticklabels(), chart.categories, strict=True):
        if category in highlight:
            tick.set_fontweight("bold")
    axes.invert_yaxis()
    top = (
        float(chart.maximum)
        if chart.maximum
        else nice_max(max([float(v) for v in total.values if v is not None] or [1.0]))
    )
    axes.set_xlim(0, top * 1.1)
    axes.xaxis.set_major_formatter(_formatter(chart))
    present = [c for c in colours if c is not None and c in set(classes)]
    legend = [Patch(color=colours[c], label=chart.class_label(c)) for c in present]
    if None in classes:
        legend.append(Patch(color=UNCLASSIFIED, label=label("unclassified", chart.lang)))
    if legend:
        axes.legend(handles=legend, fontsize=7, loc="lower right")
    _tidy(axes)


def _formatter(chart: Chart) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: chart.fmt(Decimal(str(round(value, 4)))))


def _tidy(axes: Any) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
