"""The admin site: its login is the application's own (lockout, two-factor)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from parindex.web.accounts import twofactor


class AdminSite(admin.AdminSite):
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
