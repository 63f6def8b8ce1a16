"""Template helpers of the dossier pages, and the provenance shown next to an input's value."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from parindex.core.model import InputSpec
from parindex.presentation.answers import answer_text
from parindex.presentation.numbers import fmt_count, fmt_date, fmt_percent, fmt_points
from parindex.web.dossiers.forms import FIELDS, VALUE_LABELS
from parindex.web.dossiers.models import AppliedIndicator
from parindex.web.dossiers.permissions import sees_dossiers
from parindex.web.dossiers.text import HEADERS
from parindex.web.site.language import lang

register = template.Library()


@register.simple_tag
def cell(value: Any, column: str, rates: Any = ()) -> str:
    """A table cell through the one formatter: rates as percentages (97,52%), whole numbers
    grouped (185.443), other numbers as points (1,4628; 0,5: never 0,5000), a year as it is
    (2020), labels for codes, blanks as a dash."""
    if value is None:
        return "—"
    if column in VALUE_LABELS and value in VALUE_LABELS[column]:
        return str(VALUE_LABELS[column][value])
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, datetime.date):
        return fmt_date(value, lang())
    if isinstance(value, int | float | Decimal):
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        if column in rates:
            return fmt_percent(number * 100, lang())
        if column == "year" and number == number.to_integral_value():
            return str(int(number))
        if number == number.to_integral_value():
            return fmt_count(number, lang())
        return fmt_points(number, lang())
    return str(value)


@register.filter
def row_cells(row: list[Any], columns: list[str]) -> list[tuple[Any, str]]:
    return list(zip(row, columns, strict=False))


def _applied_of(assessment: Any) -> tuple[dict[str, dict[str, AppliedIndicator]], dict]:
    # Loaded once per assessment object: the page includes this for every node (no N+1).
    cached = getattr(assessment, "_dossier_applied", None)
    if cached is None:
        latest: dict[str, dict[str, AppliedIndicator]] = {}
        for row in AppliedIndicator.objects.filter(assessment=assessment):  # newest first
            latest.setdefault(row.node_code, {}).setdefault(row.input_name, row)
        current = {}
        if latest:
            current = {
                (r.node_code, r.input_name): r.value
                for r in assessment.inputs.filter(node_code__in=list(latest))
            }
        cached = (latest, current)
        assessment._dossier_applied = cached
    return cached


@register.simple_tag
def applied_inputs(assessment: Any, code: str) -> list[dict[str, Any]]:
    """The latest value applied from the dossier log for each input of a node, if any.

    Flags a value changed by hand since (the stored input no longer equals the applied one).
    """
    if assessment is None or not code:
        return []
    latest, current = _applied_of(assessment)
    rows = sorted(latest.get(code, {}).items())
    specs = _input_specs(assessment, code) if rows else {}
    return [
        {
            "row": row,
            "p": row.provenance,
            "edited": current.get((code, name)) != row.value,
            **applied_words(assessment, code, row, specs),
        }
        for name, row in rows
    ]


def applied_words(
    assessment: Any, code: str, row: AppliedIndicator, specs: dict[str, InputSpec] | None = None
) -> dict[str, str]:
    """An applied input in words: its title ('Số hồ sơ giải quyết đúng hạn'), never its key,
    its value as the one formatter writes it ('180.840') and its indicator ('Tỷ lệ đúng hạn')."""
    if specs is None:
        specs = _input_specs(assessment, code)
    spec = specs.get(row.input_name)
    label = spec.label(lang()) if spec is not None else field_label(row.input_name)
    indicator = str(row.provenance.get("indicator") or "")
    return {
        "label": label,
        "value": answer_text(spec, row.value, lang()),
        "indicator": str(HEADERS.get(indicator, indicator)),
    }


def _input_specs(assessment: Any, code: str) -> dict[str, InputSpec]:
    """The inputs of ``code`` in the assessment's framework, by name (words, kinds, units)."""
    node = assessment.campaign.framework_version.framework().get(code)
    return {spec.name: spec for spec in node.inputs} if node is not None else {}


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag
def dossiers_visible(user: Any) -> bool:
    """The header's link to the dossier-log pages: for users who belong to a province."""
    return sees_dossiers(user)


@register.filter
def field_label(name: str) -> str:
    """A column of the normalised log in words ("Mã hồ sơ", not ``dossier_id``)."""
    return str(FIELDS.get(name, name))
