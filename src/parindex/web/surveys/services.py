"""Writes and reads of the web surveys: creating a survey, quotas, codes, answers, imports,
results and applying them to an assessment.

The questionnaire, response parsing, sampling and the index are ``parindex.surveys``; this
module keeps rows and audit events and turns rows back into the core's objects.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from parindex.surveys import (
    Estimate,
    Response,
    SurveyResults,
    compare_previous,
    compare_target,
    compute_results,
    framework_inputs,
    load_sipas,
    overall_index,
    parse_xlsform,
    plan_samples,
    read_responses,
    read_xlsform,
    sample_size,
    xlsform_sheets,
)
from parindex.surveys import Survey as Form
from parindex.surveys.responses import STRICT as STRICT_TOLERANCE
from parindex.surveys.results import SIPAS_FEEDS
from parindex.web.accounts.models import User
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit
from parindex.web.surveys import population
from parindex.web.surveys.models import (
    Access,
    AppliedSurveyResult,
    FormSource,
    ImportBatch,
    InvitationCode,
    PopulationSource,
    ResponseSource,
    Survey,
    SurveyQuota,
    SurveyResponse,
    SurveyStatus,
)

# Codes are read aloud and typed on phones: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_CODES = 5000
IMPORT_EXTENSIONS = (".csv", ".xlsx", ".tsv", ".txt")


class SurveyServiceError(Exception):
    """A refused survey operation; ``code`` is a stable word the page translates."""

    def __init__(self, code: str, **detail: object) -> None:
        self.code = code
        self.detail = detail
        super().__init__(code)


# --- the questionnaire -----------------------------------------------------------------------

_FORMS: dict[str, Form] = {}


def form_of(survey: Survey) -> Form:
    """The survey's questionnaire, parsed once per form hash."""
    form = _FORMS.get(survey.form_sha256)
    if form is None:
        form = parse_xlsform(survey.form_sheets, source=survey.form_name)
        _FORMS[survey.form_sha256] = form
    return form


