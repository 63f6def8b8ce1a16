"""Sample sizes: N per unit and service (entered or from the dossier log) and the quotas."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from parindex.surveys import plan_samples, sample_size
from parindex.web.accounts.models import User
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit
from parindex.web.surveys import population
from parindex.web.surveys.models import PopulationSource, Survey, SurveyQuota
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.questionnaire import form_of, question_codes
from parindex.web.surveys.services.selectors import log_agencies, log_populations


def quota_set(
    *,
    survey: Survey,
    unit_code: str,
    service_code: str = "",
    population: int,
    actor: User | None,
    org_unit: Unit | None = None,
    log_agency: str | None = None,
) -> SurveyQuota:
    """Enter N for a cell (created if new); n is recomputed with the survey's margin."""
    if population < 0:
        raise SurveyServiceError("bad_population")
    form = form_of(survey)
    for question, code in ((form.unit_question, unit_code), (form.service_question, service_code)):
        if code and code not in question_codes(form, question):
            raise SurveyServiceError("unknown_code", value=code)
    if not unit_code:
        raise SurveyServiceError("unknown_code", value="")
    with transaction.atomic():
        quota, _ = SurveyQuota.objects.select_for_update().get_or_create(
            survey=survey, unit_code=unit_code, service_code=service_code
        )
        quota.population = population
        quota.population_source = PopulationSource.ENTERED
        quota.target = sample_size(population, survey.margin)
        if org_unit is not None:
            quota.org_unit = org_unit
        if log_agency is not None:
            quota.log_agency = log_agency
        quota.save()
        audit_record(
            actor=actor,
            action="surveys.quota",
            obj=survey,
            object_type="survey",
            field=f"{unit_code}/{service_code}",
            after=str(population),
        )
    return quota


def service_map_set(
    *,
    survey: Survey,
    service_map: Mapping[str, Any],
    actor: User | None,
    agencies: Mapping[str, str] | None = None,
) -> Survey:
    """Store which fields and procedure codes of the log each service covers, and optionally
    each unit's agency codes in the log (``{unit_code: "01.STP, 01.STP2"}``)."""
    form = form_of(survey)
    try:
        clean = population.validate(service_map, question_codes(form, form.service_question))
    except population.MapError as e:
        raise SurveyServiceError(e.code, value=e.value) from e
    units = set(question_codes(form, form.unit_question))
    agency_texts = {}
    for unit, codes in (agencies or {}).items():
        if unit not in units:
            raise SurveyServiceError("unknown_code", value=unit)
        agency_texts[unit] = ", ".join(c.strip() for c in codes.split(",") if c.strip())
        if len(agency_texts[unit]) > 255:
            raise SurveyServiceError("agencies_too_long", value=unit)
    with transaction.atomic():
        before = survey.service_map
        survey.service_map = clean
        survey.save(update_fields=["service_map"])
        for unit, text in agency_texts.items():
            quota, _ = SurveyQuota.objects.get_or_create(
                survey=survey, unit_code=unit, service_code=""
            )
            if quota.log_agency != text:
                quota.log_agency = text
                quota.save(update_fields=["log_agency"])
        audit_record(
            actor=actor,
            action="surveys.service_map",
            obj=survey,
            object_type="survey",
            field="service_map",
            before=json.dumps(before, ensure_ascii=False) if before is not None else "",
            after=json.dumps(clean, ensure_ascii=False),
        )
    return survey


_UNMAPPED = "\x00unmapped"


def quotas_from_log(
    *,
    survey: Survey,
    actor: User | None,
    populations: Mapping[str, int] | None = None,
    cells: Mapping[tuple[str, str], int] | None = None,
) -> list[SurveyQuota]:
    """Take N per unit and per unit × service from the dossier log.

    A unit-wide quota takes its agencies' dossiers (``log_agency``; default the unit code) and
    n = N/(1+N·e²). The unit's n is then shared among its services in proportion to their N
    (largest remainder; dossiers no service takes keep their share in the unit's total), so
    the cells add up to the unit's sample. Units absent from the log keep their entered N.
    Returns the quotas updated (unit-wide first).
    """
    if populations is None:
        populations, cells = log_populations(survey)
    cells = cells or {}
    if not populations:
        raise SurveyServiceError("no_log")
    form = form_of(survey)
    services = question_codes(form, form.service_question)
    updated = []
    with transaction.atomic():
        unit_quotas = SurveyQuota.objects.select_for_update().filter(survey=survey, service_code="")
        found = {}
        for quota in unit_quotas:
            keys = [quota.unit_code, *log_agencies(quota)]
            n_pop = next((populations[a] for a in keys if a in populations), None)
            if n_pop is None:
                continue
            found[quota.unit_code] = n_pop
            quota.population = n_pop
            quota.population_source = PopulationSource.LOG
            quota.target = sample_size(n_pop, survey.margin)
            quota.save()
            updated.append(quota)
        existing = {
            (q.unit_code, q.service_code): q
            for q in SurveyQuota.objects.select_for_update().filter(
                survey=survey, unit_code__in=list(found)
            )
            if q.service_code
        }
        for unit, total in found.items():
            unit_cells = {(unit, s): cells.get((unit, s), 0) for s in services}
            rest = total - sum(unit_cells.values())
            plan = plan_samples(
                {**unit_cells, (unit, _UNMAPPED): max(rest, 0)},
                survey.margin,
                allocation="proportional",
            )
            for service in services:
                n_pop, quota = unit_cells[(unit, service)], existing.get((unit, service))  # type: ignore[assignment]  # `quota` is reused; None is checked below
                if n_pop == 0 and quota is None:
                    continue
                if quota is None:
                    quota = SurveyQuota(survey=survey, unit_code=unit, service_code=service)
                quota.population = n_pop
                quota.population_source = PopulationSource.LOG
                quota.target = plan[(unit, service)].target
                quota.save()
                updated.append(quota)
        audit_record(
            actor=actor,
            action="surveys.quota_log",
            obj=survey,
            object_type="survey",
            after=str(len(updated)),
        )
    return updated
