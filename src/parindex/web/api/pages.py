"""Pages for people under /api/: the API's documentation and the user's own tokens."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.api import openapi
from parindex.web.api.forms import TokenCreateForm, TokenRevokeForm
from parindex.web.api.models import ApiToken
from parindex.web.api.services import (
    TokenNotOfferedError,
    api_offered,
    api_token_create,
    api_token_revoke,
)
from parindex.web.site.text import TextError


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document rendered as a page (no JavaScript, no CDN)."""
    document = openapi.document(request.build_absolute_uri("/api/v1"))
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    ]
    return render(request, "api/docs.html", {"document": document, "operations": operations})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: AuthenticatedRequest) -> HttpResponse:
    """The user's tokens: create one (its secret is shown once) or revoke one.

    Only for users the API is for (``api_offered``: a role, an administrator, or a live
    token to revoke); anyone else gets 403, as the menu does not offer them the API.
    """
    if not api_offered(request.user):
        raise PermissionDenied
    form, created = TokenCreateForm(), None
    revoke = TokenRevokeForm.posted(request) if request.method == "POST" else None
    if revoke is not None and revoke.requested:
        token = get_object_or_404(ApiToken, pk=revoke.token_pk(), user=request.user)
        api_token_revoke(token=token, actor=request.user)  # type: ignore[arg-type]
    elif revoke is not None:
        form, created = _create(request, TokenCreateForm.posted(request))
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.filter(user=request.user),
        "now": timezone.now(),
    }
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the page may hold a secret shown once
    return response


def _create(request: HttpRequest, form: TokenCreateForm) -> tuple[TokenCreateForm, str | None]:
    """A new token's secret and a fresh form, or the invalid form and no secret."""
    if not form.is_valid():
        return form, None
    try:
        _token, secret = api_token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            expires_at=form.expires_at(),
        )
    except TextError as exc:
        form.add_error("name", form.refusal(exc))
        return form, None
    except TokenNotOfferedError:
        raise PermissionDenied from None
    return TokenCreateForm(), secret