def _sheets_sha(sheets: Mapping[str, Any]) -> str:
    text = json.dumps(sheets, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_uploaded_form(name: str, content: bytes) -> Form:
    """Parse an uploaded XLSForm workbook; raises the core's ``FormError``."""
    if not name.lower().endswith(".xlsx"):
        raise SurveyServiceError("form_not_xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "form.xlsx"
        path.write_bytes(content)
        try:
            return read_xlsform(path)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # not a workbook
            raise SurveyServiceError("form_unreadable") from exc


def _unique_slug(base: str) -> str:
    slug = slugify(base)[:60] or "khao-sat"
    candidate, n = slug, 1
    while Survey.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def survey_create(
    *,
    province: Unit,
    title: str,
    year: int,
    actor: User | None,
    form: Form | None = None,
    form_name: str = "",
    margin: Decimal = Decimal("0.05"),
    access: str = Access.CODE,
    target: Decimal | None = None,
    previous_index: Decimal | None = None,
    is_demo: bool = False,
    slug: str | None = None,
) -> Survey:
    """Create a survey from the shipped SIPAS form (``form`` None) or an uploaded one.

    One quota row per unit of the form's unit list is created with N = 0 (to be entered or
    taken from the dossier log).
    """
    if not Decimal(0) < margin < Decimal(1):
        raise SurveyServiceError("bad_margin")
    source = FormSource.UPLOAD if form is not None else FormSource.SIPAS
    form = form if form is not None else load_sipas()
    sheets = xlsform_sheets(form)
    with transaction.atomic():
        survey = Survey.objects.create(
            slug=slug or _unique_slug(f"sipas-{province.name}-{year}"),
            title=title,
            year=year,
            province=province,
            form_source=source,
            form_name=form_name or "sipas.xlsx",
            form_sheets=sheets,
            form_sha256=_sheets_sha(sheets),
            margin=margin,
            access=access,
            target=target,
            previous_index=previous_index,
            is_demo=is_demo,
            created_by=actor,
        )
        try:
            units = form.choice_codes(form.question(form.unit_question))
        except KeyError:
            units = ()
        SurveyQuota.objects.bulk_create(
            SurveyQuota(survey=survey, unit_code=u, log_agency=u) for u in units
        )
        audit_record(actor=actor, action="surveys.create", obj=survey, object_type="survey")
    return survey


def survey_status_set(*, survey: Survey, status: str, actor: User | None) -> Survey:
    if status not in SurveyStatus.values:
        raise SurveyServiceError("bad_status")
    with transaction.atomic():
        before = survey.status
        survey.status = status
        survey.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="surveys.status",
            obj=survey,
            object_type="survey",
            field="status",
            before=before,
            after=status,
        )
    return survey


# --- sampling ----------------------------------------------------------------------------------


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
        if code and code not in _codes(form, question):
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


def service_map_of(survey: Survey) -> dict[str, Any]:
    """The survey's service map: the one entered, else the default for its form's services."""
    if survey.service_map is not None:
        return survey.service_map
    form = form_of(survey)
    return population.default_map(_codes(form, form.service_question))


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
        clean = population.validate(service_map, _codes(form, form.service_question))
    except population.MapError as e:
        raise SurveyServiceError(e.code, value=e.value) from e
    units = set(_codes(form, form.unit_question))
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


def log_rows(survey: Survey) -> list[dict[str, Any]]:
    """Dossiers received in the survey's year per agency, field and procedure of the log."""
    try:
        from parindex.indicators import compute
        from parindex.web.dossiers.results import dataset
    except ImportError:  # the dossier app is optional
        return []
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


def _agencies(quota: SurveyQuota) -> list[str]:
    """The log's agency codes (or names) of a unit: ``log_agency``, comma-separated."""
    codes = [c.strip() for c in (quota.log_agency or "").split(",") if c.strip()]
    return codes or [quota.unit_code]


def log_populations(survey: Survey) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """N per unit and per (unit, service) from the province's dossier log of the survey year."""
    rows = log_rows(survey)
    if not rows:
        return {}, {}
    wide = SurveyQuota.objects.filter(survey=survey, service_code="")
    agencies = {q.unit_code: _agencies(q) for q in wide}
    return population.populations(rows, agencies, service_map_of(survey))


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
    services = _codes(form, form.service_question)
    updated = []
    with transaction.atomic():
        unit_quotas = SurveyQuota.objects.select_for_update().filter(survey=survey, service_code="")
        found = {}
        for quota in unit_quotas:
            keys = [quota.unit_code, *_agencies(quota)]
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
                n_pop, quota = unit_cells[(unit, service)], existing.get((unit, service))
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
    units = {c: i for i, c in enumerate(_codes(form, form.unit_question))}
    services = {c: i for i, c in enumerate(_codes(form, form.service_question))}
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


# --- invitation codes --------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def invitation_codes_generate(
    *, survey: Survey, count: int, actor: User | None
) -> list[InvitationCode]:
    """Create ``count`` random single-use codes (1 to 5 000 at a time)."""
    if not 1 <= count <= MAX_CODES:
        raise SurveyServiceError("bad_count", maximum=MAX_CODES)
    with transaction.atomic():
        codes: set[str] = set()
        while len(codes) < count:
            codes.add(new_code())
        taken = set(InvitationCode.objects.filter(code__in=codes).values_list("code", flat=True))
        codes -= taken
        while len(codes) < count:  # astronomically rare collisions: draw again
            c = new_code()
            if not InvitationCode.objects.filter(code=c).exists():
                codes.add(c)
        rows = InvitationCode.objects.bulk_create(
            InvitationCode(survey=survey, code=c) for c in sorted(codes)
        )
        audit_record(
            actor=actor,
            action="surveys.codes",
            obj=survey,
            object_type="survey",
            after=str(count),
        )
    return rows


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


# --- responses ---------------------------------------------------------------------------------


def _codes(form: Form, question: str) -> tuple[str, ...]:
    try:
        return form.choice_codes(form.question(question))
    except KeyError:
        return ()


def encode_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """Answers as JSON: tuples as lists, decimals as text."""
    return {
        k: (list(v) if isinstance(v, tuple) else str(v) if isinstance(v, Decimal) else v)
        for k, v in answers.items()
    }


def response_submit(
    *,
    survey: Survey,
    answers: Mapping[str, object],
    code: str | None = None,
) -> SurveyResponse:
    """Store an answer given on the public form (already validated against the form).

    In a survey answered with invitation codes the code must exist, belong to the survey and
    be unused; it is locked and marked used in the same transaction, so two concurrent posts
    of one code store one response.
    """
    if survey.status != SurveyStatus.OPEN:
        raise SurveyServiceError("not_open")
    form = form_of(survey)
    with transaction.atomic():
        invitation = None
        if survey.access == Access.CODE:
            invitation = (
                InvitationCode.objects.select_for_update()
                .filter(survey=survey, code=normalise_code(code or ""))
                .first()
            )
            if invitation is None:
                raise SurveyServiceError("unknown_code")
            if invitation.response_id is not None:
                raise SurveyServiceError("code_used")
        response = SurveyResponse.objects.create(
            survey=survey,
            source=ResponseSource.WEB,
            source_id=f"web-{uuid.uuid4()}",
            unit_code=str(answers.get(form.unit_question, "")),
            service_code=str(answers.get(form.service_question, "")),
            answers=encode_answers(answers),
            submitted_at=timezone.now().isoformat(timespec="seconds"),
        )
        if invitation is not None:
            invitation.response = response
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["response", "used_at"])
    return response


