"""What the assessment pages share: finding a visible assessment, running a service, and
keeping what a refused form held so the page it redirects to shows it again."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django import forms
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
TYPED = "parindex_typed"  # session key: what refused forms held, by form key
TYPED_MAX = 20_000  # characters kept per field (a refused text may be longer than allowed)
TYPED_FORMS = 20  # forms kept at most (the oldest are dropped)


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


def act(
    request: HttpRequest,
    action: Callable[[], object],
    done: str,
    keep: tuple[str, forms.Form] | None = None,
) -> bool:
    """Run a service: 403 if the role may not, a message either way. True if it worked.

    ``keep`` (a key and the posted form): if refused, what the form held is kept for the
    page the view redirects to (``typed_pop``), so nothing typed is lost.
    """
    try:
        action()
    except NotAllowedError:
        raise PermissionDenied from None
    except ServiceError as exc:
        messages.error(request, describe(exc))
        if keep is not None:
            keep_typed(request, *keep)
        return False
    messages.success(request, done)
    return True


def keep_typed(request: HttpRequest, key: str, form: forms.Form) -> None:
    """Keep the posted values of ``form``'s fields under ``key`` until the next page reads
    them."""
    held = {name: str(form.data.get(name, ""))[:TYPED_MAX] for name in form.fields}
    store = dict(request.session.get(TYPED, {}))
    store.pop(key, None)
    store[key] = held
    request.session[TYPED] = dict(list(store.items())[-TYPED_FORMS:])


def typed_pop(request: HttpRequest, prefix: str) -> dict[str, dict[str, str]]:
    """What refused forms held under keys starting with ``prefix`` (the prefix removed), read
    once: the next page starts from what is stored."""
    store = dict(request.session.get(TYPED, {}))
    found = {k[len(prefix) :]: v for k, v in store.items() if k.startswith(prefix)}
    if found:
        request.session[TYPED] = {k: v for k, v in store.items() if not k.startswith(prefix)}
    return found
