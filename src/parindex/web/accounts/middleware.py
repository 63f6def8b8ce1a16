"""Sessions end after ``PARINDEX_SESSION_IDLE_SECONDS`` without a request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "parindex_last_seen"
# The session is written at most this often, so reading pages does not each cost a write.
RESOLUTION = 60


def session_started(*, request: HttpRequest) -> None:
    """A login starts the idle clock (so the first page does not write the session again)."""
    if hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        idle = int(getattr(settings, "PARINDEX_SESSION_IDLE_SECONDS", 0))
        if idle > 0 and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if isinstance(last, int) and now - last > idle:
                request.parindex_logout_reason = "idle"  # type: ignore[attr-defined]
                logout(request)
            elif not isinstance(last, int) or now - last >= RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
