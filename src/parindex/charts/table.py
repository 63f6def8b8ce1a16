"""The data table beside every chart, and its export to Excel."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from parindex.charts.labels import label
from parindex.charts.spec import BarChart, Chart, NumberFormat, RankingChart, Series

Cell = str | int | Decimal | None


@dataclass(frozen=True)
class DataTable:
    """Headers and rows: ``rows`` as written on the page, ``values`` as typed for Excel."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    values: tuple[tuple[Cell, ...], ...]
    formats: tuple[NumberFormat | None, ...]  # per column; None for text

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kind of figure of each column, as its Excel cells are written ('text', 'points')."""
        return tuple("text" if fmt is None else fmt.kind for fmt in self.formats)


def data_table(chart: Chart) -> DataTable:
    """The table a chart carries: one row per category, one column per series."""
    if isinstance(chart, RankingChart):
        return _ranking_table(chart)
    series: list[Series] = []
    for one in chart.series:
        series.append(one)
        if one.low or one.high:  # the interval's bounds follow their series
            for key, bounds in (("low", one.low), ("high", one.high)):
                bound = label(key, chart.lang, label=one.label)
                series.append(Series(f"{one.key}-{key}", bound, bounds, number=one.number))
    if isinstance(chart, BarChart) and chart.reference is not None:
        series.append(chart.reference)
    header = chart.category_header or label("unit", chart.lang)
    headers = (header, *(s.label for s in series))
    formats: tuple[NumberFormat | None, ...] = (
        None,
        *(s.number or chart.number for s in series),
    )
    values: list[tuple[Cell, ...]] = []
    rows: list[tuple[str, ...]] = []
    for index, category in enumerate(chart.categories):
        typed = [s.values[index] if s.values else None for s in series]
        values.append((category, *typed))
        rows.append((category, *(chart.fmt(v, s) for v, s in zip(typed, series, strict=True))))
    return DataTable(chart.key, chart.title, headers, tuple(rows), tuple(values), formats)


def _ranking_table(chart: RankingChart) -> DataTable:
    lang = chart.lang
    total = chart.series[0]
    signed: set[int] = set()
    columns: list[tuple[str, NumberFormat | None, list[Cell]]] = [
        (label("rank", lang), NumberFormat(places=0), list(chart.ranks)),
        (chart.category_header or label("unit", lang), None, list(chart.categories)),
        (total.label, total.number or chart.number, list(total.values)),
    ]
    if chart.percents:
        percent = NumberFormat(places=2, percent=True)
        columns.append((label("percent", lang), percent, list(chart.percents)))
    if chart.classes:
        names: list[Cell] = [chart.class_label(c) for c in chart.classes]
        columns.append((label("class", lang), None, names))
    if chart.changes:
        signed.add(len(columns))
        columns.append((label("change", lang), chart.number, list(chart.changes)))
    if chart.rank_changes:
        signed.add(len(columns))
        rank_changes: list[Cell] = list(chart.rank_changes)
        columns.append((label("rank_change", lang), NumberFormat(places=0), rank_changes))
    headers = tuple(c[0] for c in columns)
    formats = tuple(c[1] for c in columns)
    values = tuple(tuple(c[2][i] for c in columns) for i in range(len(chart.categories)))
    rows = tuple(
        tuple(_text(cell, formats[i], lang, i in signed) for i, cell in enumerate(row))
        for row in values
    )
    return DataTable(chart.key, chart.title, headers, rows, values, formats)


def _text(cell: Cell, fmt: NumberFormat | None, lang: str, signed: bool = False) -> str:
    if cell is None:
        return ""
    if fmt is None:
        return str(cell)
    return fmt.format(cell, lang, signed=signed)


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def tables_to_xlsx(tables: Sequence[DataTable], path: Path | str | None = None) -> bytes:
    """Write each table to its own sheet, every figure typed by its column's kind through
    ``parindex.io.xlsx.put_row`` (a percentage is its fraction shown '0.00%'); the bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from parindex.io.xlsx import put_row, save_workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        # a tab is read by people: the table title, not its key ("areas")
        name = _SHEET_BAD.sub("-", table.title or table.key)[:31].strip() or "Sheet"
        base, number = name, 2
        while name.lower() in used:
            suffix = f"-{number}"
            name, number = base[: 31 - len(suffix)] + suffix, number + 1
        used.add(name.lower())
        sheet = book.create_sheet(name)
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(list(table.headers))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        kinds = table.kinds
        for number, row in enumerate(table.values, start=3):
            put_row(sheet, row, kinds, row=number)
        for column, fmt in enumerate(table.formats, start=1):
            letter = sheet.cell(row=2, column=column).column_letter
            width = max(len(str(table.headers[column - 1])), 8)
            if fmt is None:
                width = max([width, *(len(str(r[column - 1] or "")) for r in table.values[:500])])
            sheet.column_dimensions[letter].width = min(width + 2, 60)
        sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
