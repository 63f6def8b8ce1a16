"""Chart definitions as data: one frozen definition feeds SVG, PNG and the data table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from parindex.presentation.numbers import fmt_number, fmt_percent, fmt_points, fmt_signed_points

Value = Decimal | None


@dataclass(frozen=True)
class NumberFormat:
    """How a value is written: fixed decimals or points style, optionally as a percentage."""

    places: int | None = None  # None: points style (4 decimals at most); 2 for a percentage
    percent: bool = False

    def format(self, value: object, lang: str = "vi", *, signed: bool = False) -> str:
        """Write ``value`` through the one formatter (``presentation.numbers``): points as
        fmt_points (61,4203), counts and fixed decimals as fmt_number (180.840; 82,85),
        percentages as fmt_percent (97,5%); ``signed`` puts '+' before a rise."""
        if value is None:
            return ""
        if self.percent:
            text = fmt_percent(value, lang, 2 if self.places is None else self.places)
        elif self.places is None:
            return fmt_signed_points(value, lang) if signed else fmt_points(value, lang)
        else:
            text = fmt_number(value, lang, self.places)
        places = 2 if self.places is None else self.places
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
        return "+" + text if signed and rounded > 0 else text

    @property
    def kind(self) -> str:
        """The kind of figure (``presentation.numbers.KINDS``) its Excel cell is written as."""
        if self.percent:
            return "percent"
        if self.places is None:
            return "points"
        return "count" if self.places == 0 else "number"


POINTS = NumberFormat()
TWO_PLACES = NumberFormat(places=2)
PERCENT = NumberFormat(places=1, percent=True)
INTEGER = NumberFormat(places=0)


@dataclass(frozen=True)
class Series:
    """One named row of values, one value per category (None: no value)."""

    key: str
    label: str
    values: tuple[Value, ...]
    axis: str = "left"  # line charts: "right" puts the series on a second axis (e.g. rank)
    number: NumberFormat | None = None  # overrides the chart's format for this series
    # bar charts: a confidence interval per value (whiskers; two more columns in the table)
    low: tuple[Value, ...] = ()
    high: tuple[Value, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Chart:
    """What every chart carries: title, categories, series, unit and number format."""

    kind: ClassVar[str] = "chart"
    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    description: str = ""
    category_header: str = ""
    unit: str = ""
    number: NumberFormat = POINTS
    lang: str = "vi"

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"series '{series.key}' has {len(series.values)} values "
                    f"for {len(self.categories)} categories"
                )
            for bound in (series.low, series.high):
                if bound and len(bound) != len(self.categories):
                    raise ValueError(f"series '{series.key}' has an interval of the wrong length")

    def fmt(self, value: object, series: Series | None = None) -> str:
        """Format a value with the series' own format, else the chart's."""
        number = series.number if series is not None and series.number else self.number
        return number.format(value, self.lang)


@dataclass(frozen=True, kw_only=True)
class BarChart(Chart):
    """Grouped bars per category; ``reference`` (e.g. the maximum) is drawn as a track behind."""

    kind: ClassVar[str] = "bar"
    orientation: str = "horizontal"  # or "vertical"
    reference: Series | None = None
    scale_max: Decimal | None = None  # fixes the value axis (e.g. 100 for percentages)


@dataclass(frozen=True, kw_only=True)
class LineChart(Chart):
    """Series over ordered categories (years); right-axis series may run upside down (rank)."""

    kind: ClassVar[str] = "line"
    invert_right: bool = True
    right_label: str = ""


@dataclass(frozen=True, kw_only=True)
class HeatMap(Chart):
    """Rows are categories (units), columns are series (areas), values from 0 to ``scale_max``."""

    kind: ClassVar[str] = "heatmap"
    scale_max: Decimal = Decimal(100)
    column_titles: tuple[str, ...] = ()  # long titles of the columns (series labels are short)


@dataclass(frozen=True, kw_only=True)
class RankingChart(Chart):
    """Units ordered best first, coloured by classification, with rank and change."""

    kind: ClassVar[str] = "ranking"
    ranks: tuple[int, ...]
    classes: tuple[str | None, ...]
    class_labels: tuple[tuple[str, str], ...] = ()  # (code, label), best class first
    highlight: tuple[str, ...] = ()  # categories drawn emphasised (the province itself)
    changes: tuple[Value, ...] = ()  # points since last year
    rank_changes: tuple[int | None, ...] = ()  # positive: moved up
    maximum: Decimal | None = None
    percents: tuple[Value, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        count = len(self.categories)
        for name in ("ranks", "classes", "changes", "rank_changes", "percents"):
            values = getattr(self, name)
            if values and len(values) != count:
                raise ValueError(f"{name} has {len(values)} values for {count} categories")

    def class_label(self, code: str | None) -> str:
        """The label of a classification code (the code itself when unlabelled)."""
        return dict(self.class_labels).get(code or "", code or "")
