"""Template helpers of the dossier pages, and the provenance shown next to an input's value."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from parindex.indicators.definitions import Term, load_definitions, where_terms
from parindex.presentation.numbers import fmt_count, fmt_date, fmt_percent, fmt_points
from parindex.web.dossiers.forms import FIELDS, VALUE_LABELS
from parindex.web.dossiers.models import AppliedIndicator
from parindex.web.dossiers.permissions import sees_dossiers
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
def indicator_title(name: Any) -> str:
    """An indicator by its title in the page's language, never its key ("on_time_rate")."""
    return load_definitions().title_of(str(name), lang())


@register.filter
def row_cells(row: list[Any], columns: list[str]) -> list[tuple[Any, str]]:
    return list(zip(row, columns, strict=False))


def _applied_of(assessment: Any) -> tuple[dict[str, dict[str, AppliedIndicator]], dict]:
    # Loaded once per assessment object: the page includes this for every node (no N+1).
    cached = getattr(assessment, "_dossier_applied", None)
    if cached is None:
        latest: dict[str, dict[str, AppliedIndicator]] = {}
        rows = AppliedIndicator.objects.filter(assessment=assessment).select_related(
            "assessment__campaign__framework_version"  # the inputs' labels, in the same query
        )
        for row in rows:  # newest first
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
    rows = latest.get(code, {})
    if not rows:
        return []
    framework = next(iter(rows.values())).assessment.campaign.framework_version.framework()
    node = framework.get(code)
    spec = node.input if node is not None else (lambda name: None)
    return [
        {
            "row": row,
            "p": row.provenance,
            "edited": current.get((code, name)) != row.value,
            "spec": spec(name),  # the input's label and its value in words
        }
        for name, row in sorted(latest.get(code, {}).items())
    ]


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


@register.filter
def where_words(text: Any) -> str | None:
    """A link's filter in words ("Cấp: tỉnh; Hình thức nộp: Trực tuyến"); "" for none, None
    when it is more than plain conditions on the log's columns (shown as stored instead)."""
    terms = where_terms(str(text or ""))
    if terms is None:
        return None
    return "; ".join(_term_words(t) for t in terms)


def _term_words(term: Term) -> str:
    column = str(FIELDS.get(term.column, term.column))
    if term.values == (True,):
        answer = _("có") if term.equal else _("không")
        return _("%(column)s: %(values)s") % {"column": column, "values": answer}
    labels = VALUE_LABELS.get(term.column, {})
    words = [_value_words(column, str(labels.get(str(v), v))) for v in term.values]
    joined = ", ".join(words)
    if term.equal:
        return _("%(column)s: %(values)s") % {"column": column, "values": joined}
    return _("%(column)s: trừ %(values)s") % {"column": column, "values": joined}


def _value_words(column: str, value: str) -> str:
    """A value without its column's word repeated ("Cấp: tỉnh", not "Cấp: Cấp tỉnh")."""
    if value.lower().startswith(column.lower() + " "):
        return value[len(column) + 1 :]
    return value
