"""What the dossier pages show, built from the services and the indicators package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from parindex.indicators import IndicatorError, preview
from parindex.web.assessments.models import Assessment
from parindex.web.dossiers import raw, results, services, text
from parindex.web.dossiers.forms import FilterForm
from parindex.web.dossiers.models import DossierUpload
from parindex.web.dossiers.permissions import assessments_of, can_apply
from parindex.web.organisations.models import Unit
from parindex.web.site.params import int_param


def lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


@dataclass
class PreviewPage:
    header_row: int | None
    columns: dict[str, str]
    headers: list[str]
    rows: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    error: str = ""


def preview_page(upload: DossierUpload, mapping: dict[str, Any], n: int = 20) -> PreviewPage:
    """The first rows as they will be read, or the reason the file cannot be read so."""
    path = services.upload_path(upload)
    try:
        pv = preview(path, mapping or None, n=n)
    except IndicatorError as exc:
        where = f" [{exc.column}]" if exc.column else ""
        found = raw.headers(path, mapping.get("header_row") or exc.row)
        return PreviewPage(None, {}, found, [], [], f"{text.reason(exc.reason)}{where}")
    headers = raw.headers(path, pv.header_row) or list(
        dict.fromkeys([*pv.columns.values(), *pv.unmatched_headers])
    )
    problems = [{**p.as_dict(), "reason_text": text.reason(p.reason)} for p in pv.problems]
    return PreviewPage(pv.header_row, pv.columns, headers, pv.rows, problems)


def mapping_of(form: Any) -> dict[str, Any]:
    """The mapping a valid MappingForm describes."""
    return services.mapping_from_form(
        form.columns(),
        form.cleaned_data["header_row"],
        {"level": form.cleaned_data["default_level"]},
    )


def problem_rows(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**p, "reason_text": text.reason(str(p.get("reason", "")))} for p in errors]


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
    rows = [
        {
            "node": v.node,
            "input": name,
            "value": services.input_text(x),
            "current": current.get((v.node, name), ""),
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
    grids = results.indicator_grids(ds, year, flt, None if only is None else {only})
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
        "query": params.urlencode() if hasattr(params, "urlencode") else "",
    }
