"""What the dossier pages show, built from the services and the indicators package."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from parindex.indicators import IndicatorError, preview
from parindex.presentation.answers import answer_text
from parindex.presentation.numbers import fmt_number
from parindex.web.assessments.models import Assessment
from parindex.web.dossiers import conf, raw, results, services, text
from parindex.web.dossiers.forms import FilterForm, MappingForm, UploadForm, too_large_message
from parindex.web.dossiers.models import DossierUpload, ImportJob, SavedMapping
from parindex.web.dossiers.permissions import assessments_of, can_apply
from parindex.web.organisations.models import Unit
from parindex.web.site.language import lang
from parindex.web.site.params import int_param

SHOWN = 200  # bad rows the preview lists (the count is always exact)


@dataclass
class PreviewPage:
    header_row: int | None
    columns: dict[str, str]
    headers: list[str]
    rows: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    error: str = ""
    reading: dict[str, Any] = field(default_factory=dict)


def reading_of(info: dict[str, Any] | None) -> dict[str, Any]:
    """What figures rest on (``Table.about()`` or a provenance's ``reading``), for a template."""
    if not info:
        return {}
    out = dict(info)
    when = out.get("as_of") or out.get("last_date")
    out["as_of"] = datetime.date.fromisoformat(when) if isinstance(when, str) else when
    out.setdefault("as_of_rule", "export")
    out["more"] = (out.get("rows_left_out") or 0) > len(out.get("left_out_rows") or [])
    return out


def upload_limits() -> dict[str, Any]:
    """What the upload form's script needs to refuse a file too large before sending it."""
    limit = conf.max_upload_bytes()
    mb = fmt_number(limit // (1024 * 1024), lang())
    return {
        "max_upload_bytes": limit,
        "too_large": too_large_message(),
        "upload_limit": _("Dung lượng tối đa: %(mb)s MB.") % {"mb": mb},
    }


def _wants_json(request: HttpRequest) -> bool:
    """The upload form's script asks for JSON (it shows the progress, then goes on itself)."""
    return "application/json" in request.headers.get("Accept", "")


def upload_done(request: HttpRequest, location: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"location": location})
    return redirect(location)


def upload_refused(
    request: HttpRequest, province: Unit, form: UploadForm, message: str = ""
) -> HttpResponse:
    """The upload refused: 413 for a file over the maximum size, else 400, with why."""
    status = 413 if form.refused else 400
    if _wants_json(request):
        found = [str(e) for errors in form.errors.values() for e in errors]
        return JsonResponse({"errors": [message] if message else found}, status=status)
    if message:
        messages.error(request, message)
        return redirect("dossiers:index", province.pk)
    context = {"province": province, "can_manage": True, "form": form, "jobs": [], "uploads": []}
    return render(request, "dossiers/index.html", {**context, **upload_limits()}, status=status)


def preview_page(upload: DossierUpload, mapping: dict[str, Any], n: int = 20) -> PreviewPage:
    """The first rows as they will be read, or the reason the file cannot be read so."""
    path = services.upload_path(upload)
    try:
        pv = preview(path, mapping or None, n=n)
    except IndicatorError as exc:
        where = f" [{exc.column}]" if exc.column else ""
        found = raw.headers(path, mapping.get("header_row") or exc.row)
        hint = text.details(exc.detail)
        message = f"{text.reason(exc.reason)}{where}{hint}"
        listed = [text.problem(p.as_dict()) for p in getattr(exc, "problems", [])]
        return PreviewPage(None, {}, found, [], listed, message)
    headers = raw.headers(path, pv.header_row) or list(
        dict.fromkeys([*pv.columns.values(), *pv.unmatched_headers])
    )
    # Every bad row of the file, as the import will leave them out (not only those shown).
    found = pv.reading.problems if pv.reading else tuple(pv.problems)  # type: ignore[assignment]  # `found` is reused for the reading problems
    problems = [text.problem(p.as_dict()) for p in found[:SHOWN]]  # type: ignore[attr-defined]  # `found` is reused for the reading problems
    summary = reading_of(pv.reading.summary()) if pv.reading else {}
    return PreviewPage(pv.header_row, pv.columns, headers, pv.rows, problems, reading=summary)


def preset_mapping(province: Unit, pk: str | None) -> dict[str, Any]:
    """The saved mapping the preview starts from (``?mapping=<pk>``), or none."""
    preset = SavedMapping.objects.filter(province=province, pk=int_param(pk, 0)).first()  # type: ignore[misc]  # the stubs' model typing is narrower than what the code passes (see the line)
    return preset.mapping if preset else {}


def preview_context(
    province: Unit, upload: DossierUpload, mapping: dict[str, Any], form: MappingForm | None
) -> dict[str, Any]:
    """The preview page: the rows as ``mapping`` reads them and the form (posted or fresh)."""
    page = preview_page(upload, mapping)
    if form is None:
        form = MappingForm(headers=page.headers, initial=MappingForm.initial_from(mapping))
    saved = SavedMapping.objects.filter(province=province)
    return {"province": province, "upload": upload, "page": page, "form": form, "saved": saved}


def mapping_of(form: Any) -> dict[str, Any]:
    """The mapping a valid MappingForm describes."""
    return services.mapping_from_form(
        form.columns(),
        form.cleaned_data["header_row"],
        {"level": form.cleaned_data["default_level"]},
    )


def problem_rows(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [text.problem(p) for p in errors]


def job_context(province: Unit, job: ImportJob) -> dict[str, Any]:
    """The job page: progress, then what the import read, used and left out, and why."""
    result = job.result or {}
    return {
        "province": province,
        "job": job,
        "stage": text.STAGES.get(job.stage, job.stage),
        "failure": text.JOB_FAILURES.get(job.error, ""),
        "problems": problem_rows(job.errors),
        "reading": reading_of(result.get("reading")),
        "refused": job.error == "too_many_bad_rows",
        "rows_estimated": result.get("rows_estimated"),
    }


@dataclass
class InputsView:
    assessment: Assessment
    rows: list[dict[str, Any]]
    versions: dict[str, dict[str, int]]
    can_apply: bool
    error: str = ""


def inputs_view(user: Any, province: Unit, assessment: Assessment) -> InputsView:
    """The inputs the log gives for an assessment, next to the values it holds now."""
    versions = services.stored_versions(assessment)
    current = {
        (r.node_code, r.input_name): r.value
        for r in assessment.inputs.all()  # type: ignore[attr-defined]
    }
    try:
        values = services.computed_inputs(province, assessment)
    except IndicatorError as exc:
        return InputsView(assessment, [], versions, False, text.reason(exc.reason))
    framework = assessment.campaign.framework_version.framework()
    language = lang()

    def spec(code: str, name: str) -> Any:
        node = framework.get(code)
        return node.input(name) if node is not None else None

    rows = [
        {
            "node": v.node,
            "input": name,
            # what the page shows: the input's label and the stored answer in words
            "input_label": spec(v.node, name).label(language) if spec(v.node, name) else name,
            "value": services.input_text(x),
            "current": current.get((v.node, name), ""),
            "current_text": answer_text(spec(v.node, name), current.get((v.node, name)), language),
            "provenance": v.provenance,
        }
        for v in values
        for name, x in v.values.items()
    ]
    allowed = bool(rows) and can_apply(user, assessment)
    return InputsView(assessment, rows, versions, allowed)


def results_context(
    user: Any, province: Unit, params: Any, only: str | None = None
) -> dict[str, Any]:
    """The results page: filters, indicator tables, inputs for an assessment, drill-downs.

    ``only`` names the one table an export needs (a grouping, a node, or ``inputs``).
    """
    ds = results.dataset(province)
    candidates = assessments_of(user, province)
    if ds is None:
        return {"empty": True, "province": province}
    years = results.years(ds)
    year = int_param(params.get("year"))
    if year not in years:
        year = years[0] if years else None
    form = FilterForm(
        params,
        years=years,
        agencies=results.agencies(ds, year),
        assessments=[(a.pk, str(a)) for a in candidates],
    )
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    flt = results.where(data.get("level") or None, data.get("agency") or None)
    grids, about = results.indicator_grids(ds, year, flt, None if only is None else {only})
    nodes = [n for n in results.DRILL_NODES if only in (None, n)]
    drills: dict[str, Any] = {}
    if year is not None and nodes:
        try:
            drills = {node: results.drilldown_of(ds, node, year) for node in nodes}
        except IndicatorError:
            drills = {}
    chosen = next((a for a in candidates if a.pk == data.get("assessment")), None)
    if only not in (None, "inputs"):
        chosen = None
    return {
        "province": province,
        "form": form,
        "year": year,
        "grids": grids,
        "drills": {node: results.drill_grids(dd) for node, dd in drills.items()},
        "drilldowns": drills,
        "inputs": inputs_view(user, province, chosen) if chosen else None,
        "headers": text.headers(),
        "reading": reading_of(about),
        "query": params.urlencode() if hasattr(params, "urlencode") else "",
    }
