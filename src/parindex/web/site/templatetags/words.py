"""Framework texts in the reader's language: ``{% load words %}{{ node|label }}``.

A framework carries its English titles, guidance, input labels and units (``title_en``,
``guidance_en``…); these filters pick the active language's text, falling back to Vietnamese.
"""

from __future__ import annotations

from typing import Any

from django import template

from parindex.web.site.language import lang

register = template.Library()


@register.filter
def label(thing: Any) -> str:
    """A framework's, block's, node's or input's title in the active language."""
    if thing is None or isinstance(thing, str):
        return thing or ""
    return thing.label(lang())


@register.filter
def legal_basis(framework: Any) -> str:
    return framework.legal_basis_in(lang()) if framework is not None else ""


@register.filter
def unit_label(spec: Any) -> str:
    return spec.unit_label(lang()) if spec is not None else ""


@register.filter
def evidence_list(node: Any) -> tuple[str, ...]:
    """The evidence a node expects, in the active language."""
    return node.evidence_in(lang()) if node is not None else ()


@register.filter
def node_title(code: str, framework: Any) -> str:
    """The title of a framework's node, by code, in the active language ("" if unknown)."""
    node = framework.get(code) if framework is not None else None
    return node.label(lang()) if node is not None else ""


@register.filter
def answer(value: Any, spec: Any) -> str:
    """A stored answer of the input ``spec`` in words: "Có"/"Yes", a choice's label, 180.840."""
    from parindex.presentation.answers import answer_text

    return answer_text(spec, value, lang())


@register.filter
def input_of(row: Any) -> Any:
    """The framework's input a stored row names (``assessment``, ``node_code``, ``input_name``),
    for its label and its answer in words; None when the framework has no such input."""
    framework = row.assessment.campaign.framework_version.framework()
    node = framework.get(row.node_code)
    return node.input(row.input_name) if node is not None else None
