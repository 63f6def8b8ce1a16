"""The lockout check in front of every password check (django-axes)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out username and client address pair before any password is checked.

    Without a request (a script, ``manage.py``, the test client's ``login``) there is no
    client to count, so nothing is checked here; every HTTP door passes its request.
    """

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, username: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, **kwargs)
