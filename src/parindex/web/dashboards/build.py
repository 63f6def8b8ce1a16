"""What each dashboard page shows: database rows → core scorecards → the pure chart builders.

Reads only. Who may see what is decided in :mod:`parindex.web.dashboards.access`; the
functions here take that decision (``Access``) and apply it to the data they load.

Over 500 lines: the reads of the four dashboard pages; next split: one module per page
(province, internal, national, SIPAS).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from parindex.charts import Chart, RankingChart, data_table
from parindex.charts.dashboards import (
    InternalDashboard,
    NationalPicture,
    ProvinceDashboard,
    history_chart,
    internal_dashboard,
    lineage_chart,
    national_picture,
    province_dashboard,
)
from parindex.charts.table import DataTable
from parindex.core.model import Framework
from parindex.core.numbers import ZERO
from parindex.core.ranking import Entry, rank
from parindex.core.rules import Outcome
from parindex.core.scoring import Scorecard
from parindex.national import LineageYear
from parindex.national.lineage import MERGER_YEAR
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    Campaign,
    FrameworkVersion,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.ranking import (
    campaign_bands,
    lineage_predecessors,
    lineage_previous,
)
from parindex.web.assessments.services.selectors import assessment_score
from parindex.web.dashboards import services
from parindex.web.dashboards.access import Access
from parindex.web.dashboards.sipas import SipasSection, sipas_note
from parindex.web.organisations.models import Unit, UnitKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 50
FINAL_STATUSES = (AssessmentStatus.FINAL, AssessmentStatus.PUBLISHED)


# --- scorecards from the final points stored by the workflow ------------------------------


def _parents_bottom_up(framework: Framework) -> list[tuple[str, tuple[str, ...]]]:
    nodes = list(framework.walk())
    return [(n.code, tuple(c.code for c in n.children)) for n in reversed(nodes) if not n.is_leaf]


class _FinalOutcomes(Mapping[str, Outcome]):
    """Each leaf's outcome is its final score, made when read (the ranking never reads it)."""

    def __init__(self, points: Mapping[str, Decimal], leaves: Sequence[str]) -> None:
        self._points, self._leaves = points, leaves

    def __getitem__(self, code: str) -> Outcome:
        if code not in self._points:
            raise KeyError(code)
        return Outcome(self._points[code], "final")

    def __iter__(self) -> Iterator[str]:
        return iter(self._leaves)

    def __len__(self) -> int:
        return len(self._leaves)


def final_cards(
    framework: Framework, units: Mapping[int, str], year: int | None
) -> list[Scorecard]:
    """One scorecard per assessment (id → unit code) from its final points, in one query.

    A leaf without a final score counts 0; a later final score (after reopening) wins. Points
    are read as text: Django's per-value decimal conversion would cost more than the page.
    """
    leaves = [leaf.code for leaf in framework.leaves()]
    finals: dict[int, dict[str, Decimal]] = {pk: {} for pk in units}
    rows = (
        ItemScore.objects.filter(assessment_id__in=list(units), stage=ItemStage.FINAL)
        .order_by("at", "pk")
        .annotate(text=Cast("points", CharField()))
        .values_list("assessment_id", "node_code", "text")
    )
    sql, params = rows.query.sql_with_params()
    numbers: dict[str, Decimal] = {}  # scores repeat (full marks, zero): convert each text once
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for assessment_id, code, text in cursor.fetchall():
            value = numbers.get(text)
            if value is None:
                value = numbers[text] = Decimal(text)
            finals[assessment_id][code] = value
    parents = _parents_bottom_up(framework)
    cards = []
    for pk, unit in units.items():
        points = dict.fromkeys(leaves, ZERO)
        points.update(finals[pk])
        for code, children in parents:
            points[code] = sum([points[c] for c in children], ZERO)
        cards.append(Scorecard(framework, unit, year, points, _FinalOutcomes(points, leaves), {}))
    return cards


# --- charts restricted to some rows (a page of units, or a focal point's own unit) ---------


def restrict(chart: Chart, keep: Sequence[int]) -> Chart:
    """The same chart with only the categories at positions ``keep`` (in that order)."""

    def pick(values: Sequence) -> tuple:
        return tuple(values[i] for i in keep) if values else ()

    series = tuple(
        dataclasses.replace(s, values=pick(s.values), low=pick(s.low), high=pick(s.high))
        for s in chart.series
    )
    changes: dict[str, object] = {"categories": pick(chart.categories), "series": series}
    if isinstance(chart, RankingChart):
        for name in ("ranks", "classes", "changes", "rank_changes", "percents"):
            changes[name] = pick(getattr(chart, name))
    return dataclasses.replace(chart, **changes)  # type: ignore[arg-type]  # each value is picked from the same field


