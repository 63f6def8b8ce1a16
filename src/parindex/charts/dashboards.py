"""Dashboard data: pure functions from core objects to chart definitions (and so tables).

Over 500 lines on purpose: one builder per dashboard chart, all sharing the same small helpers;
a module per chart would repeat them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.charts.labels import label
from parindex.charts.spec import (
    INTEGER,
    PERCENT,
    TWO_PLACES,
    BarChart,
    Chart,
    HeatMap,
    LineChart,
    NumberFormat,
    RankingChart,
    Series,
)
from parindex.charts.table import DataTable, data_table
from parindex.core.analysis import gaps
from parindex.core.model import Framework, Node
from parindex.core.numbers import HUNDRED, ZERO
from parindex.core.ranking import NATIONAL_BANDS, Classification, Entry, Ranked, classify, rank
from parindex.core.scoring import Scorecard
from parindex.national.lineage import LineageYear
from parindex.national.results import NationalResult
from parindex.presentation.numbers import fmt_percent, fmt_target

PERCENT_2 = NumberFormat(places=2, percent=True)


class _Dashboard:
    """Shared by the dashboards: their charts in page order and their tables."""

    def charts(self) -> list[Chart]:
        """The dashboard's charts in page order (absent ones left out)."""
        found: list[Chart] = []
        for value in vars(self).values():
            if isinstance(value, Chart):
                found.append(value)
            elif isinstance(value, tuple):
                found.extend(v for v in value if isinstance(v, Chart))
                for item in value:
                    if isinstance(item, _Dashboard):
                        found.extend(item.charts())
        return found

    def tables(self) -> list[DataTable]:
        """One data table per chart, for the page and the Excel export."""
        return [data_table(chart) for chart in self.charts()]


@dataclass(frozen=True)
class ProvinceDashboard(_Dashboard):
    """What the province's leadership looks at first."""

    history: LineChart | None
    areas: BarChart
    lost: BarChart
    progress: BarChart | None = None
    sipas: BarChart | None = None


@dataclass(frozen=True)
class SipasFactor:
    """One factor's satisfaction in %, with its confidence interval and last year's value."""

    label: str
    value: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    previous: Decimal | None = None


@dataclass(frozen=True)
class SipasFigures:
    """A year's SIPAS results for the province dashboard (every value in %, 0–100)."""

    year: int
    factors: tuple[SipasFactor, ...]
    overall: SipasFactor
    target: Decimal | None = None
    previous_year: int | None = None
    confidence: Decimal = Decimal(95)


def sipas_chart_of(figures: SipasFigures, lang: str = "vi") -> BarChart:
    """Each factor and the overall index with its interval, last year's value and the target."""
    name = figures.overall.label or label("overall_satisfaction", lang)
    overall = dataclasses.replace(figures.overall, label=name)
    rows = (*figures.factors, overall)
    series = [
        Series(
            "current",
            label("this_year", lang, year=figures.year),
            tuple(r.value for r in rows),
            low=tuple(r.low for r in rows),
            high=tuple(r.high for r in rows),
        )
    ]
    if any(r.previous is not None for r in rows):
        year = figures.previous_year or figures.year - 1
        previous = tuple(r.previous for r in rows)
        series.append(Series("previous", label("last_year", lang, year=year), previous))
    if figures.target is not None:
        targets = (*(None for _ in figures.factors), figures.target)
        series.append(Series("target", label("target", lang), targets))
    confidence = fmt_percent(figures.confidence, lang, 0)
    return BarChart(
        key="sipas",
        title=label("t_sipas", lang),
        description=label("d_sipas_interval", lang, year=figures.year, confidence=confidence),
        categories=tuple(r.label for r in rows),
        category_header=label("factor", lang),
        series=tuple(series),
        scale_max=HUNDRED,
        number=PERCENT_2,
        unit="%",
        lang=lang,
    )


