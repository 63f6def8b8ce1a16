"""The header's link to the framework pages (secretariat, administrators) and their points."""

from __future__ import annotations

from django import template

from parindex.presentation.numbers import fmt_points
from parindex.web.frameworks.permissions import can_manage_frameworks
from parindex.web.site.language import lang

register = template.Library()


@register.simple_tag
def frameworks_visible(user) -> bool:
    return can_manage_frameworks(user)


@register.filter
def points(value) -> str:
    """Points as the Ministry writes them, in the interface language (66,5; 7)."""
    return fmt_points(value, lang())
