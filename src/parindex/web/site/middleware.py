"""The Content-Security-Policy header of HTML pages.

Pages load scripts and styles only from this server (``PARINDEX_CSP``). A page that must be
a single file (the public survey form, for slow lines) writes
``<style nonce="{{ request.csp_nonce }}">``: the nonce is drawn when a template uses it, and
only then named in ``style-src``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class Nonce:
    """A per-response random value, drawn the first time a template prints it."""

    def __init__(self) -> None:
        self.value = ""

    def __str__(self) -> str:
        if not self.value:
            self.value = secrets.token_urlsafe(18)
        return self.value


def _policy(nonce: Nonce) -> str:
    policy: str = settings.PARINDEX_CSP
    if not nonce.value:
        return policy
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    if not any(d.split()[0] == "style-src" for d in directives):
        directives.append("style-src 'self'")
    return "; ".join(
        f"{d} 'nonce-{nonce.value}'" if d.split()[0] == "style-src" else d for d in directives
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = Nonce()
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        html = response.get("Content-Type", "").startswith("text/html")
        if html and settings.PARINDEX_CSP and HEADER not in response:
            response[HEADER] = _policy(nonce)
        return response
