"""The API's answer to the accounts' signal (connected in ``ApiConfig``)."""

from __future__ import annotations

from typing import Any

from parindex.web.accounts.models import User
from parindex.web.api.services import api_tokens_revoke_all


def revoke_tokens(sender: object, user: User, **kwargs: Any) -> None:
    """A new password ends every API token: a stolen token must not outlive the old password."""
    api_tokens_revoke_all(user=user, reason="password_changed")
