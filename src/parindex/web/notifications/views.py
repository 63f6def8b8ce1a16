"""My notifications, and for the secretariat the log of reminders sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.web.accounts.http import AuthenticatedRequest
from parindex.web.accounts.models import Role
from parindex.web.accounts.permissions import has_role, is_administrator
from parindex.web.assessments.permissions import assessments_visible_to
from parindex.web.notifications.forms import MailChoiceForm
from parindex.web.notifications.handoffs import mail_choice, mail_choice_set
from parindex.web.notifications.models import Notification, Reminder
from parindex.web.notifications.services import notifications_mark_read

PAGE_SIZE = 50


@login_required
@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    mine = Notification.objects.filter(user=request.user).order_by("read", "-created", "-pk")
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    can_see_sent = is_administrator(request.user) or has_role(request.user, Role.SECRETARIAT)
    return render(request, "notifications/list.html", {"page": page, "can_see_sent": can_see_sent})


@login_required
def mail_settings(request: AuthenticatedRequest) -> HttpResponse:
    """How the user receives hand-offs by e-mail: at once, or in one daily digest."""
    form = MailChoiceForm(
        request.POST if request.method == "POST" else None,
        initial={"mail": mail_choice(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        mail_choice_set(user=request.user, mail=form.cleaned_data["mail"])
        messages.success(request, _("Đã lưu cách nhận thư thông báo."))
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)  # type: ignore[arg-type]
    return redirect("notifications:list")


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link (only ever to this site)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications_mark_read(user=request.user, pks=[notification.pk])  # type: ignore[arg-type]
    safe = url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notification.link if notification.link and safe else "notifications:list")


@login_required
@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    """What was sent, for the secretariat: reminders about the assessments it oversees."""
    user = request.user
    if not (is_administrator(user) or has_role(user, Role.SECRETARIAT)):
        raise PermissionDenied
    reminders = Reminder.objects.filter(
        assessment__in=assessments_visible_to(user).values("pk")
    ).select_related("campaign", "assessment__unit", "recipient")
    page = Paginator(reminders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/sent.html",
        {"page": page, "list_url": reverse("notifications:sent")},
    )
