"""What the assessment pages share: finding a visible assessment, running a service."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from parindex.web.assessments.models import Assessment
from parindex.web.assessments.permissions import assessments_visible_to
from parindex.web.assessments.refusals import describe
from parindex.web.assessments.services.errors import NotAllowedError, ServiceError

EVIDENCE_TEMPLATE = "evidence/_node_evidence.html"


@cache
def evidence_panel_available() -> bool:
    """Whether the evidence app provides its per-item panel (it is optional here)."""
    try:
        get_template(EVIDENCE_TEMPLATE)
    except TemplateDoesNotExist:
        return False
    return True


def visible(request: HttpRequest, pk: int) -> Assessment:
    """The assessment if the user sees it; another unit's is not found (its existence is
    private) rather than forbidden."""
    return get_object_or_404(
        assessments_visible_to(request.user).select_related(
            "campaign__framework_version", "campaign__organiser", "unit"
        ),
        pk=pk,
    )


def act(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Run a service: 403 if the role may not, a message either way. True if it worked."""
    try:
        action()
    except NotAllowedError:
        raise PermissionDenied from None
    except ServiceError as exc:
        messages.error(request, describe(exc))
        return False
    messages.success(request, done)
    return True