def _area_label(node: Node, lang: str) -> str:
    """ "3. Cải cách thủ tục hành chính" for an area, "3.4.1 …" below it."""
    title = (node.title_en if lang == "en" else "") or node.title
    return f"{node.code}. {title}" if node.depth <= 1 else f"{node.code} {title}"


def _part(card: Scorecard, code: str, scored_by: str | None) -> tuple[Decimal, Decimal] | None:
    node = card.nodes.get(code)
    if node is None:
        return None
    return node.part(scored_by) if scored_by else (node.score, node.max)


def history_chart(
    history: Sequence[NationalResult], *, name: str = "", lang: str = "vi", key: str = "history"
) -> LineChart:
    """Index total and rank over the years (rank axis upside down: 1 on top)."""
    items = sorted(history, key=lambda r: r.year)
    return LineChart(
        key=key,
        title=label("t_history", lang),
        description=label("d_history", lang, name=name),
        categories=tuple(str(r.year) for r in items),
        category_header=label("year", lang),
        series=(
            Series("total", label("total", lang), tuple(r.total for r in items), number=TWO_PLACES),
            Series(
                "rank",
                label("rank", lang),
                tuple(Decimal(r.rank) if r.rank else None for r in items),
                axis="right",
                number=INTEGER,
            ),
        ),
        right_label=label("rank", lang),
        number=TWO_PLACES,
        unit=label("points", lang),
        lang=lang,
    )


def province_dashboard(
    current: Scorecard,
    *,
    previous: Scorecard | None = None,
    targets: Mapping[str, Decimal] | None = None,
    history: Sequence[NationalResult] = (),
    name: str = "",
    progress: Mapping[str, int] | None = None,
    sipas: Mapping[str, Decimal] | SipasFigures | None = None,
    scored_by: str | None = None,
    lost_limit: int = 15,
    lang: str = "vi",
) -> ProvinceDashboard:
    """Build the province dashboard; ``scored_by='self'`` shows the self-assessable part only."""
    areas = [a for a in current.areas() if not scored_by or a.part(scored_by)[1] > 0]
    year = current.year or ""
    this_year, maxima, last_year = [], [], []
    for area in areas:
        score, maximum = area.part(scored_by) if scored_by else (area.score, area.max)
        this_year.append(score)
        maxima.append(maximum)
        before = _part(previous, area.code, scored_by) if previous is not None else None
        last_year.append(before[0] if before else None)
    series = [Series("current", label("this_year", lang, year=year), tuple(this_year))]
    if previous is not None:
        prev_label = label("last_year", lang, year=previous.year or "")
        series.append(Series("previous", prev_label, tuple(last_year)))
    if targets:
        target_values = tuple(targets.get(a.code) for a in areas)
        series.append(Series("target", label("target", lang), target_values))
    area_chart = BarChart(
        key="areas",
        title=label("t_areas", lang),
        description=label("d_areas", lang, year=year),
        categories=tuple(_area_label(current.framework[a.code], lang) for a in areas),
        category_header=label("area", lang),
        series=tuple(series),
        reference=Series("max", label("max", lang), tuple(maxima)),
        unit=label("points", lang),
        lang=lang,
    )
    lost = gaps(current, scored_by=scored_by)[:lost_limit]
    lost_chart = BarChart(
        key="lost",
        title=label("t_lost", lang),
        description=label("d_lost", lang, year=year),
        categories=tuple(_area_label(current.framework[g.code], lang) for g in lost),
        category_header=label("criterion", lang),
        series=(Series("lost", label("lost", lang), tuple(g.lost for g in lost)),),
        reference=Series("max", label("max", lang), tuple(g.max for g in lost)),
        unit=label("points", lang),
        lang=lang,
    )
    progress_chart = None
    if progress:
        progress_chart = BarChart(
            key="progress",
            title=label("t_progress", lang),
            description=label("d_progress", lang),
            categories=tuple(label(f"status_{k}", lang) for k in progress),
            category_header=label("status", lang),
            series=(
                Series("count", label("count", lang), tuple(Decimal(v) for v in progress.values())),
            ),
            orientation="vertical",
            number=INTEGER,
            lang=lang,
        )
    sipas_chart = None
    if isinstance(sipas, SipasFigures):
        sipas_chart = sipas_chart_of(sipas, lang)
    elif sipas:
        sipas_chart = BarChart(
            key="sipas",
            title=label("t_sipas", lang),
            description=label("d_sipas", lang),
            categories=tuple(sipas),
            category_header=label("factor", lang),
            series=(Series("satisfaction", label("satisfaction", lang), tuple(sipas.values())),),
            scale_max=HUNDRED,
            number=PERCENT_2,
            unit="%",
            lang=lang,
        )
    history_line = history_chart(history, name=name, lang=lang) if history else None
    return ProvinceDashboard(history_line, area_chart, lost_chart, progress_chart, sipas_chart)


