"""The header's link to the framework pages, for the secretariat and administrators only."""

from __future__ import annotations

from django import template

from parindex.web.frameworks.permissions import can_manage_frameworks

register = template.Library()


@register.simple_tag
def frameworks_visible(user) -> bool:
    return can_manage_frameworks(user)
