"""The header's link to the survey pages."""

from __future__ import annotations

from typing import Any

from django import template

from parindex.web.surveys.permissions import sees_surveys

register = template.Library()


@register.simple_tag
def surveys_visible(user: Any) -> bool:
    """Whether the user has survey pages to see (secretariat, readers, administrators)."""
    return sees_surveys(user)


@register.filter
def num(value: Any) -> str:
    """A whole number with the interface language's thousands separator (12.000 / 12,000)."""
    from parindex.web.surveys.pages import num as fmt

    return "—" if value is None else fmt(value)


@register.simple_tag
def choice(survey: Any, question: str, code: str) -> str:
    """The label of a form code (a unit or service of the survey's questionnaire)."""
    from parindex.web.surveys.pages import choice_label
    from parindex.web.surveys.services.questionnaire import form_of

    if not code:
        return "—"
    form = form_of(survey)
    name = form.unit_question if question == "unit" else form.service_question
    return choice_label(form, name, code)