@dataclass(frozen=True)
class UnitKindDashboard(_Dashboard):
    """The internal index of one kind of unit (departments, communes): one framework."""

    kind: str
    ranking: RankingChart
    heatmap: HeatMap
    weakest: BarChart
    ranked: tuple[Ranked, ...]


@dataclass(frozen=True)
class InternalDashboard(_Dashboard):
    """The province's internal index: one part per kind of unit."""

    kinds: tuple[UnitKindDashboard, ...]

    def kind(self, kind: str) -> UnitKindDashboard:
        """The part for one kind of unit."""
        for part in self.kinds:
            if part.kind == kind:
                return part
        raise KeyError(kind)


def internal_dashboard(
    cards: Sequence[Scorecard],
    *,
    kinds: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    previous: Mapping[str, Decimal] | None = None,
    previous_ranks: Mapping[str, int] | None = None,
    bands: Sequence[Classification] = NATIONAL_BANDS,
    band_labels: Mapping[str, str] | None = None,
    weakest: int = 10,
    year: int | None = None,
    lang: str = "vi",
) -> InternalDashboard:
    """Rank each kind of unit, map units × areas, find the weakest criteria.

    ``kinds`` maps unit → kind (default: the framework's unit kind); units of one kind must be
    scored against one framework. ``previous`` holds last year's totals of the units of that
    kind; last year's ranks are those given in ``previous_ranks`` (as published), else ranks
    computed from ``previous`` among the units of the same kind (``kinds`` applies to both years).
    Reads only the scorecards' points (not their per-node views), so 3 400 units stay fast.
    """
    groups: dict[str, list[Scorecard]] = {}
    for card in cards:
        kind = (kinds or {}).get(card.unit) or card.framework.unit_kind
        groups.setdefault(kind, []).append(card)
    parts = []
    for kind, group in groups.items():
        frameworks = {card.framework.key for card in group}
        if len(frameworks) > 1:
            raise ValueError(f"units of kind '{kind}' use several frameworks: {sorted(frameworks)}")
        parts.append(
            _kind_dashboard(
                kind,
                group,
                kinds or {},
                names or {},
                previous,
                previous_ranks,
                bands,
                band_labels or {},
                weakest,
                year if year is not None else group[0].year,
                lang,
            )
        )
    return InternalDashboard(tuple(parts))


