"""Template helpers of the plan pages: Vietnamese points and the header link."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

from parindex.presentation.numbers import fmt_points
from parindex.web.plans.permissions import sees_plans
from parindex.web.site.language import lang

register = template.Library()


@register.filter
def points(value: Any) -> str:
    """61.4203 → '61,4203' (Vietnamese) or '61.4203' (English); empty stays empty."""
    if value is None or value == "":
        return ""
    return fmt_points(value, lang())


@register.filter
def percent(value: Any) -> str:
    """91.2534 → '91,25 %' (two decimals at most); empty stays empty."""
    if value is None or value == "":
        return ""
    return f"{points(Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP))} %"


@register.filter
def lines(texts: Any) -> str:
    """Paragraphs one a line, for a textarea (each escaped by the template)."""
    return "\n".join(str(t) for t in texts or ())


@register.filter
def dom(key: str) -> str:
    """An item key usable in an id: '3/task-1' → '3-task-1'."""
    return str(key).replace("/", "-").replace(".", "-")


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag
def plans_visible(user: Any) -> bool:
    return sees_plans(user)
