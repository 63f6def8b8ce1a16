"""The menu's API link: only for users the API is for (services.api_offered)."""

from __future__ import annotations

from django import template

from parindex.web.api.services import api_offered

register = template.Library()


@register.simple_tag
def api_visible(user) -> bool:
    return api_offered(user)
