"""Login (password, then the two-factor code when the user has a device), passwords, 2FA."""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from parindex.web.accounts import twofactor
from parindex.web.accounts.forms import NextForm, TokenForm
from parindex.web.accounts.models import User
from parindex.web.accounts.services import user_password_change_record
from parindex.web.site.network import client_address
from parindex.web.site.ratelimit import rate_hit


def _next(request: HttpRequest) -> str:
    """The validated ``next`` of the request (GET or POST), or ''."""
    target = NextForm.posted(request).value() or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if ok else ""


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        user = form.get_user()
        if not twofactor.has_device(user):
            return super().form_valid(form)
        twofactor.pending_set(self.request, user)
        query = urlencode({"next": self.get_redirect_url() or self.get_default_redirect_url()})
        return redirect(f"{reverse('accounts:otp_verify')}?{query}")


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the user's device logs in (or verifies this session)."""
    pending = twofactor.pending_get(request)
    user = User.objects.filter(pk=pending["user"], is_active=True).first() if pending else None
    if user is None and request.user.is_authenticated:
        user = request.user  # type: ignore[assignment]
    if user is None or not twofactor.has_device(user):
        return redirect("accounts:login")
    form = TokenForm.posted(request) if request.method == "POST" else TokenForm()
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            request.session.pop(twofactor.PENDING, None)
            if pending:
                user.otp_device = device  # type: ignore[attr-defined]  # django-otp keeps it
                auth_login(request, user, backend=pending["backend"])
            else:
                otp_login(request, device)
            return redirect(_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL))
        form.reject()
    status = 400 if form.errors else 200
    context = {"form": form, "next": _next(request)}
    return render(request, "registration/otp_verify.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, type a code to confirm."""
    user: User = request.user  # type: ignore[assignment]
    if not twofactor.may_enrol(user):
        raise PermissionDenied
    if twofactor.has_device(user) and not user.is_verified():  # type: ignore[attr-defined]
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.path})}")
    device = twofactor.enrolment_device(user)
    form = TokenForm.posted(request) if request.method == "POST" else TokenForm()
    if request.method == "POST" and form.confirms(user=user, device=device):
        otp_login(request, device)
        messages.success(request, _("Đã bật xác thực hai lớp cho tài khoản."))
        return redirect(_next(request) or "accounts:otp_setup")
    context = {
        "form": form,
        "qr": mark_safe(twofactor.qr_svg(device)),  # drawn by qrcode from our own data
        "secret": b32encode(device.bin_key).decode("ascii"),
        "enrolled": twofactor.has_device(user),
        "next": _next(request),
    }
    status = 400 if form.errors else 200
    response = render(request, "registration/otp_setup.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the page shows the secret
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        user_password_change_record(user=form.user, actor=self.request.user, how="change")
        return response


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, its field named in plain Vietnamese ("Thư điện tử", not "Email")."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Thư điện tử")


class PasswordResetView(auth_views.PasswordResetView):
    """Reset mails are limited per client address (429) and per e-mail address (silently)."""

    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        address = client_address(self.request) or ""
        per_address = settings.PARINDEX_PASSWORD_RESET_PER_ADDRESS
        if not rate_hit(scope="reset-addr", key=address, limit=per_address, window=3600).allowed:
            form.add_error(None, _("Quá nhiều yêu cầu đặt lại mật khẩu; vui lòng thử lại sau."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        email = form.cleaned_data["email"].strip().casefold()
        per_account = settings.PARINDEX_PASSWORD_RESET_PER_ACCOUNT
        if not rate_hit(scope="reset-mail", key=email, limit=per_account, window=3600).allowed:
            # the same answer as a sent mail: nobody learns whether the address has an account
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        user_password_change_record(user=form.user, actor=form.user, how="reset")
        return response
