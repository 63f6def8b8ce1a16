"""What the middleware adds to every request, as types for the views' annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from parindex.web.accounts.models import User


class HtmxRequest(HttpRequest):
    """A request seen by django-htmx's middleware (every request here): ``request.htmx``."""

    htmx: HtmxDetails


class AuthenticatedRequest(HtmxRequest):
    """A request that ``login_required`` (or the API's token check) let through: a real User."""

    user: User
