from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from parindex.web.notifications.models import Notification, Reminder


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "message", "created", "read", "mailed_at"]
    list_filter = ["read"]
    raw_id_fields = ["user", "actor"]

    @admin.display(description=_("nội dung"))
    def message(self, obj: Notification) -> str:
        return obj.message


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "sent_at",
        "campaign",
        "assessment",
        "deadline_kind",
        "days_before",
        "channel",
        "recipient",
        "status",
    ]
    list_filter = ["deadline_kind", "channel", "status"]
    raw_id_fields = ["campaign", "assessment", "recipient"]

    def has_add_permission(self, request) -> bool:
        return False  # the log is written by send_reminders only

    def has_change_permission(self, request, obj=None) -> bool:
        return False
