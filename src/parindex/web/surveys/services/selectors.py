"""Reads of the survey rows: service map, dossier-log counts, coverage, stored responses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count

from parindex.core.model import InputSpec
from parindex.indicators import compute
from parindex.surveys import Response
from parindex.surveys import results as core_results
from parindex.web.assessments.models import InputValue
from parindex.web.dossiers.results import dataset
from parindex.web.surveys import population
from parindex.web.surveys.models import Survey, SurveyQuota, SurveyResponse
from parindex.web.surveys.services.questionnaire import form_of, question_codes


def service_map_of(survey: Survey) -> dict[str, Any]:
    """The survey's service map: the one entered, else the default for its form's services."""
    if survey.service_map is not None:
        return survey.service_map
    form = form_of(survey)
    return population.default_map(question_codes(form, form.service_question))


def log_rows(survey: Survey) -> list[dict[str, Any]]:
    """Dossiers received in the survey's year per agency, field and procedure of the log."""
    ds = dataset(survey.province)
    if ds is None:
        return []
    by = ["agency", "field", "procedure"]
    data = compute(ds, by, indicators=["received"], year=survey.year).data
    if data.height == 0:
        return []
    return [
        {**row, "count": int(row["numerator"] or 0)}
        for row in data.filter(data["indicator"] == "received").iter_rows(named=True)
    ]


def log_agencies(quota: SurveyQuota) -> list[str]:
    """The log's agency codes (or names) of a unit: ``log_agency``, comma-separated."""
    codes = [c.strip() for c in (quota.log_agency or "").split(",") if c.strip()]
    return codes or [quota.unit_code]


def log_populations(survey: Survey) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """N per unit and per (unit, service) from the province's dossier log of the survey year."""
    rows = log_rows(survey)
    if not rows:
        return {}, {}
    wide = SurveyQuota.objects.filter(survey=survey, service_code="")
    agencies = {q.unit_code: log_agencies(q) for q in wide}
    return population.populations(rows, agencies, service_map_of(survey))


@dataclass(frozen=True)
class CoverageRow:
    quota: SurveyQuota
    collected: int

    @property
    def shortfall(self) -> int:
        return max(self.quota.target - self.collected, 0)

    @property
    def share(self) -> Decimal:
        t = self.quota.target
        return Decimal(self.collected) / t if t else Decimal(1)

    @property
    def met(self) -> bool:
        return self.collected >= self.quota.target


def coverage(survey: Survey) -> list[CoverageRow]:
    """Responses so far against every quota (a blank service counts all the unit's answers)."""
    counts: dict[tuple[str, str], int] = {}
    for row in (
        SurveyResponse.objects.filter(survey=survey)
        .values("unit_code", "service_code")
        .annotate(n=Count("id"))
    ):
        counts[(row["unit_code"], row["service_code"])] = row["n"]
    form = form_of(survey)
    units = {c: i for i, c in enumerate(question_codes(form, form.unit_question))}
    services = {c: i for i, c in enumerate(question_codes(form, form.service_question))}
    out = []
    for quota in survey.quotas.all():
        if quota.service_code:
            n = counts.get((quota.unit_code, quota.service_code), 0)
        else:
            n = sum(v for (u, _), v in counts.items() if u == quota.unit_code)
        out.append(CoverageRow(quota, n))
    # each unit's row, then its services, in the form's order
    out.sort(
        key=lambda r: (
            units.get(r.quota.unit_code, len(units)),
            r.quota.unit_code,
            bool(r.quota.service_code),
            services.get(r.quota.service_code, len(services)),
            r.quota.service_code,
        )
    )
    return out


def coverage_total(rows: Iterable[CoverageRow]) -> int:
    """The survey's sample: unit-wide targets (a unit's service cells share its n), plus the
    cells of units without a unit-wide quota."""
    rows = list(rows)
    whole = {r.quota.unit_code for r in rows if not r.quota.service_code}
    return sum(
        r.quota.target for r in rows if not r.quota.service_code or r.quota.unit_code not in whole
    )


def core_responses(survey: Survey, unit_codes: Iterable[str] | None = None) -> list[Response]:
    """The survey's stored responses as the core's objects (optionally some units only)."""
    form = form_of(survey)
    decimals = {q.name for q in form.items() if q.type == "decimal"}
    rows = SurveyResponse.objects.filter(survey=survey)
    if unit_codes is not None:
        rows = rows.filter(unit_code__in=list(unit_codes))
    out = []
    for source_id, submitted, answers in rows.values_list("source_id", "submitted_at", "answers"):
        decoded: dict[str, Any] = {}
        for k, v in answers.items():
            if isinstance(v, list):
                decoded[k] = tuple(v)
            elif k in decimals:
                decoded[k] = Decimal(v)
            else:
                decoded[k] = v
        out.append(Response(source_id, submitted or None, decoded))
    return out


def previous_survey(survey: Survey) -> Survey | None:
    """Last year's survey of the same province (the most recent one with responses)."""
    return (
        Survey.objects.filter(province_id=survey.province_id, year=survey.year - 1)
        .filter(responses__isnull=False)
        .distinct()
        .order_by("-id")
        .first()
    )


def writable(node: Any, names: Iterable[str]) -> bool:
    """Whether applying writes these inputs: a self-assessed sub-criterion that declares them."""
    return (
        node.is_leaf and node.scored_by == "self" and all(node.input(n) is not None for n in names)
    )


@dataclass(frozen=True)
class FedInput:
    """A self-assessed input of an assessment the SIPAS feeds write, as stored now."""

    node_code: str
    input_name: str
    value: str  # "" when empty
    version: int  # 0 when empty
    spec: InputSpec | None = None  # the framework's input: its label, its answer in words


def fed_inputs(assessment: Any) -> list[FedInput]:
    """The inputs applying the survey would overwrite (the page shows them, posts their versions).

    A feed writes a self-assessed sub-criterion's input that the framework declares; the other
    feeds (survey-scored items) only record the figure.
    """
    version = assessment.campaign.framework_version
    framework = version.framework()
    targets = []
    for feed in core_results.load_feeds(core_results.SIPAS_FEEDS):
        fw, sep, code = str(feed["node"]).partition(":")
        node = framework.get(code) if sep and fw == version.code else None
        if node is not None and writable(node, [str(feed["input"])]):
            targets.append((code, str(feed["input"])))
    if not targets:
        return []
    stored = {
        (row.node_code, row.input_name): row
        for row in InputValue.objects.filter(
            assessment=assessment, node_code__in={code for code, _ in targets}
        )
    }
    return [
        FedInput(code, name, row.value, row.version, framework[code].input(name))
        if (row := stored.get((code, name)))
        else FedInput(code, name, "", 0, framework[code].input(name))
        for code, name in targets
    ]