def _kind_dashboard(
    kind: str,
    cards: list[Scorecard],
    kinds: Mapping[str, str],
    names: Mapping[str, str],
    previous: Mapping[str, Decimal] | None,
    previous_ranks: Mapping[str, int] | None,
    bands: Sequence[Classification],
    band_labels: Mapping[str, str],
    weakest: int,
    year: int | None,
    lang: str,
) -> UnitKindDashboard:
    framework = cards[0].framework
    areas = framework.nodes
    maximum = sum((a.max for a in areas), ZERO)
    area_codes = [a.code for a in areas]
    totals = {card.unit: sum([card.points[c] for c in area_codes], ZERO) for card in cards}
    ranked = rank([Entry(unit, total, maximum) for unit, total in totals.items()], bands)
    changes: tuple[Decimal | None, ...] = ()
    rank_changes: tuple[int | None, ...] = ()
    if previous is not None:
        changes = tuple(r.total - previous[r.unit] if r.unit in previous else None for r in ranked)
        before = previous_ranks
        if before is None:
            last_year = [
                Entry(unit, total, maximum)
                for unit, total in previous.items()
                if kinds.get(unit, framework.unit_kind) == kind
            ]
            before = {r.unit: r.rank for r in rank(last_year, bands)}
        now = {r.unit: r.rank for r in ranked}
        rank_changes = tuple(
            before[r.unit] - now[r.unit] if r.unit in before and r.unit in now else None
            for r in ranked
        )
    display = tuple(names.get(r.unit, r.unit) for r in ranked)
    kind_words = label(f"kind_{kind}", lang)
    class_labels = tuple((b.code, band_labels.get(b.code, b.code)) for b in bands)
    ranking = RankingChart(
        key=f"ranking-{kind}",
        title=label("t_ranking", lang, kind=kind_words, year=year or ""),
        description=label("d_ranking", lang, count=len(ranked)),
        categories=display,
        category_header=label("unit", lang),
        series=(Series("total", label("score", lang), tuple(r.total for r in ranked)),),
        ranks=tuple(r.rank for r in ranked),
        classes=tuple(r.classification for r in ranked),
        class_labels=class_labels,
        changes=changes,
        rank_changes=rank_changes,
        percents=tuple(r.percent for r in ranked),
        maximum=maximum,
        unit=label("points", lang),
        lang=lang,
    )
    by_unit = {card.unit: card for card in cards}
    order = [by_unit[r.unit].points for r in ranked]
    columns = []
    for area in areas:
        code, top = area.code, area.max
        values = tuple(p[code] * HUNDRED / top if top else None for p in order)
        columns.append(Series(code, code, values))
    heatmap = HeatMap(
        key=f"heatmap-{kind}",
        title=label("t_heatmap", lang),
        description=label("d_heatmap", lang),
        categories=display,
        category_header=label("unit", lang),
        series=tuple(columns),
        column_titles=tuple(_area_label(a, lang) for a in areas),
        number=PERCENT,
        unit="%",
        lang=lang,
    )
    weakest_chart = _weakest(kind, framework, cards, weakest, lang)
    return UnitKindDashboard(kind, ranking, heatmap, weakest_chart, tuple(ranked))


def _weakest(
    kind: str, framework: Framework, cards: list[Scorecard], limit: int, lang: str
) -> BarChart:
    leaves = [leaf for leaf in framework.leaves() if leaf.max > 0]
    sums = dict.fromkeys((leaf.code for leaf in leaves), ZERO)
    for card in cards:
        points = card.points
        for code in sums:
            sums[code] += points[code]
    count = len(cards)
    means = [
        (sums[leaf.code] * HUNDRED / (leaf.max * count), i, leaf) for i, leaf in enumerate(leaves)
    ]
    means.sort(key=lambda item: (item[0], item[1]))
    chosen = means[:limit]
    return BarChart(
        key=f"weakest-{kind}",
        title=label("t_weakest", lang),
        description=label("d_weakest", lang, count=count),
        categories=tuple(_area_label(leaf, lang) for _, _, leaf in chosen),
        category_header=label("criterion", lang),
        series=(Series("mean", label("mean_percent", lang), tuple(m for m, _, _ in chosen)),),
        scale_max=HUNDRED,
        number=PERCENT,
        unit="%",
        lang=lang,
    )


@dataclass(frozen=True)
class NationalPicture(_Dashboard):
    """The province among the others in one year, and its own line over the years."""

    ranking: RankingChart
    history: LineChart | None


