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


@register.inclusion_tag("evidence/_panel_summary.html", takes_context=True)
def evidence_summary(context: template.Context, assessment=None, code: str = "") -> dict:
    """The panel of ``code`` folded to its title and status; opening it loads the panel.

    For pages with one panel per row (the self-assessment page): the whole panel of every row
    is most of such a page's size and time, and most of it sits in closed forms.
    """
    request = context["request"]
    assessment = assessment or context["assessment"]
    code = str(code or context["code"])
    result = panels.summary_context(request, assessment, code)
    if result["unfolded"]:  # what the unfolded panel's tag reads
        result.update(request=request, assessment=assessment, csrf_token=context.get("csrf_token"))
    return result


@register.filter
def evidence_id(code: str) -> str:
    """The DOM id of a sub-criterion's evidence panel."""
    return panels.dom_id(str(code))
