"""The admin site: its login is the application's own (lockout, two-factor).

It also adds one refusal Django's admin lacks: the admin reads ``_to_field`` to look an object
up by another field; an empty value passes its ``to_field_allowed`` check and then fails in
``get_object`` (``FieldDoesNotExist``: a server error). It is refused as Django refuses any
other field it may not reference: ``DisallowedModelAdminToField``, a 400.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from parindex.web.accounts import twofactor


def _refuse_empty_to_field(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        posted = request.POST.get(TO_FIELD_VAR) if request.method == "POST" else None
        if "" in (request.GET.get(TO_FIELD_VAR), posted):
            raise DisallowedModelAdminToField("The field '' cannot be referenced.")
        return view(request, *args, **kwargs)

    return guarded


class AdminSite(admin.AdminSite):
    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        return super().admin_view(_refuse_empty_to_field(view), cacheable)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and twofactor.admin_allowed(request)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        from parindex.web.accounts.views import LoginView

        user = request.user
        index = reverse("admin:index", current_app=self.name)
        if user.is_active and user.is_staff and not twofactor.admin_allowed(request):
            step = "accounts:otp_verify" if twofactor.has_device(user) else "accounts:otp_setup"
            query = urlencode({"next": request.GET.get("next") or index})
            return redirect(f"{reverse(step)}?{query}")
        view = LoginView.as_view(redirect_authenticated_user=False, next_page=index)
        return view(request)  # type: ignore[return-value]  # LoginView renders an HttpResponse