def national_picture(
    results: Sequence[NationalResult],
    *,
    year: int,
    province: str,
    names: Mapping[str, str] | None = None,
    bands: Sequence[Classification] = NATIONAL_BANDS,
    lang: str = "vi",
) -> NationalPicture:
    """Every province in ``year`` in published rank order, ``province`` highlighted.

    A result without a published rank is ranked by its total among the year's results.
    """
    names = names or {}
    items = sorted(
        (r for r in results if r.year == year),
        key=lambda r: (r.rank if r.rank is not None else 10**6, -r.total, r.province),
    )
    last = {r.province: r for r in results if r.year == year - 1}
    display = tuple(names.get(r.province, r.name or r.province) for r in items)
    shown = names.get(province, province)
    ranking = RankingChart(
        key=f"national-{year}",
        title=label("t_national", lang, year=year),
        description=label("d_national", lang, count=len(items), name=shown),
        categories=display,
        category_header=label("province", lang),
        series=(Series("total", label("total", lang), tuple(r.total for r in items)),),
        ranks=tuple(r.rank or 1 + sum(o.total > r.total for o in items) for r in items),
        classes=tuple(classify(r.total, bands) for r in items),
        class_labels=tuple(
            (b.code, f"{b.code} ({fmt_target('>=', b.min_percent, 'percent', lang)})")
            for b in bands
        ),
        highlight=tuple(d for r, d in zip(items, display, strict=True) if r.province == province),
        changes=tuple(
            r.total - last[r.province].total if r.province in last else None for r in items
        ),
        rank_changes=tuple(_rank_delta(last.get(r.province), r) for r in items),
        maximum=HUNDRED,
        number=TWO_PLACES,
        unit=label("points", lang),
        lang=lang,
    )
    own = [r for r in results if r.province == province]
    history = history_chart(own, name=shown, lang=lang, key=f"history-{province}") if own else None
    return NationalPicture(ranking, history)


def _rank_delta(before: NationalResult | None, after: NationalResult) -> int | None:
    if before is None or before.rank is None or after.rank is None:
        return None
    return before.rank - after.rank


def lineage_chart(
    years: Sequence[LineageYear],
    *,
    names: Mapping[str, str] | None = None,
    lang: str = "vi",
) -> LineChart:
    """A merged province from its merger year, each predecessor before, and the labelled mean."""
    names = names or {}
    if not years:
        raise ValueError("no years to chart")
    code = years[0].province
    name = names.get(code, code)
    categories = tuple(str(y.year) for y in years)
    olds: list[str] = []
    for entry in years:
        for item in entry.predecessors:
            if item.province not in olds:
                olds.append(item.province)
        olds.extend(m for m in entry.missing if m not in olds)
    series = []
    for old in olds:
        values = tuple(
            next((p.total for p in y.predecessors if p.province == old), None) for y in years
        )
        series.append(Series(f"old-{old}", names.get(old, old), values))
    own = tuple(
        y.result.total if y.result is not None and not y.predecessors else None for y in years
    )
    series.insert(0, Series(f"new-{code}", name, own))
    if any(y.merged for y in years):
        means = tuple(y.approx_mean_total if y.merged else None for y in years)
        series.append(Series("approx-mean", label("mean_approx", lang), means))
    first = next((y.year for y in years if not y.predecessors), years[-1].year)
    return LineChart(
        key=f"lineage-{code}",
        title=label("t_lineage", lang, name=name),
        description=label("d_lineage", lang, name=name, year=first),
        categories=categories,
        category_header=label("year", lang),
        series=tuple(series),
        number=TWO_PLACES,
        unit=label("points", lang),
        lang=lang,
    )


__all__ = [
    "InternalDashboard",
    "NationalPicture",
    "ProvinceDashboard",
    "UnitKindDashboard",
    "history_chart",
    "internal_dashboard",
    "lineage_chart",
    "national_picture",
    "province_dashboard",
]
