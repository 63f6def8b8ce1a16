"""The request a logged-in view sees, as a type for the views' annotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.web.site.http import HtmxRequest

if TYPE_CHECKING:
    from parindex.web.accounts.models import User


class AuthenticatedRequest(HtmxRequest):
    """A request that ``login_required`` (or the API's token check) let through: a real User."""

    user: User