@dataclass(frozen=True)
class ImportOutcome:
    batch: ImportBatch
    created: bool  # False: the same file was imported before (nothing done)


def responses_import(
    *,
    survey: Survey,
    file_name: str,
    content: bytes,
    actor: User | None,
    tool: str | None = None,
) -> ImportOutcome:
    """Import an export of KoboToolbox, ODK Central or LimeSurvey: all or nothing, idempotent.

    A file already imported (same SHA-256) is a no-op. Every row must be valid (the core's
    ``ResponsesRejected`` lists the bad ones, nothing is stored). A response id already stored
    with the same answers is skipped; with different answers the whole file is refused
    (``SurveyServiceError('changed_responses')``): a stored response is never replaced.
    """
    suffix = Path(file_name).suffix.lower()
    if suffix not in IMPORT_EXTENSIONS:
        raise SurveyServiceError("bad_extension", allowed=", ".join(IMPORT_EXTENSIONS))
    sha = hashlib.sha256(content).hexdigest()
    existing = ImportBatch.objects.filter(survey=survey, sha256=sha).first()
    if existing is not None:
        return ImportOutcome(existing, False)
    form = form_of(survey)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"responses{suffix}"
        path.write_bytes(content)
        batch_read = read_responses(path, form, tool=tool, tolerance=STRICT_TOLERANCE)
    source = (
        batch_read.mapping.tool if batch_read.mapping.tool in ResponseSource.values else "generic"
    )
    incoming = {r.id: encode_answers(r.answers) for r in batch_read.responses}
    stored = dict(
        SurveyResponse.objects.filter(survey=survey, source_id__in=list(incoming)).values_list(
            "source_id", "answers"
        )
    )
    changed = sorted(rid for rid, ans in stored.items() if ans != incoming[rid])
    if changed:
        raise SurveyServiceError("changed_responses", ids=changed[:20], count=len(changed))
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                survey=survey,
                tool=source,
                file_name=file_name[:255],
                sha256=sha,
                rows=batch_read.rows,
                imported=len(incoming) - len(stored),
                skipped=len(stored),
                mapping=batch_read.mapping.as_dict(),
                created_by=actor,
            )
            SurveyResponse.objects.bulk_create(
                SurveyResponse(
                    survey=survey,
                    source=source,
                    source_id=r.id,
                    unit_code=str(r.answers.get(form.unit_question, "")),
                    service_code=str(r.answers.get(form.service_question, "")),
                    answers=incoming[r.id],
                    submitted_at=(r.submitted_at or "")[:64],
                    batch=batch,
                )
                for r in batch_read.responses
                if r.id not in stored
            )
            audit_record(
                actor=actor,
                action="surveys.import",
                obj=survey,
                object_type="survey",
                field=file_name[:100],
                after=f"{batch.imported}+{batch.skipped}",
            )
    except IntegrityError as exc:  # a concurrent import of the same file or ids
        raise SurveyServiceError("concurrent_import") from exc
    return ImportOutcome(batch, True)


# --- results -----------------------------------------------------------------------------------


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


def survey_results(survey: Survey, unit_codes: Iterable[str] | None = None) -> SurveyResults:
    return compute_results(form_of(survey), core_responses(survey, unit_codes))


def previous_survey(survey: Survey) -> Survey | None:
    """Last year's survey of the same province (the most recent one with responses)."""
    return (
        Survey.objects.filter(province_id=survey.province_id, year=survey.year - 1)
        .filter(responses__isnull=False)
        .distinct()
        .order_by("-id")
        .first()
    )


@dataclass(frozen=True)
class Comparisons:
    previous: Any  # parindex.surveys.results.Comparison | None
    previous_source: str  # "survey" (last year's answers), "published" (a figure) or ""
    target: Any  # TargetCheck | None


