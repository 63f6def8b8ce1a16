"""In-application notifications and the log of every reminder sent before a deadline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message shown to one user in the application, with a link to what it is about."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.TextField(_("nội dung"), max_length=2000)
    link = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read = models.BooleanField(_("đã đọc"), default=False)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "read"], name="notification_user_read")]

    def __str__(self) -> str:
        return f"{self.user}: {self.text[:40]}"


class DeadlineKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Hạn tự đánh giá")
    APPRAISAL = "appraisal", _("Hạn thẩm định")
    EXPLANATION = "explanation", _("Hạn giải trình")
    APPEAL = "appeal", _("Hạn kiến nghị")


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    APP = "app", _("Trong ứng dụng")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class Reminder(models.Model):
    """One reminder to one person on one channel; the unique key makes sending idempotent."""

    campaign = models.ForeignKey(
        "assessments.Campaign",
        verbose_name=_("đợt đánh giá"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    deadline_kind = models.CharField(_("loại hạn"), max_length=32, choices=DeadlineKind.choices)
    deadline = models.DateTimeField(_("hạn"))
    days_before = models.PositiveSmallIntegerField(_("số ngày trước hạn"))
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    address = models.CharField(_("địa chỉ"), max_length=254, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    error = models.CharField(_("lỗi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhắc hạn đã gửi")
        verbose_name_plural = _("nhắc hạn đã gửi")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "assessment",
                    "deadline_kind",
                    "deadline",
                    "days_before",
                    "channel",
                    "recipient",
                ],
                name="reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.deadline_kind} −{self.days_before}d · {self.channel}"
