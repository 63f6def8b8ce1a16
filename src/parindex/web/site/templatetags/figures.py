"""Template filters of the one formatter (``parindex.presentation.numbers``), in the page's
language; a builtin of every template (settings ``TEMPLATES``), so no page formats a figure
another way. Empty values stay empty.

``{{ x|points }}`` 1,4628 · ``{{ x|percent }}`` 97,52% · ``{{ x|count }}`` 183.500 ·
``{{ x|number }}`` 82,598 · ``{{ x|pp }}`` +1,25 điểm phần trăm · ``{{ x|signed }}`` +0,0372 ·
``{{ d|day }}`` 05/02/2021 · ``{{ t|moment }}`` 05/02/2021 14:30 · ``{{ op|sign }}`` ≥ ·
``{{ measure|target }}`` / ``{{ value|target:op }}`` ≥ 99,00%
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from parindex.core.numbers import to_decimal
from parindex.presentation import numbers
from parindex.web.site.language import lang

register = template.Library()


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _figure(value: Any) -> Any:
    """A stored text ("82.598", as the database keeps inputs) as its Decimal; other as is."""
    if isinstance(value, str):
        try:
            return to_decimal(value)
        except ValueError:
            return None
    return value


def _formatted(value: Any, fmt: Any) -> str:
    figure = _figure(value)
    if figure is None:  # text that is not a machine-written number is shown as it is
        return str(value)
    return str(fmt(figure))


@register.filter
def points(value: Any) -> str:
    """61.4203 → '61,4203' / '61.4203'; 0.5000 → '0,5'."""
    return "" if _empty(value) else _formatted(value, lambda v: numbers.fmt_points(v, lang()))


@register.filter
def percent(value: Any, places: Any = 2) -> str:
    """91.2534 → '91,25%' / '91.25%' (``|percent:4`` for four decimals)."""
    if _empty(value):
        return ""
    return _formatted(value, lambda v: numbers.fmt_percent(v, lang(), int(places)))


@register.filter
def count(value: Any) -> str:
    """183500 → '183.500' / '183,500'."""
    return "" if _empty(value) else _formatted(value, lambda v: numbers.fmt_count(v, lang()))


@register.filter
def number(value: Any, places: Any = None) -> str:
    """A measured value as exact as it is, grouped: 5428326.5 → '5.428.326,5'."""
    if _empty(value):
        return ""
    digits = None if places is None else int(places)
    return _formatted(value, lambda v: numbers.fmt_number(v, lang(), digits))


@register.filter
def pp(value: Any) -> str:
    """A difference of two rates: 1.25 → '+1,25 điểm phần trăm' / '+1.25 percentage points'."""
    return "" if _empty(value) else _formatted(value, lambda v: numbers.fmt_pp(v, lang()))


@register.filter
def signed(value: Any) -> str:
    """A difference of points with its sign: '+0,0372', '-1'."""
    return (
        "" if _empty(value) else _formatted(value, lambda v: numbers.fmt_signed_points(v, lang()))
    )


def _local(value: Any) -> Any:
    if isinstance(value, str):  # an ISO date or moment kept as JSON text (provenance)
        try:
            parsed = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            return value
        is_day = len(value.strip()) == 10
        value = parsed.date() if is_day else parsed
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def day(value: Any) -> str:
    """A date (or a moment's local day) as dd/mm/yyyy in both languages."""
    if _empty(value):
        return ""
    value = _local(value)
    return numbers.fmt_date(value, lang()) if isinstance(value, datetime.date) else str(value)


@register.filter
def moment(value: Any) -> str:
    """A moment in local time as dd/mm/yyyy HH:MM in both languages (a date: its day)."""
    if _empty(value):
        return ""
    value = _local(value)
    if not isinstance(value, datetime.date):
        return str(value)
    if not isinstance(value, datetime.datetime):
        return numbers.fmt_date(value, lang())
    return numbers.fmt_datetime(value, lang())


@register.filter
def sign(op: Any) -> str:
    """'>=' → '≥', '<=' → '≤'."""
    return "" if _empty(op) else numbers.fmt_operator(str(op))


@register.filter
def target(value: Any, op: Any = None) -> str:
    """A target as every target reads: a plan measure (its op, value and unit) or a rate with
    ``op`` ('>=' by default): '≥ 99,00%'."""
    if _empty(value):
        return ""
    if hasattr(value, "op") and hasattr(value, "value"):
        unit = str(getattr(value, "unit", "") or "").strip()
        kind = "percent" if unit == "%" else "number"
        return numbers.fmt_target(value.op, _figure(value.value), kind, lang(), unit)
    figure = _figure(value)
    if figure is None:
        return str(value)
    return numbers.fmt_target(str(op or ">="), figure, "percent", lang())