def comparisons(survey: Survey, overall: Estimate) -> Comparisons:
    """This year's overall index against last year's and the plan's target."""
    if overall.value is None:
        return Comparisons(None, "", None)
    previous, source = None, ""
    last = previous_survey(survey)
    if last is not None:
        est = survey_results(last).overall.overall
        if est.value is not None:
            previous, source = compare_previous(overall, est), "survey"
    if previous is None and survey.previous_index is not None:
        previous, source = compare_previous(overall, survey.previous_index), "published"
    target = compare_target(overall, survey.target) if survey.target is not None else None
    return Comparisons(previous, source, target)


@dataclass(frozen=True)
class Summary:
    survey: Survey
    respondents: int
    overall: Estimate
    factors: dict[str, Estimate]


def survey_summary(unit: Unit, year: int) -> Summary | None:
    """The overall index and per-factor figures of the province's survey of ``year``, or None.

    ``unit`` is the province (or any unit below it). The most recent survey of that year with
    responses is used; demo surveys count like any other (they are labelled on their pages).
    """
    province = unit
    seen = 0
    while province.parent_id is not None and province.kind != "province" and seen < 10:
        province = province.parent  # type: ignore[assignment]
        seen += 1
    survey = (
        Survey.objects.filter(province=province, year=year, responses__isnull=False)
        .distinct()
        .order_by("-id")
        .first()
    )
    if survey is None:
        return None
    # Only the overall and per-factor figures: the unit and service breakdowns of
    # ``survey_results`` are not needed here (the province dashboard calls this on every view).
    responses = core_responses(survey)
    overall, factors = overall_index(form_of(survey), responses)
    if overall.value is None:
        return None
    return Summary(survey, len(responses), overall, factors)


# --- feeding an assessment ---------------------------------------------------------------------


def survey_apply(
    *, survey: Survey, assessment: Any, actor: User | None
) -> list[AppliedSurveyResult]:
    """Hand the survey's figures to the framework items of the assessment that use them.

    The feeds (``parindex/surveys/feeds.yaml``) say which node and input each figure goes to.
    An input of a self-assessed sub-criterion is written through the assessments service (its
    locks, deadlines and optimistic versions apply); a survey-scored item (the Ministry scores
    it) only records the figure with its provenance, for the council and the report.
    """
    from parindex.web.assessments.models import InputValue as StoredInput
    from parindex.web.assessments.services.inputs import assessment_input_set

    framework_version = assessment.campaign.framework_version
    results = survey_results(survey)
    values = framework_inputs(results, SIPAS_FEEDS, framework=framework_version.code)
    if not values:
        raise SurveyServiceError("nothing_to_apply")
    framework = framework_version.framework()
    group = results.overall
    provenance = {
        "survey": survey.pk,
        "survey_title": survey.title,
        "year": survey.year,
        "respondents": group.respondents,
        "responses": SurveyResponse.objects.filter(survey=survey).count(),
        "form_sha256": survey.form_sha256,
        "method": "share of 4-5 answers, factors averaged (docs/sipas.md)",
        "low": str(group.overall.low),
        "high": str(group.overall.high),
        "demo": survey.is_demo,
        "computed_at": timezone.now().isoformat(timespec="seconds"),
    }
    rows = []
    with transaction.atomic():
        for node_code, inputs in values.items():
            node = framework.get(node_code)
            if node is None:
                continue
            writable = node.is_leaf and node.scored_by == "self"
            texts = {name: format(v.normalize(), "f") for name, v in inputs.items()}
            if writable and all(node.input(n) is not None for n in texts):
                versions = dict(
                    StoredInput.objects.filter(
                        assessment=assessment, node_code=node_code
                    ).values_list("input_name", "version")
                )
                assessment_input_set(
                    assessment=assessment,
                    node_code=node_code,
                    values=texts,
                    versions=versions,
                    actor=actor,
                    feed=True,  # survey figures: the secretariat's (assessments' input rule)
                )
            else:
                writable = False
            for name, text in texts.items():
                rows.append(
                    AppliedSurveyResult.objects.create(
                        assessment=assessment,
                        survey=survey,
                        node_code=node_code,
                        input_name=name,
                        value=text,
                        written=writable,
                        provenance=provenance,
                        applied_by=actor,
                    )
                )
                audit_record(
                    actor=actor,
                    action="surveys.apply",
                    obj=assessment,
                    object_type="assessment",
                    field=f"{node_code}/{name}",
                    after=text,
                )
    if not rows:
        raise SurveyServiceError("nothing_to_apply")
    return rows
