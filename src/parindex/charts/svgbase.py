"""What every SVG chart shares: sizes, colours, escaping, text fitting, axes, legends."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from parindex.charts.spec import BarChart, Chart, Series

FONT = "'DejaVu Sans', 'Noto Sans', 'Liberation Sans', Arial, sans-serif"
#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
UNCLASSIFIED = "#999999"
REFERENCE = "#E4E4E4"
WIDTH = 760
#: Characters XML 1.0 does not allow: dropped from any label before it is written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
PAD = 16
TITLE_H = 30
LEGEND_H = 24


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


def svg_text(
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


def svg_gridline(x: float, width: float, y: float, label: str) -> list[str]:
    """A horizontal grid line across the plot at ``y`` and its value label left of the axis."""
    line = f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + width:.1f}" y2="{y:.1f}" stroke="#dddddd"/>'
    return [line, svg_text(x - 6, y + 4, label, size=11, anchor="end", fill="#555555")]


def svg_rect(
    x: float, y: float, w: float, h: float, fill: str, tip: str = "", extra: str = ""
) -> str:
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


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    step = (high - low) / count
    return [low + step * i for i in range(count + 1)]


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def svg_legend(items: Sequence[tuple[str, str]], y: float, x: float = PAD) -> list[str]:
    parts = []
    for name, colour in items:
        parts.append(svg_rect(x, y - 10, 12, 12, colour))
        parts.append(svg_text(x + 16, y, name, size=11))
        x += 16 + text_width(name, 11) + 18
    return parts


def all_series(chart: Chart) -> list[Series]:
    series = list(chart.series)
    if isinstance(chart, BarChart) and chart.reference is not None:
        series.append(chart.reference)
    return series


def bounds(series: Series, index: int) -> tuple[float | None, float | None]:
    low = as_float(series.low[index]) if series.low else None
    high = as_float(series.high[index]) if series.high else None
    return low, high


def interval_text(chart: Chart, series: Series, index: int) -> str:
    """The interval written after a value that has one: ' (80,1 % – 90,2 %)'."""
    if not (series.low and series.high) or series.low[index] is None:
        return ""
    low, high = chart.fmt(series.low[index], series), chart.fmt(series.high[index], series)
    return f" ({low} – {high})"
