"""What the middleware adds to every request, as types for the views' annotations.

The logged-in request (``request.user`` a User) is ``parindex.web.accounts.http``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request seen by django-htmx's middleware (every request here): ``request.htmx``."""

    htmx: HtmxDetails
