"""The confirmation page of an irreversible step: what will happen, then confirm or cancel.

Works without JavaScript: the step's page (a GET) shows it; its form posts to the step's own
address, and "cancel" is a plain link back. Apps describe the step; this renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@dataclass(frozen=True)
class Line:
    """An item the step concerns (or that blocks it): its code, title, what, and a link."""

    code: str
    title: str
    what: str = ""
    url: str = ""


@dataclass(frozen=True)
class Step:
    title: str  # the page's heading: the step's name
    subject: str  # what it applies to (the unit and year, the plan)
    action: str  # where the confirmation posts
    button: str  # the confirming button's words
    cancel: str  # where "cancel" leads back
    happens: list[str] = field(default_factory=list)  # what will happen, sentence by sentence
    items: list[Line] = field(default_factory=list)  # the items it concerns, if any
    items_title: str = ""
    missing: list[Line] = field(default_factory=list)  # what blocks it: no confirm button then
    missing_title: str = ""
    hidden: list[tuple[str, str]] = field(default_factory=list)  # values posted on confirming


def confirm_page(request: HttpRequest, step: Step) -> HttpResponse:
    return render(request, "confirm.html", {"step": step})
