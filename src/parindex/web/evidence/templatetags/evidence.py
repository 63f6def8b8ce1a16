"""``{% evidence_panel %}``: the self-contained panel other pages include."""

from __future__ import annotations

from django import template

from parindex.web.evidence import panels

register = template.Library()


@register.inclusion_tag("evidence/_panel.html", takes_context=True)
def evidence_panel(
    context: template.Context, assessment=None, code: str = "", lazy: bool = True
) -> dict:
    """The evidence panel of ``code`` in ``assessment`` (both default to the context's).

    ``lazy`` (the default, for pages with one panel per row): the library is loaded on demand.
    """
    request = context["request"]
    assessment = assessment or context["assessment"]
    code = code or context["code"]
    data = panels.cached(request, assessment)
    result = panels.panel_context(request, data, str(code), lazy=lazy)
    result["csrf_token"] = context.get("csrf_token")
    result["request"] = request
    return result


@register.filter
def evidence_id(code: str) -> str:
    """The DOM id of a sub-criterion's evidence panel."""
    return panels.dom_id(str(code))