@dataclass(frozen=True)
class Panel:
    """One chart on a page with its table (caption = the chart's title)."""

    chart: Chart
    table: DataTable
    note: str = ""

    @property
    def key(self) -> str:
        return self.chart.key

    @property
    def wide(self) -> bool:
        """A table of many columns goes below its chart rather than beside it."""
        return len(self.table.headers) > 4

    @property
    def columns(self) -> list[tuple[str, bool]]:
        """(header, is a number) per column: numbers are right-aligned."""
        formats = self.table.formats
        return [(h, formats[i] is not None) for i, h in enumerate(self.table.headers)]

    @property
    def body(self) -> list[list[tuple[str, bool]]]:
        """The rows as (text, is a number) cells."""
        numeric = [f is not None for f in self.table.formats]
        return [list(zip(row, numeric, strict=True)) for row in self.table.rows]


def panels(charts: Iterable[Chart]) -> list[Panel]:
    return [Panel(chart, data_table(chart)) for chart in charts]


# --- province dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceView:
    province: Unit
    assessment: Assessment | None
    stage: str  # "final" or "self"
    years: list[int]
    year: int | None
    frameworks: list[FrameworkVersion]
    framework: FrameworkVersion | None
    dashboard: ProvinceDashboard | None
    lang: str = "vi"
    sipas: object = None  # what the SIPAS hook returned (a ``SipasSection`` by default)

    def panels(self) -> list[Panel]:
        """The dashboard's charts with their tables; the SIPAS chart with its comparisons."""
        if self.dashboard is None:
            return []
        found = panels(self.dashboard.charts())
        if isinstance(self.sipas, SipasSection):
            note = sipas_note(self.sipas, self.lang)
            found = [dataclasses.replace(p, note=note) if p.key == "sipas" else p for p in found]
        return found


def _card(assessment: Assessment) -> tuple[Scorecard, str]:
    framework = assessment.campaign.framework_version.framework()
    if assessment.status in FINAL_STATUSES and assessment.final_total is not None:
        units = {assessment.pk: assessment.unit.code}
        return final_cards(framework, units, assessment.campaign.year)[0], "final"
    return assessment_score(assessment=assessment), "self"


def province_view(
    province: Unit, *, year: int | None, framework_id: int | None, lang: str
) -> ProvinceView:
    """The province's own assessment (final points once final, else its self-assessment)."""
    own = Assessment.objects.filter(unit=province).select_related(
        "campaign__framework_version", "unit"
    )
    years = sorted({a.campaign.year for a in own}, reverse=True)
    if year not in years:
        year = years[0] if years else None
    of_year = [a for a in own if a.campaign.year == year]
    frameworks = sorted(
        {a.campaign.framework_version for a in of_year}, key=lambda f: (f.code, f.version)
    )
    chosen = next((a for a in of_year if a.campaign.framework_version_id == framework_id), None)
    chosen = chosen or (of_year[0] if of_year else None)
    if chosen is None or year is None:
        return ProvinceView(province, None, "", years, year, frameworks, None, None)
    current, stage = _card(chosen)
    before = [a for a in own if a.campaign.year == year - 1]
    previous = _card(before[0])[0] if before else None
    history = services.province_history(province, services.national_results())
    sipas = services.sipas_satisfaction(province=province, year=year)
    dashboard = province_dashboard(
        current,
        previous=previous,
        targets=services.area_targets(province=province, year=year),
        history=history,
        name=province.name,
        progress=services.plan_progress(province=province, year=year),
        sipas=sipas,
        scored_by="self",
        lang=lang,
    )
    return ProvinceView(
        province,
        chosen,
        stage,
        years,
        year,
        frameworks,
        chosen.campaign.framework_version,
        dashboard,
        lang,
        sipas,
    )


# --- internal index dashboard -------------------------------------------------------------


@dataclass(frozen=True)
class InternalView:
    province: Unit
    years: list[int]
    year: int | None
    frameworks: list[FrameworkVersion]
    framework: FrameworkVersion | None
    kinds: Sequence[tuple[str, StrOrPromise]]  # the kinds' labels, lazily translated
    kind: str | None
    unpublished: bool  # some results shown are not published yet (secretariat only)
    units: int
    page: int
    pages: int
    dashboard: InternalDashboard | None
    panels: list[Panel]  # what the page shows (a page of units, or the user's own unit)
    export_charts: list[Chart]  # what the Excel export holds (every unit the user may see)
    merged: int = 0  # units whose last-year figure comes from their predecessors (lineage)


def _final_assessments(province: Unit, access: Access):
    found = Assessment.objects.filter(
        campaign__organiser=province, status__in=FINAL_STATUSES, final_total__isnull=False
    ).exclude(unit__kind=UnitKind.PROVINCE)
    if not access.unpublished:
        found = found.filter(campaign__published_at__isnull=False)
    return found


