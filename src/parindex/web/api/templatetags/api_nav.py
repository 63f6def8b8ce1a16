"""The menu's API link: only for users the API is for (services.api_offered)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from parindex.web.api.services import api_offered

register = template.Library()


@register.simple_tag
def api_visible(user) -> bool:
    return api_offered(user)


@register.filter
def code_spans(text: str) -> SafeString:
    """A description's `code` spans shown as code, the rest escaped (Markdown's one rule)."""
    parts = re.split(r"`([^`]*)`", str(text))
    return mark_safe(
        "".join(f"<code>{escape(p)}</code>" if i % 2 else escape(p) for i, p in enumerate(parts))
    )
