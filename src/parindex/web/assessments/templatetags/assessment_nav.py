"""The header's link to the campaign pages, for the secretariat and administrators only."""

from __future__ import annotations

from django import template

from parindex.web.assessments import permissions

register = template.Library()


@register.simple_tag
def campaigns_visible(user) -> bool:
    """Whether the header links to the campaign pages (no query: memberships are cached)."""
    return permissions.can_create_campaign(user)