def _last_year(
    province: Unit, year: int, kind: str, chosen: Sequence[tuple], framework: Framework
) -> tuple[dict[str, Decimal] | None, dict[str, int], int]:
    """Last year's total and rank of each unit ranked now (unit code → …), and how many
    units take theirs from predecessors.

    Last year = the published campaigns of the province, or of a province it continues, a
    year earlier (a unit in two of them counts once, from the latest). Merged, split and
    renamed units follow the organisations lineage with the ranking page's rule
    (:func:`~parindex.web.assessments.services.ranking.lineage_previous`: the unweighted mean of the
    predecessors' totals when all were ranked; a rank only when the figure comes from one unit).
    """
    organisers = Q(campaign__organiser=province) | Q(
        campaign__organiser__in=Unit.objects.filter(changes_as_predecessor__successor=province)
    )
    rows = (
        Assessment.objects.filter(
            organisers,
            campaign__year=year - 1,
            campaign__published_at__isnull=False,
            unit__kind=kind,
            final_total__isnull=False,
        )
        .order_by("unit_id", "-campaign_id")
        .values_list("unit_id", "unit__name", "final_total")
    )
    totals: dict[int, tuple[Decimal, str]] = {}
    for unit_id, name, total in rows:
        totals.setdefault(unit_id, (total, name))  # type: ignore[arg-type]  # totals of units with scores only
    if not totals:
        return None, {}, 0
    maximum = sum((a.max for a in framework.nodes), ZERO)
    ranked = rank([Entry(str(u), total, maximum) for u, (total, _n) in totals.items()])
    before = {int(r.unit): (r.total, r.rank, totals[int(r.unit)][1]) for r in ranked}
    lineage = lineage_predecessors([row[1] for row in chosen])
    previous: dict[str, Decimal] = {}
    ranks: dict[str, int] = {}
    merged = 0
    for _pk, unit_id, code, _name, _campaign in chosen:
        found = lineage_previous(unit_id, before, lineage.get(unit_id, []))
        if found is None:
            continue
        previous[code] = found[0]
        if found[1] is not None:
            ranks[code] = found[1]
        merged += bool(found[2])
    return previous, ranks, merged


def internal_view(
    province: Unit,
    access: Access,
    *,
    year: int | None,
    framework_id: int | None,
    kind: str | None,
    page: int,
    lang: str,
) -> InternalView:
    """Ranking, heat map and weakest criteria of one kind of unit in one year and framework."""
    base = _final_assessments(province, access)
    if access.own_units is not None:
        base = base.filter(unit_id__in=access.own_units)  # years and kinds it was ranked in
    options = set(
        base.values_list("campaign__year", "campaign__framework_version_id", "unit__kind")
    )
    years = sorted({y for y, _, _ in options}, reverse=True)
    if year not in years:
        year = years[0] if years else None
    found = {k for y, _, k in options if y == year}
    kinds_found = [k for k in UnitKind.values if k in found]  # departments first, as declared
    if kind not in kinds_found:
        kind = kinds_found[0] if kinds_found else None
    framework_ids = sorted({f for y, f, k in options if y == year and k == kind})
    if framework_id not in framework_ids:
        framework_id = framework_ids[0] if framework_ids else None
    frameworks = list(FrameworkVersion.objects.filter(pk__in=framework_ids).order_by("code"))
    framework = next((f for f in frameworks if f.pk == framework_id), None)
    kinds = [(k, UnitKind(k).label) for k in kinds_found]
    empty = InternalView(
        province, years, year, frameworks, framework, kinds, kind, False, 0, 1, 1, None, [], []
    )
    if framework is None or year is None or kind is None:
        return empty
    chosen = list(
        _final_assessments(province, access)
        .filter(campaign__year=year, campaign__framework_version=framework, unit__kind=kind)
        .order_by("unit__code", "-campaign_id")
        .values_list("pk", "unit_id", "unit__code", "unit__name", "campaign_id")
    )
    seen: set[int] = set()  # a unit in two campaigns of the year: the latest campaign counts
    chosen = [row for row in chosen if not (row[1] in seen or seen.add(row[1]))]  # type: ignore[func-returns-value]  # set.add() in a filter: the "seen" idiom
    core = framework.framework()
    cards = final_cards(core, {pk: code for pk, _u, code, _n, _c in chosen}, year)
    names = {code: name for _pk, _u, code, name, _c in chosen}
    previous, previous_ranks, merged = _last_year(province, year, kind, chosen, core)
    campaigns = {c.pk: c for c in Campaign.objects.filter(pk__in={row[4] for row in chosen})}
    campaign = campaigns[chosen[0][4]]
    dashboard = internal_dashboard(
        cards,
        kinds={card.unit: kind for card in cards},
        names=names,
        previous=previous,
        previous_ranks=previous_ranks,
        bands=campaign_bands(campaign),
        year=year,
        lang=lang,
    )
    part = dashboard.kind(kind)
    unpublished = any(c.published_at is None for c in campaigns.values())
    if access.own_units is not None:
        own_codes = {code for _pk, unit, code, _n, _c in chosen if unit in access.own_units}
        own_names = {names[c] for c in own_codes}
        keep = [i for i, name in enumerate(part.ranking.categories) if name in own_names]
        own_cards = [c for c in cards if c.unit in own_codes]
        weakest = (
            internal_dashboard(
                own_cards,
                kinds={c.unit: kind for c in own_cards},
                names=names,
                year=year,
                lang=lang,
            )
            .kind(kind)
            .weakest
        )
        shown = [restrict(part.ranking, keep), restrict(part.heatmap, keep), weakest]
        return InternalView(
            province, years, year, frameworks, framework, kinds, kind, unpublished,
            len(keep), 1, 1, dashboard, panels(shown), shown, merged,
        )  # fmt: skip
    count = len(part.ranked)
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(page, 1), pages)
    window = list(range((page - 1) * PAGE_SIZE, min(page * PAGE_SIZE, count)))
    shown_charts: list[Chart] = [
        restrict(part.ranking, window),
        restrict(part.heatmap, window),
        part.weakest,
    ]
    return InternalView(
        province,
        years,
        year,
        frameworks,
        framework,
        kinds,
        kind,
        unpublished,
        count,
        page,
        pages,
        dashboard,
        panels(shown_charts),
        part.charts(),
        merged,
    )


