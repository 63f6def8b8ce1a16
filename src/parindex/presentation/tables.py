"""Plain-text tables for the terminal (Vietnamese text is NFC: one character, one column)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence


def _width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    right: Sequence[bool] | None = None,
    max_width: int = 70,
) -> str:
    """Render rows under headers; ``right`` aligns numeric columns right; long cells are cut."""
    cells = [[_cut(str(c), max_width) for c in row] for row in rows]
    right = right or [False] * len(headers)
    widths = [_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _width(cell))
    lines = ["  ".join(_pad(h, widths[i], right[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(_pad(c, widths[i], right[i]) for i, c in enumerate(row)).rstrip())
    return "\n".join(lines)


def _cut(text: str, limit: int) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()
