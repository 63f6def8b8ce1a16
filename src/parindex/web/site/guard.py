"""Requests that no view should see: refused in one place, before any view runs.

- A NUL character in the path or the query string is answered 400. No address or parameter
  of the application contains one, and PostgreSQL refuses it in every text value, so a view
  would otherwise fail with a server error when it looks the value up.
- A whole number captured by a URL pattern beyond a 64-bit column's range is answered 404:
  no row has such an id, and SQLite cannot even compare it (``OverflowError``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_resolver

from parindex.web.site.params import MAX_ID


def has_nul(request: HttpRequest) -> bool:
    """Whether the path, or any name or value of the query string, holds a NUL character."""
    if "\x00" in request.path_info:
        return True
    return any("\x00" in key or "\x00" in "".join(vals) for key, vals in request.GET.lists())


class RequestGuardMiddleware:
    """Refuse NUL characters in the address (400) and out-of-range captured ids (404)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            # the site's 400 page, without the traceback a raised BadRequest would log
            return get_resolver().resolve_error_handler(400)(request, BadRequest("NUL"))  # type: ignore[call-arg]  # Django's error handlers take the exception; the stubs type the resolver's view as one argument
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not 0 <= value <= MAX_ID:
                raise Http404("id out of range")