# --- national picture ---------------------------------------------------------------------


@dataclass(frozen=True)
class NationalView:
    province: Unit
    years: list[int]
    year: int | None
    code: str  # the province's code in that year (the successor's from 2025)
    picture: NationalPicture | None
    lineage: Chart | None
    demo: bool  # the figures come from a demo file (not official)
    panels: list[Panel]


def national_view(province: Unit, *, year: int | None, lang: str) -> NationalView:
    """Every province in one year with the province highlighted; its line; its lineage."""
    from parindex.web.dashboards.models import NationalResultRow

    results = services.national_results()
    years = sorted({r.year for r in results}, reverse=True)
    if year not in years:
        year = years[0] if years else None
    current = services.current_province(province)
    if year is None:
        return NationalView(province, years, None, province.code, None, None, False, [])
    code = current.code if year >= MERGER_YEAR else province.code
    # Across the merger neither changes nor ranks compare (a code may even name another
    # province), so the year before is given only when both years are in the same period.
    same_period = [
        r
        for r in results
        if r.year == year
        or (r.year == year - 1 and (year - 1 >= MERGER_YEAR or year < MERGER_YEAR))
    ]
    picture = national_picture(same_period, year=year, province=code, lang=lang)
    own = services.province_history(province, results)
    picture = dataclasses.replace(
        picture,
        history=history_chart(own, name=province.name, lang=lang, key="history") if own else None,
    )
    years_lineage = services.province_lineage(province, results)
    lineage = _lineage(years_lineage, lang) if any(y.merged for y in years_lineage) else None
    charts: list[Chart] = [picture.ranking]
    if picture.history is not None:
        charts.append(picture.history)
    if lineage is not None:
        charts.append(lineage)
    demo = NationalResultRow.objects.filter(year=year, result_set__demo=True).exists()
    return NationalView(province, years, year, code, picture, lineage, demo, panels(charts))


def _lineage(years: Sequence[LineageYear], lang: str) -> Chart:
    """The lineage chart, its predecessors named as they were (a code may be reused in 2025)."""
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE)
    current = dict(provinces.filter(valid_to__isnull=True).values_list("code", "name"))
    old = dict(provinces.filter(valid_from__isnull=True).values_list("code", "name"))
    chart = lineage_chart(years, names=current, lang=lang)
    own = current.get(years[0].province, "")

    def former(code: str) -> str:
        name = old.get(code, code)
        return _("%(name)s (trước 1/7/2025)") % {"name": name} if name == own else name

    series = tuple(
        dataclasses.replace(s, label=former(s.key[4:])) if s.key.startswith("old-") else s
        for s in chart.series
    )
    return dataclasses.replace(chart, series=series)


def find_panel(found: Sequence[Panel], key: str) -> Panel | None:
    return next((p for p in found if p.key == key), None)


__all__ = [
    "InternalView",
    "NationalView",
    "Panel",
    "ProvinceView",
    "final_cards",
    "internal_view",
    "national_view",
    "province_view",
    "restrict",
]
