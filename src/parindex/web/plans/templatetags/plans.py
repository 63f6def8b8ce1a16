"""Template helpers of the plan pages: text lines, ids and the header link."""

from __future__ import annotations

from typing import Any

from django import template

from parindex.presentation.text import measure_title
from parindex.web.plans.permissions import sees_plans
from parindex.web.site.language import lang
from parindex.web.site.templatetags import figures

register = template.Library()


# The one formatter's filters (builtins of every template), kept under this library's name
# for templates that load it before using them.
register.filter("points", figures.points)
register.filter("percent", figures.percent)


@register.filter
def measure(value: Any, inputs: Any = None) -> str:
    """A plan measure in words ('Tỷ lệ', or its title or its input's), never its key."""
    return measure_title(value.name, value.title, tuple(inputs or ()), lang())


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
