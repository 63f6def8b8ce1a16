"""Pages for people under /api/: the API's documentation and the user's own tokens."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from parindex.web.api import openapi
from parindex.web.api.forms import TokenCreateForm
from parindex.web.api.models import ApiToken
from parindex.web.api.services import api_token_create, api_token_revoke
from parindex.web.site.http import AuthenticatedRequest


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
    """The user's tokens: create one (its secret is shown once) or revoke one."""
    created = None
    form = TokenCreateForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(
                ApiToken, pk=request.POST.get("revoke") or 0, user=request.user
            )
            api_token_revoke(token=token, actor=request.user)  # type: ignore[arg-type]
        else:
            form = TokenCreateForm(request.POST)
            if form.is_valid():
                days = form.cleaned_data["days"]
                expires = timezone.now() + datetime.timedelta(days=days) if days else None
                _token, created = api_token_create(
                    user=request.user,  # type: ignore[arg-type]
                    name=form.cleaned_data["name"],
                    expires_at=expires,
                )
                form = TokenCreateForm()
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.filter(user=request.user),
        "now": timezone.now(),
    }
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the page may hold a secret shown once
    return response
