"""The header's link to the dashboards, for those who may open one."""

from __future__ import annotations

from django import template

from parindex.web.dashboards.access import dashboard_access, user_province

register = template.Library()


@register.simple_tag
def dashboards_visible(user) -> bool:
    province = user_province(user)
    return province is not None and dashboard_access(user, province) is not None
