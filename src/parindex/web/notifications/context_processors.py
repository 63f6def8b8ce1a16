"""The unread count in the page header."""

from __future__ import annotations

from django.http import HttpRequest

from parindex.web.notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """``unread_notifications``: counted only if a template shows it (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable: the template calls it when it needs it, so JSON views and partials pay nothing.
    unread = Notification.objects.filter(user=user, read=False)
    return {"unread_notifications": unread.count}
