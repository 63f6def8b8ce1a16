"""Create and revoke API tokens; find the token a request presents."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from parindex.web.accounts.models import User
from parindex.web.accounts.permissions import is_administrator, memberships
from parindex.web.api.models import ApiToken
from parindex.web.audit.services import audit_record
from parindex.web.site.text import clean_text

TOKEN_PREFIX = "pix_"
NAME_MAX = 100  # ApiToken.name's max_length
# last_used_at is written at most this often per token, so reads do not each cost a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def token_digest(plain: str) -> str:
    """The stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


class TokenNotOfferedError(Exception):
    """The user has no role and is no administrator: a token would show nothing."""


def token_allowed(user: User | AnonymousUser) -> bool:
    """Who may hold a new token: an administrator, or anyone with a role (one rule for the
    token page, the menu's API link and ``manage.py api_token_create``)."""
    return user.is_authenticated and (is_administrator(user) or bool(memberships(user)))


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    expires_at: datetime.datetime | None = None,
    actor: User | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it with the plain secret, which is never stored.

    A name longer than ``NAME_MAX`` is refused (``TextError`` ``name_too_long``), never cut;
    a user without a role who is no administrator is refused (``TokenNotOfferedError``).
    """
    if not token_allowed(user):
        raise TokenNotOfferedError(user.get_username())
    name = clean_text(name, field="name", max_length=NAME_MAX)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=token_digest(plain),
        prefix=plain[: len(TOKEN_PREFIX) + 6],
        expires_at=expires_at,
    )
    audit_record(
        actor=actor or user,
        action="api_token.create",
        obj=token,
        object_type="api_token",
        after=f"{user.get_username()}: {token.name}",
    )
    return token, plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None, reason: str = "") -> None:
    """Revoke a token at once (kept for the record, never deleted)."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at)
    audit_record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        object_type="api_token",
        field="revoked_at",
        after=token.revoked_at.isoformat() + (f" ({reason})" if reason else ""),
    )


@transaction.atomic
def api_tokens_revoke_all(*, user: User, actor: User | None = None, reason: str = "") -> int:
    """Revoke every usable token of ``user`` (after a password change or reset)."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        api_token_revoke(token=token, actor=actor, reason=reason)
    return len(tokens)


def api_token_find(plain: str) -> ApiToken | None:
    """The usable token with this secret (its user active), noting when it was last used."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(plain), user__is_active=True)
        .first()
    )
    if token is None or not token.is_usable:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_offered(user: User | AnonymousUser) -> bool:
    """Whether the API is for this user: one who holds a token, or may make one to use
    (an administrator, or anyone with a role: the API shows what the roles show). A user
    with no role would see nothing through it, so the menu does not offer it."""
    if not user.is_authenticated:
        return False
    if token_allowed(user):
        return True
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
